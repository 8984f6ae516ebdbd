import rule from '../../rules/no-tsconfig-paths.js';
import { testRule } from '../support/rule-tester.js';

const PATHS = JSON.stringify({ compilerOptions: { strict: true, rootDir: 'src', outDir: 'lib', baseUrl: '.', paths: { '@lib/*': ['src/lib/*'], '@acme/shared': ['packages/shared/src/index.ts'] } } });
const CLOCK = 'export const elapsed = (): number => Date.now();\n';
const files = { 'tsconfig.json': PATHS, 'src/lib/clock.ts': CLOCK };

const HOOK_WORKER = `import { Worker } from '@temporalio/worker';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';
export async function run(): Promise<void> {
  const worker = await Worker.create({
    taskQueue: 'test',
    workflowsPath: require.resolve('./workflows'),
    bundlerOptions: {
      webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, plugins: [new TsconfigPathsPlugin()] } }),
    },
  });
  await worker.run();
}
`;

testRule(rule, {
  valid: [
    { name: 'a relative import of the same module', code: `import { elapsed } from './lib/clock';\nexport async function wf(): Promise<number> { return elapsed(); }\n`, files },
    { name: 'a project that sets a webpackConfigHook (which can add a paths plugin)', code: `import { elapsed } from '@lib/clock';\nexport async function wf(): Promise<number> { return elapsed(); }\n`, files: { ...files, 'src/worker.ts': HOOK_WORKER } },
    {
      name: 'an alias of a workspace package, which webpack finds in node_modules',
      code: `import { shared } from '@acme/shared';\nexport async function wf(): Promise<number> { return shared; }\n`,
      files: { ...files, 'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'src/index.ts' }), 'packages/shared/src/index.ts': 'export const shared = 1;\n' },
    },
    { name: 'import type through an alias, and a type-only use', code: `import type { Clock } from '@lib/types';\nimport { elapsed } from '@lib/clock';\nexport type T = typeof elapsed;\nexport async function wf(c: Clock): Promise<Clock> { return c; }\n`, files: { ...files, 'src/lib/types.ts': 'export type Clock = number;\n' } },
    {
      name: 'an alias the bundler is told to ignore',
      code: `import { elapsed } from '@lib/clock';\nexport async function wf(): Promise<number> { return elapsed(); }\n`,
      files: { ...files, 'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), bundlerOptions: { ignoreModules: ['@lib/clock'] } });\n` },
    },
    { name: 'a Nest CLI project (its tsc builder rewrites aliases in the JavaScript it emits)', code: `import { elapsed } from '@lib/clock';\nexport async function wf(): Promise<number> { return elapsed(); }\n`, files: { ...files, 'nest-cli.json': '{}' } },
    {
      name: 'a build that runs tsc-alias',
      code: `import { elapsed } from '@lib/clock';\nexport async function wf(): Promise<number> { return elapsed(); }\n`,
      files: { ...files, 'package.json': JSON.stringify({ name: 'rule-case', private: true, scripts: { build: 'tsc -p . && tsc-alias -p tsconfig.json' } }) },
    },
    { name: 'aliases in activity code, which is not bundled', filename: 'src/activities.ts', code: `import { elapsed } from '@lib/clock';\nexport async function greet(): Promise<number> { return elapsed(); }\n`, files },
  ],
  invalid: [
    {
      name: 'a paths alias in a workflow module',
      code: `import { sleep } from '@temporalio/workflow';\nimport { elapsed } from '@lib/clock';\nexport async function wf(): Promise<number> {\n  await sleep(1);\n  return elapsed();\n}\n`,
      files,
      errors: [{ messageId: 'unbundled', line: 2, column: 25, message: "Import it by a relative path ('./lib/clock')" }],
    },
    {
      name: 'baseUrl, a re-export, and a require in a function no workflow calls (the bundle fails all the same)',
      code: `export { elapsed } from 'src/lib/clock';\nexport async function wf(): Promise<void> {}\nfunction unused(): unknown {\n  return require('@lib/clock');\n}\n`,
      files,
      errors: [
        { messageId: 'unbundled', line: 1, column: 25, message: 'tsconfig "baseUrl"' },
        { messageId: 'unbundled', line: 4, column: 18, message: 'tsconfig "paths"' },
      ],
    },
  ],
});
