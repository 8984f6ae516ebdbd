/**
 * The project model: every module parsed once, its references resolved, and the answer to the
 * question every rule starts from: which code runs in the workflow sandbox, which is activity code,
 * and why (the import chain from a workflow root or activity module).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { discoverFiles, isSourceFile } from './file-discovery.js';
import { collectModuleFacts, type ModuleFacts, type ModuleReference } from './module-facts.js';
import { ModuleResolver, readManifest, type Resolution, type WorkspacePackage } from './module-resolver.js';
import { evaluatePath } from './path-expression.js';
import { type CompilerSettings, CompilerSettingsIndex } from './tsconfig.js';

export interface ParseProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface SourceModule {
  readonly path: string;
  readonly sourceFile: TS.SourceFile;
  readonly settings: CompilerSettings;
  readonly facts: ModuleFacts;
  /** The resolution of each of `facts.references`, by index. */
  readonly resolutions: Resolution[];
  /** Set when the file is not valid source: rules are not run on it. */
  readonly problem: ParseProblem | undefined;
}

export type ContextKind = 'workflow' | 'activity';

export interface Membership {
  /** Why the chain's first module is a root, e.g. "workflowsPath in src/worker.ts". */
  readonly reason: string;
  /** Absolute paths from the root to this module, the module last. */
  readonly chain: string[];
  /** Modules the root's worker tells the bundler to accept (`bundlerOptions.ignoreModules`). */
  readonly ignoredModules: readonly string[];
}

interface Root {
  readonly reason: string;
  readonly ignoredModules: readonly string[];
}

export interface ProjectModel {
  readonly root: string;
  readonly modules: ReadonlyMap<string, SourceModule>;
  /** Modules whose findings are reported. */
  readonly targets: ReadonlySet<string>;
  readonly unmatched: string[];
  readonly workflow: ReadonlyMap<string, Membership>;
  readonly activity: ReadonlyMap<string, Membership>;
  /** Activity implementation modules (the roots of `activity`), with the reason each is one. */
  readonly activityModules: ReadonlyMap<string, string>;
}

export interface ModelOptions {
  readonly paths: string[];
  readonly cwd: string;
  /** Extra roots from configuration, matched against root-relative paths. */
  readonly isConfiguredWorkflow?: (relativePath: string) => boolean;
  readonly isConfiguredActivity?: (relativePath: string) => boolean;
}

/** Temporal packages whose presence marks a file as worker, client, test or activity code. */
const NON_WORKFLOW_TEMPORAL = /^@temporalio\/(client|worker|testing|activity)(\/|$)/;
const WORKFLOW_PACKAGE = /^@temporalio\/workflow(\/|$)/;
const ACTIVITY_PACKAGE = /^@temporalio\/activity(\/|$)/;

export function buildProjectModel(options: ModelOptions): ProjectModel {
  const settings = new CompilerSettingsIndex();
  const discovery = discoverFiles(options.paths, options.cwd, (dir) => outDirOf(settings, dir));
  const known = new Set(discovery.files);
  const resolver = new ModuleResolver(known, settings, workspacePackages(discovery.manifests));
  const modules = new Map<string, SourceModule>();
  const load = (file: string): SourceModule | undefined => {
    let module = modules.get(file);
    if (!module && isSourceFile(file)) {
      module = loadModule(file, settings.forFile(file), resolver);
      modules.set(file, module);
    }
    return module;
  };
  for (const file of discovery.files) load(file);

  const relative = (file: string): string => toPosix(path.relative(discovery.root, file));
  const workflowRoots = findWorkflowRoots([...modules.values()], resolver, relative, options.isConfiguredWorkflow);
  const activityModules = findActivityModules([...modules.values()], resolver, relative, options.isConfiguredActivity);
  const activitySet = new Set(activityModules.keys());
  // Workflow context stops at activity modules: importing one by value is reported at the import,
  // not as every line of the activity running in the sandbox.
  const workflow = reach(workflowRoots, load, (file) => !activitySet.has(file) || workflowRoots.has(file));
  const activityRoots = new Map([...activityModules].map(([file, reason]) => [file, { reason, ignoredModules: [] }]));
  const activity = reach(activityRoots, load, () => true);
  return { root: discovery.root, modules, targets: discovery.targets, unmatched: discovery.unmatched, workflow, activity, activityModules };
}

function outDirOf(index: CompilerSettingsIndex, dir: string): string[] {
  const settings = index.forDir(dir);
  if (!settings.outDir || !settings.configFile || path.dirname(settings.configFile) !== dir) return [];
  const sourceRoot = settings.rootDir ?? dir;
  return settings.outDir === dir || settings.outDir === sourceRoot ? [] : [settings.outDir];
}

function workspacePackages(manifests: string[]): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const file of manifests) {
    const manifest = readManifest(file);
    if (manifest?.name && !packages.has(manifest.name)) packages.set(manifest.name, { name: manifest.name, dir: path.dirname(file), manifest });
  }
  return packages;
}

function loadModule(file: string, settings: CompilerSettings, resolver: ModuleResolver): SourceModule {
  const { text, problem: readProblem } = readSource(file);
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const facts = collectModuleFacts(sourceFile, settings.keepsValueImports);
  const resolutions = facts.references.map((r) => resolver.resolve(r.specifier, file));
  return { path: file, sourceFile, settings, facts, resolutions, problem: readProblem ?? parseProblem(sourceFile) };
}

function readSource(file: string): { text: string; problem?: ParseProblem } {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    return { text: '', problem: { message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, line: 1, column: 1 } };
  }
  if (buffer.includes(0)) return { text: '', problem: { message: 'not a text file (contains NUL bytes)', line: 1, column: 1 } };
  const text = buffer.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function parseProblem(sourceFile: TS.SourceFile): ParseProblem | undefined {
  // parseDiagnostics is not in TypeScript's public typings, but is how the parser reports syntax errors.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { message: `Parsing error: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`, line: line + 1, column: character + 1 };
}

function scriptKind(file: string): TS.ScriptKind {
  const ext = path.extname(file);
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function findWorkflowRoots(modules: SourceModule[], resolver: ModuleResolver, relative: (f: string) => string, configured?: (rel: string) => boolean): Map<string, Root> {
  const roots = new Map<string, Root>();
  for (const module of modules) {
    for (const { expression, ignoreModules } of module.facts.workflowsPaths) {
      const target = evaluatePath(expression, module.path);
      const file = target ? resolver.resolvePath(target) : undefined;
      if (file && isSourceFile(file) && !roots.has(file)) roots.set(file, { reason: `workflowsPath in ${relative(module.path)}`, ignoredModules: ignoreModules });
    }
  }
  for (const module of modules) {
    if (roots.has(module.path)) continue;
    if (configured?.(relative(module.path))) roots.set(module.path, { reason: 'matches the workflow globs in wfo config', ignoredModules: [] });
    else if (importsWorkflowPackageOnly(module)) roots.set(module.path, { reason: 'imports @temporalio/workflow', ignoredModules: [] });
  }
  return roots;
}

function importsWorkflowPackageOnly(module: SourceModule): boolean {
  const refs = module.facts.references;
  return refs.some((r) => !r.erased && WORKFLOW_PACKAGE.test(r.specifier)) && !refs.some((r) => NON_WORKFLOW_TEMPORAL.test(r.specifier));
}

function findActivityModules(modules: SourceModule[], resolver: ModuleResolver, relative: (f: string) => string, configured?: (rel: string) => boolean): Map<string, string> {
  const found = new Map<string, string>();
  const add = (file: string | undefined, reason: string): void => {
    if (file && isSourceFile(file) && !found.has(file)) found.set(file, reason);
  };
  for (const module of modules) {
    const where = relative(module.path);
    for (const expression of module.facts.activitiesExpressions) {
      for (const name of activityIdentifiers(expression)) add(importedFile(module, name), `passed as activities in ${where}`);
    }
    for (const type of module.facts.activityProxyTypes) {
      forEachTypeQueryTarget(type, (name) => add(importedFile(module, name), `proxyActivities<typeof …> in ${where}`), (specifier) => {
        const resolution = resolver.resolve(specifier, module.path);
        add(resolution.kind === 'file' ? resolution.file : undefined, `proxyActivities<typeof import(…)> in ${where}`);
      });
    }
  }
  for (const module of modules) {
    if (configured?.(relative(module.path))) add(module.path, 'matches the activity globs in wfo config');
    else if (module.facts.references.some((r) => !r.erased && ACTIVITY_PACKAGE.test(r.specifier))) add(module.path, 'imports @temporalio/activity');
  }
  return found;
}

/** The file an imported local name comes from, if it is imported from a project file. */
export function importedFile(module: SourceModule, local: string): string | undefined {
  const index = module.facts.references.findIndex((r) => r.bindings.some((b) => b.local === local));
  const resolution = index < 0 ? undefined : module.resolutions[index];
  return resolution?.kind === 'file' ? resolution.file : undefined;
}

/** Names that can stand for an activities object: `acts`, `{ ...acts }`, `createActivities(db)`, `acts.default`. */
function activityIdentifiers(expression: TS.Expression): string[] {
  const names: string[] = [];
  const pending: TS.Node[] = [expression];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isIdentifier(node)) names.push(node.text);
    else if (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSpreadAssignment(node) || ts.isAwaitExpression(node))
      pending.push(node.expression);
    else if (ts.isObjectLiteralExpression(node))
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) pending.push(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) pending.push(p.name);
        else if (ts.isSpreadAssignment(p)) pending.push(p.expression);
      }
  }
  return names;
}

function forEachTypeQueryTarget(type: TS.TypeNode, onName: (name: string) => void, onSpecifier: (specifier: string) => void): void {
  const pending: TS.Node[] = [type];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isTypeQueryNode(node)) {
      let name: TS.EntityName = node.exprName;
      while (ts.isQualifiedName(name)) name = name.left;
      onName(name.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      onSpecifier(node.argument.literal.text);
    } else ts.forEachChild(node, (child) => void pending.push(child));
  }
}

/**
 * Breadth-first from the roots over references that survive compilation: each reached module
 * gets the shortest chain from a root.
 */
function reach(roots: ReadonlyMap<string, Root>, load: (file: string) => SourceModule | undefined, mayEnter: (file: string) => boolean): Map<string, Membership> {
  const reached = new Map<string, Membership>();
  const queue: string[] = [];
  for (const [file, root] of [...roots].sort(([a], [b]) => a.localeCompare(b))) {
    reached.set(file, { ...root, chain: [file] });
    queue.push(file);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    const module = load(from);
    if (!module) continue;
    const membership = reached.get(from)!;
    module.facts.references.forEach((reference: ModuleReference, index) => {
      const resolution = module.resolutions[index];
      if (reference.erased || resolution?.kind !== 'file') return;
      const to = resolution.file;
      if (reached.has(to) || !isSourceFile(to) || !mayEnter(to) || !load(to)) return;
      reached.set(to, { ...membership, chain: [...membership.chain, to] });
      queue.push(to);
    });
  }
  return reached;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
