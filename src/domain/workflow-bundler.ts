/**
 * What webpack does to workflow code while `bundleWorkflowCode` / `Worker.create` build the bundle,
 * before the sandbox runs it. Source: sdk-typescript packages/worker/src/workflow/bundler.ts
 * (`WorkflowCodeBundler.bundle`), which sets no webpack `target` and no `node` option, so webpack
 * applies its defaults for a web target. Checked with bundleWorkflowCode of @temporalio/worker 1.24
 * (webpack 5.112).
 */

/**
 * Node's module-scope names that webpack replaces with constants (`node.__filename` and
 * `node.__dirname` default to 'mock'): every bundled module starts with
 * `var __webpack_filename__ = "/index.js"; var __webpack_dirname__ = "/";`. They are deterministic
 * in the sandbox, and never a ReferenceError.
 */
export const BUNDLER_SUBSTITUTED_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['__filename', '/index.js'],
  ['__dirname', '/'],
]);

/**
 * `require.resolve(…)` is resolved by webpack: an argument it can evaluate to a string at bundle
 * time (a literal, a template without substitutions, a `+` of those, a `cond ? 'a' : 'b'` of those)
 * becomes the module's id in the bundle. Anything else becomes a lookup in a webpack context module
 * at run time: for `require.resolve(name)` an empty one (`webpackEmptyContext`, which throws
 * "Cannot find module"), for `require.resolve('./dir/' + name)` the files under ./dir, by their
 * bundle ids, never a path on disk.
 */
export const BUNDLE_TIME_REQUIRE_MEMBERS: ReadonlySet<string> = new Set(['resolve']);

/**
 * Build tools that rewrite tsconfig `paths` aliases into relative paths in the JavaScript they
 * emit, which is what the bundler reads when `workflowsPath` names the build output: in a project
 * that uses one, an alias may never reach webpack. The Nest CLI does it in its tsc builder (its
 * tsconfig-paths hook; a `nest-cli.json` marks such a project), and so do tsc-alias,
 * tsconfig-replace-paths, resolve-tspaths, typescript-transform-paths and babel's module-resolver.
 * Found in a package.json at or above the tsconfig, as a dependency or in a script.
 */
export const PATH_REWRITING_TOOLS: readonly string[] = [
  '@nestjs/cli',
  'tsc-alias',
  'tsconfig-replace-paths',
  'resolve-tspaths',
  'typescript-transform-paths',
  '@zerollup/ts-transform-paths',
  'babel-plugin-module-resolver',
];
export const PATH_REWRITING_CONFIG_FILES: readonly string[] = ['nest-cli.json'];
