/**
 * A Worker Versioning build id for the project's workflow bundle: the same id for the same bundled
 * code, a new one when it changes, and the same one when only code outside the bundle does.
 *
 * Source of the bundle's shape: sdk-typescript packages/worker/src/workflow/bundler.ts
 * (`WorkflowCodeBundler`). Its webpack entry point requires `@temporalio/workflow` and the
 * `workflowsPath` (and the interceptor modules); webpack follows imports from there, except into
 * modules `resolve.alias` maps to `false` (`ignoreModules` and the disallowed modules); `.ts` is
 * compiled by swc-loader (types stripped, no decorator metadata); `assert`, `url` and `util` come
 * from the worker package's own `module-overrides`. The project model follows the same graph
 * (`model.workflow`); this module only hashes what it found. What goes in, as one JSON document
 * hashed with SHA-256:
 *
 * - `format`: this algorithm's version, so a change to it is a deliberate new id.
 * - Each bundled project file, sorted by its path relative to the project root (`/`-separated;
 *   webpack names modules by path), with a digest of its syntax: the parse tree's shape and its
 *   tokens, never trivia. Whitespace, line breaks, comments (JSDoc too) and formatting (string
 *   quotes, statement semicolons, trailing commas) change no token; neither does syntax swc erases
 *   (type annotations and arguments, interfaces, type aliases, `import type`, `declare`, overload
 *   signatures, `implements`, `as`/`satisfies`/`!`). The tokens come from TypeScript's scanner as
 *   the parser drives it (`getChildren`), so a regular expression or a template's text is one
 *   token whose spaces count. A file TypeScript cannot parse counts by its exact text, and a JSON
 *   file the bundle imports by its parsed value.
 * - `packages`: the installed version (its package.json, found through node_modules from the
 *   importing file, as webpack resolves) of every package whose code is in the bundle: the ones the
 *   workflow code imports, `@temporalio/workflow` (the entry point imports it), and what those
 *   depend on (their dependencies as installed, from each package's real folder: that is how
 *   `@temporalio/common`, `@temporalio/proto`, `long` and `nexus-rpc` come in). Also
 *   `@temporalio/worker`'s own version, found from the modules that bundle the workflows, since its
 *   bundler decides the entry point, the overrides and the compilation; not its dependencies
 *   (webpack, swc), whose updates rebuild the same code. A package a bundled file imports, or a
 *   Temporal package the bundle needs, that is not installed is an error, not a guess: an id that
 *   cannot see a version would stay the same when it changes. Install the dependencies first.
 * - `ignoreModules`: what the bundler settings keep out of the bundle, as the model collected them.
 *
 * Where wfo cannot see, the id errs towards changing: a bundled module's dependency that webpack
 * never reaches still counts, and a project with several bundles (workers, test bundles) gets one
 * id for all of them. The modules a `payloadConverterPath` or `failureConverterPath` names are
 * bundled too (bundler.ts aliases them in), with what they import: they count as bundled files.
 * What it cannot see at all is said in `notes`: a `webpackConfigHook`, a converter path it cannot
 * evaluate, a package linked from a folder rather than installed.
 *
 * The id is `wfo-` and the first 16 hex digits of the digest: 20 ASCII characters, well within
 * the 255 a build id may have (temporalio/documentation, docs-src/concepts/what-is-a-build-id.md),
 * and without the `.` that joins a deployment name to a build id in a version's canonical string
 * (`toCanonicalString` in sdk-typescript packages/common/src/worker-deployments.ts). 64 bits make a
 * collision between two builds of one deployment vanishingly unlikely.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { loadConfig } from '../config/config.js';
import { ExitCode, WfoError } from '../errors.js';
import { analysisRoot, isSourceFile, SOURCE_EXTENSIONS } from '../project/file-discovery.js';
import type { Resolution } from '../project/module-resolver.js';
import { evaluatePath } from '../project/path-expression.js';
import { buildProjectModel, isStubbedByBundler, type ProjectModel, type SourceModule, toPosix } from '../project/project-model.js';
import { loadTypeScript, ts } from '../ts.js';

export interface BuildIdOptions {
  readonly paths: string[];
  readonly cwd: string;
  /** `--config`: this file instead of the one found from the project root. */
  readonly configFile?: string;
  /**
   * `--workflows-path`: the module (relative to `cwd`) a worker passes as `workflowsPath`; the id is
   * then that bundle's alone. Without it, the id covers every bundle of the project.
   */
  readonly workflowsPath?: string;
}

export interface BuildId {
  readonly buildId: string;
  /** The bundled project files, relative to the project root, sorted. */
  readonly files: string[];
  /** Installed versions of the packages in the bundle (several, comma-separated, when copies differ). */
  readonly packages: Record<string, string>;
  readonly ignoreModules: string[];
  /** What the id cannot see, for the user. */
  readonly notes: string[];
}

const FORMAT = 'wfo-build-id/1';
const WORKFLOW_PACKAGE = '@temporalio/workflow';
const WORKER_PACKAGE = '@temporalio/worker';

export function computeBuildId(options: BuildIdOptions): BuildId {
  const root = analysisRoot(options.paths, options.cwd);
  const config = loadConfig(root, options.configFile && path.resolve(options.cwd, options.configFile));
  const model = buildProjectModel({ paths: [root], cwd: options.cwd, isConfiguredWorkflow: config.isWorkflow, isConfiguredActivity: config.isActivity });
  if (!model.workflow.size) {
    throw new WfoError(
      `no workflow code in ${path.relative(options.cwd, root) || '.'}: no Worker.create or bundleWorkflowCode names a workflowsPath, no module exports a function that calls workflow APIs, and no workflow globs are configured`,
      ExitCode.Usage,
    );
  }
  loadTypeScript();
  const relative = (file: string): string => toPosix(path.relative(model.root, file));
  const notes: string[] = [];
  const bundle = options.workflowsPath === undefined ? undefined : oneBundle(model, options.workflowsPath, path.resolve(options.cwd, options.workflowsPath), relative);
  const ignoreModules = [...((bundle ? model.workflow.get(bundle.root) : model.workflow.values().next().value)?.ignoredModules ?? [])].sort();
  if (!bundle) {
    const named = model.workflowsPathModules;
    if (named.size > 1) notes.push(`the project has ${named.size} workflowsPaths (${[...named].map(relative).sort(byCodeUnit).join(', ')}): this id covers every bundle, so a change to any one changes it; --workflows-path <module> gives one bundle's id`);
  }
  const bundled = new Set([...(bundle?.files ?? model.workflow.keys()), ...converterModules(model, ignoreModules, relative, notes)]);
  const digests = new Map<string, string>();
  for (const file of bundled) {
    const module = model.modules.get(file)!;
    digests.set(relative(file), moduleDigest(module));
    if (!model.treesRetained) module.release();
  }
  for (const file of importedDataFiles(model, bundled, ignoreModules)) digests.set(relative(file), dataDigest(file));
  const packages = bundledPackages(model, bundled, ignoreModules, relative, notes, bundle);
  if ([...model.workflow.values()].some((m) => m.webpackConfigHook)) notes.push('the project sets a webpackConfigHook: what it changes in the bundle is not in the build id');
  const files = [...digests.keys()].sort(byCodeUnit);
  const document = JSON.stringify({ format: FORMAT, files: files.map((f) => [f, digests.get(f)]), packages: Object.entries(packages), ignoreModules });
  const buildId = `wfo-${createHash('sha256').update(document).digest('hex').slice(0, 16)}`;
  return { buildId, files, packages, ignoreModules, notes: [...new Set(notes)] };
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- A file's syntax, normalised ------------------------------------------------------------

/** Records are length-prefixed, so no sequence of them can be mistaken for another. */
function moduleDigest(module: SourceModule): string {
  const hash = createHash('sha256');
  const write = (record: string): void => void hash.update(`${record.length}:${record}`);
  if (!module.problem) {
    try {
      writeSyntax(module.sourceFile, write);
      return hash.digest('hex');
    } catch {
      // getChildren asserts on trees it does not expect: such a file counts by its text, below.
    }
  }
  return createHash('sha256').update('text\0').update(readText(module.path)).digest('hex');
}

const CLOSE = Symbol('close');

/**
 * The tree in prefix order: `<Kind` and `>` around each node, one record per token. The shape keeps
 * apart what dropping separators would merge (`a;(b)` is two statements, `a(b)` one call).
 * An explicit stack: deep nesting cannot overflow it.
 */
function writeSyntax(sourceFile: TS.SourceFile, write: (record: string) => void): void {
  const stack: (TS.Node | typeof CLOSE)[] = [sourceFile];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === CLOSE) {
      write('>');
      continue;
    }
    const node = withoutTypeWrapper(item);
    if (node.kind < ts.SyntaxKind.FirstNode) {
      write(tokenRecord(node, sourceFile));
      continue;
    }
    const children = runtimeChildren(node, sourceFile);
    // A list left empty (`class A implements B {}` has one of heritage clauses) is as good as none.
    if (!children.length && node.kind === ts.SyntaxKind.SyntaxList) continue;
    write(`<${kindName(node.kind)}`);
    stack.push(CLOSE);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** A string literal by its value (quote style and escapes are formatting); every other token by its text. */
function tokenRecord(node: TS.Node, sourceFile: TS.SourceFile): string {
  if (node.kind === ts.SyntaxKind.StringLiteral) return `s:${JSON.stringify((node as TS.StringLiteral).text)}`;
  return `t:${sourceFile.text.slice(node.getStart(sourceFile), node.end)}`;
}

/** `x as T`, `x satisfies T`, `<T>x`, `x!`, `f<T>` and `extends Base<T>` compile to their expression. */
function withoutTypeWrapper(node: TS.Node): TS.Node {
  let current = node;
  while (
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isExpressionWithTypeArguments(current)
  ) {
    current = current.expression;
  }
  return current;
}

/**
 * A node's children (tokens included) less what swc erases, with the `:` before an erased type and
 * the `<` `>` around erased type arguments; less the separators a formatter adds or removes
 * (commas in lists, a statement's closing `;`), which the tree's shape makes redundant.
 */
function runtimeChildren(node: TS.Node, sourceFile: TS.SourceFile): TS.Node[] {
  const children = node.getChildren(sourceFile);
  const kept: TS.Node[] = [];
  let closingTypeList = false;
  children.forEach((child, index) => {
    if (isJsDoc(child)) return;
    if (isErased(child, node)) {
      const previous = kept[kept.length - 1]?.kind;
      const isList = child.kind === ts.SyntaxKind.SyntaxList;
      if ((previous === ts.SyntaxKind.ColonToken && !isList) || (previous === ts.SyntaxKind.LessThanToken && isList)) kept.pop();
      closingTypeList = isList;
      return;
    }
    const closes = closingTypeList && child.kind === ts.SyntaxKind.GreaterThanToken;
    closingTypeList = false;
    if (closes) return;
    if (child.kind === ts.SyntaxKind.CommaToken && node.kind === ts.SyntaxKind.SyntaxList) return;
    if (child.kind === ts.SyntaxKind.SemicolonToken && index === children.length - 1 && node.kind !== ts.SyntaxKind.SyntaxList) return;
    kept.push(child);
  });
  return kept;
}

/** Syntax that leaves no code behind when swc strips TypeScript (the bundler's swc-loader, bundler.ts). */
function isErased(child: TS.Node, parent: TS.Node): boolean {
  const k = ts.SyntaxKind;
  switch (child.kind) {
    case k.InterfaceDeclaration:
    case k.TypeAliasDeclaration:
    case k.IndexSignature:
      return true;
    case k.ImportDeclaration:
      return (child as TS.ImportDeclaration).importClause?.isTypeOnly === true;
    case k.ImportEqualsDeclaration:
    case k.ExportDeclaration:
    case k.ImportSpecifier:
    case k.ExportSpecifier:
      return (child as TS.ImportEqualsDeclaration | TS.ExportDeclaration | TS.ImportSpecifier | TS.ExportSpecifier).isTypeOnly;
    case k.HeritageClause:
      return (child as TS.HeritageClause).token === k.ImplementsKeyword;
    case k.FunctionDeclaration:
    case k.MethodDeclaration:
    case k.Constructor:
    case k.GetAccessor:
    case k.SetAccessor:
      // An overload signature, an abstract member or a declared function.
      if (!(child as TS.FunctionLikeDeclaration).body) return true;
      break;
    case k.PropertyDeclaration:
      if (hasModifier(child, k.AbstractKeyword)) return true;
      break;
    case k.Parameter: {
      const name = (child as TS.ParameterDeclaration).name;
      if (ts.isIdentifier(name) && name.text === 'this') return true;
      break;
    }
    case k.SyntaxList:
      return isTypeList(child, parent);
  }
  if (hasModifier(child, k.DeclareKeyword)) return true;
  return (parent as { type?: unknown }).type === child && ts.isTypeNode(child);
}

function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** The list of a node's type arguments or type parameters, which getChildren hands out as a SyntaxList over the same span. */
function isTypeList(list: TS.Node, parent: TS.Node): boolean {
  const { typeArguments, typeParameters } = parent as { typeArguments?: TS.NodeArray<TS.Node>; typeParameters?: TS.NodeArray<TS.Node> };
  return [typeArguments, typeParameters].some((array) => array !== undefined && array.pos === list.pos && array.end === list.end);
}

function isJsDoc(node: TS.Node): boolean {
  return node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;
}

let kindNames: string[] | undefined;

/** SyntaxKind names rather than numbers, which move between TypeScript releases; aliases (`FirstX`, `LastX`) never. */
function kindName(kind: TS.SyntaxKind): string {
  if (!kindNames) {
    kindNames = [];
    for (const [name, value] of Object.entries(ts.SyntaxKind)) if (typeof value === 'number' && !/^(First|Last)/.test(name)) kindNames[value] ??= name;
  }
  return kindNames[kind] ?? String(kind);
}

// ---- Other files webpack bundles --------------------------------------------------------------

/** JSON files the bundled modules import (webpack bundles JSON without a loader). */
function importedDataFiles(model: ProjectModel, bundled: ReadonlySet<string>, ignoreModules: readonly string[]): Set<string> {
  const files = new Set<string>();
  for (const file of bundled) {
    forEachBundledReference(model, file, ignoreModules, (resolution) => {
      if (resolution.kind === 'file' && !isSourceFile(resolution.file) && resolution.file.endsWith('.json')) files.add(resolution.file);
    });
  }
  return files;
}

/** The resolved references of a bundled module that webpack follows: not erased, not aliased away. */
function forEachBundledReference(model: ProjectModel, file: string, ignoreModules: readonly string[], visit: (resolution: Resolution) => void): void {
  const module = model.modules.get(file)!;
  module.summary.references.forEach((reference, index) => {
    const resolution = module.resolutions[index];
    if (!resolution || reference.erased || isStubbedByBundler(reference.specifier, ignoreModules)) return;
    if (resolution.kind === 'file' && model.ignoredFiles.has(resolution.file)) return;
    visit(resolution);
  });
}

function dataDigest(file: string): string {
  const text = readText(file);
  let canonical: string;
  try {
    canonical = `json\0${JSON.stringify(JSON.parse(text))}`;
  } catch {
    canonical = `text\0${text}`;
  }
  return createHash('sha256').update(canonical).digest('hex');
}

function readText(file: string): string {
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

// ---- Packages --------------------------------------------------------------------------------

interface Manifest {
  readonly version?: unknown;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/**
 * Versions of the packages in the bundle (see the module's comment). `required` names who needs a
 * package, for the error when it is not installed; the dependencies of bundled packages are taken
 * where they are installed (an optional or peer dependency may not be, and webpack then reaches
 * none of its code). `@types/` packages hold declarations only and never reach a bundle.
 */
function bundledPackages(model: ProjectModel, bundled: ReadonlySet<string>, ignoreModules: readonly string[], relative: (file: string) => string, notes: string[], bundle?: Bundle): Record<string, string> {
  const versions = new Map<string, Set<string>>();
  const expanded = new Set<string>();
  const include = (name: string, fromDir: string, required: string | undefined, withDependencies: boolean): boolean => {
    const dir = findPackage(name, fromDir);
    if (!dir) {
      if (required) throw new WfoError(`${name} (${required}) is not installed: no node_modules/${name}/package.json at or above ${relative(fromDir) || '.'}. Install the project's dependencies first: the build id includes the versions of the packages bundled with the workflows`, ExitCode.Usage);
      return false;
    }
    const real = realpathSync(dir);
    const manifest = readManifest(real);
    const version = typeof manifest?.version === 'string' ? manifest.version : 'unknown';
    let known = versions.get(name);
    if (!known) versions.set(name, (known = new Set()));
    known.add(version);
    if (!real.split(path.sep).includes('node_modules') && !expanded.has(real)) {
      notes.push(`${name} is linked from ${relative(real)}, not installed: changes to its code do not change its version, nor the build id`);
    }
    if (withDependencies && !expanded.has(real)) {
      expanded.add(real);
      for (const dependency of Object.keys({ ...manifest?.dependencies, ...manifest?.optionalDependencies, ...manifest?.peerDependencies })) {
        if (!dependency.startsWith('@types/')) include(dependency, real, undefined, true);
      }
    }
    return true;
  };

  for (const file of bundled) {
    forEachBundledReference(model, file, ignoreModules, (resolution) => {
      if (resolution.kind === 'package') include(resolution.name, path.dirname(file), `imported by ${relative(file)}`, true);
    });
  }
  const roots = bundle ? new Set([bundle.root]) : new Set([...model.workflow.values()].map((m) => m.chain[0]!));
  for (const root of roots) include(WORKFLOW_PACKAGE, path.dirname(root), `the bundle's entry point beside ${relative(root)} imports it`, true);

  // The bundler that builds the bundle: the one the modules naming a workflowsPath import.
  const bundling = bundle ? bundle.workers : [...model.modules.values()].filter((m) => m.summary.workflowsPaths.length || m.summary.interceptorModules?.length);
  for (const module of bundling) include(WORKER_PACKAGE, path.dirname(module.path), `${relative(module.path)} bundles the workflows with it`, false);
  if (!bundling.length && ![...roots].some((root) => include(WORKER_PACKAGE, path.dirname(root), undefined, false))) {
    notes.push(`no module of the project bundles the workflows and ${WORKER_PACKAGE} is not installed: the version of the bundler is not in the build id`);
  }

  const sorted = [...versions].sort(([a], [b]) => byCodeUnit(a, b));
  return Object.fromEntries(sorted.map(([name, set]) => [name, [...set].sort(byCodeUnit).join(', ')]));
}

/** The folder of `name` as Node and webpack find it from `fromDir`: `node_modules/<name>` there or in a folder above. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return value && typeof value === 'object' ? (value as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

// ---- Converter modules -----------------------------------------------------------------------

/** bundler.ts aliases `__temporal_custom_payload_converter` and `__temporal_custom_failure_converter` to these. */
const CONVERTER_OPTIONS = ['payloadConverterPath', 'failureConverterPath'];

/**
 * The modules a `payloadConverterPath` or `failureConverterPath` names, and the project modules
 * they import: webpack bundles them with the workflows, but the model does not count them as
 * workflow code. A path wfo cannot evaluate is a note.
 */
function converterModules(model: ProjectModel, ignoreModules: readonly string[], relative: (file: string) => string, notes: string[]): Set<string> {
  const found = new Set<string>();
  const queue: string[] = [];
  for (const module of model.modules.values()) {
    if (module.problem || !CONVERTER_OPTIONS.some((option) => (module.isParsed ? module.sourceFile.text : readText(module.path)).includes(option))) continue;
    const sourceFile = module.sourceFile;
    const visit = (node: TS.Node): void => {
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && CONVERTER_OPTIONS.includes(node.name.text)) {
        const target = ts.isPropertyAssignment(node) ? evaluatePath(node.initializer, module.path) : undefined;
        const file = target === undefined ? undefined : projectModuleAt(model, target);
        if (file) queue.push(file);
        else {
          const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
          notes.push(`${relative(module.path)}:${line}: wfo cannot tell which module this ${node.name.text} names: it is bundled with the workflows, but changes to it do not change the build id`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  while (queue.length) {
    const file = queue.shift()!;
    if (found.has(file)) continue;
    found.add(file);
    forEachBundledReference(model, file, ignoreModules, (resolution) => {
      if (resolution.kind === 'file' && model.modules.has(resolution.file)) queue.push(resolution.file);
    });
  }
  return found;
}

interface Bundle {
  /** The module the workflowsPath names. */
  readonly root: string;
  /** The workflow modules in its bundle: the root, the interceptor modules of the workers naming it, and what they import as the bundler follows it. */
  readonly files: ReadonlySet<string>;
  /** The modules that bundle it (`Worker.create`, `bundleWorkflowCode` with this workflowsPath). */
  readonly workers: SourceModule[];
}

/**
 * The bundle of the module a worker passes as `workflowsPath` (`given` as the user wrote it, for
 * the error). Webpack's entry point requires the workflowsPath and the worker's interceptor modules
 * (sdk-typescript packages/worker/src/workflow/bundler.ts, `genEntrypoint`) and follows their
 * imports; a module that is not workflow code in the model is a usage error.
 */
function oneBundle(model: ProjectModel, given: string, target: string, relative: (file: string) => string): Bundle {
  const root = projectModuleAt(model, target);
  if (!root || !model.workflow.has(root)) {
    const named = [...model.workflowsPathModules].map(relative).sort(byCodeUnit);
    const known = named.length ? `the project's workflowsPaths: ${named.join(', ')}` : 'no Worker.create or bundleWorkflowCode of the project names a workflowsPath wfo can read';
    throw new WfoError(`--workflows-path ${given}: ${root ? 'not workflow code' : 'no module of the project there'} (${known})`, ExitCode.Usage);
  }
  const workers = [...model.modules.values()].filter((m) => m.summary.workflowsPaths.some((option) => projectModuleAt(model, option.target) === root));
  const interceptors = workers.flatMap((m) => m.summary.interceptorModules ?? []).flatMap((t) => projectModuleAt(model, t) ?? []);
  const ignoreModules = model.workflow.get(root)!.ignoredModules;
  const files = new Set<string>();
  const queue = [root, ...interceptors];
  while (queue.length) {
    const file = queue.shift()!;
    if (files.has(file) || !model.workflow.has(file)) continue;
    files.add(file);
    forEachBundledReference(model, file, ignoreModules, (resolution) => {
      if (resolution.kind === 'file' && model.modules.has(resolution.file)) queue.push(resolution.file);
    });
  }
  return { root, files, workers };
}

/** The project module a path names, as require.resolve finds it: the file, with an extension (`.js` meaning `.ts`), or its folder's index. */
function projectModuleAt(model: ProjectModel, target: string): string | undefined {
  const stem = target.replace(/\.[cm]?js$/, '');
  const candidates = [target, ...SOURCE_EXTENSIONS.map((ext) => stem + ext), ...SOURCE_EXTENSIONS.map((ext) => path.join(target, `index${ext}`))];
  return candidates.find((file) => model.modules.has(file));
}
