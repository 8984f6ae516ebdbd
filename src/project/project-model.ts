/**
 * The project model: every module parsed once, its references resolved, and the answer to the
 * question every rule starts from: which code runs in the workflow sandbox, which is activity code,
 * and why (the import chain from a workflow root or activity module).
 */
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { type Discovery, discoverProject, isSourceFile, type TreeSnapshotStore } from './file-discovery.js';
import type { ModuleSummary, ParseProblem, ReferenceSummary } from './module-summary.js';
import type { BundlerExclusions } from './module-facts.js';
import { ModuleResolver, readManifest, type Resolution, type WorkspacePackage } from './module-resolver.js';
import type { RuleFacts } from './module-facts.js';
import { type ParsedTree, parseModule, reparseModule } from './parse-module.js';
import { statOf } from './file-stat.js';
import { callsWorkflowApi, type Declaration, type Entry, ExportIndex, reachUnits } from './call-graph.js';
import { type Callback, TEST_REGISTRARS } from './call-facts.js';
import { disallowedTemporalModule, isDisallowedBuiltin, moduleMatches } from '../domain/workflow-sandbox.js';
import { type CompilerSettings, CompilerSettingsIndex } from './tsconfig.js';
import { activityClassDecorator } from '../domain/activity-registration.js';
import { forgetTree } from '../analysis/syntax.js';

export type { ParseProblem } from './module-summary.js';

/** Where summaries of unchanged files come from on a cached run. */
export interface SummaryStore {
  get(file: string): ModuleSummary | undefined;
  set(file: string, summary: ModuleSummary): void;
}

/**
 * One module of the project. Its summary is always there; its syntax tree is made on first use
 * (rules ask for it; the model itself never does when a summary store has the file).
 */
export class SourceModule {
  private parsedModule: ParsedTree | undefined;

  constructor(
    readonly path: string,
    readonly settings: CompilerSettings,
    readonly summary: ModuleSummary,
    /** The resolution of each of `summary.references` (and so of `facts.references`), by index. */
    readonly resolutions: Resolution[],
    private readonly parse: () => ParsedTree,
    parsed?: ParsedTree,
    /** Told of each parse after the first (trees the model did not keep). */
    private readonly onParse?: (module: SourceModule) => void,
  ) {
    this.parsedModule = parsed;
  }

  get sourceFile(): TS.SourceFile {
    return this.parsed.sourceFile;
  }

  get facts(): RuleFacts {
    return this.parsed.facts;
  }

  /** Set when the file is not valid source: rules are not run on it. */
  get problem(): ParseProblem | undefined {
    return this.summary.problem;
  }

  get isParsed(): boolean {
    return this.parsedModule !== undefined;
  }

  /** Frees the syntax tree (it is parsed again if asked for). */
  release(): void {
    if (this.parsedModule) forgetTree(this.parsedModule.sourceFile);
    this.parsedModule = undefined;
  }

  private get parsed(): ParsedTree {
    if (!this.parsedModule) {
      this.parsedModule = this.parse();
      this.onParse?.(this);
    }
    return this.parsedModule;
  }
}

/**
 * The modules parsed since it was last asked, when the model keeps no trees: the rules parse each
 * file they check, and also files they look into (an imported type, an activity's implementation),
 * which run-rules frees again so that a large project never holds most of its trees.
 */
export class ParseLog {
  private parsed: SourceModule[] = [];

  note(module: SourceModule): void {
    this.parsed.push(module);
  }

  /** The modules parsed since the last call, in order (one parsed twice is there twice). */
  take(): SourceModule[] {
    const parsed = this.parsed;
    this.parsed = [];
    return parsed;
  }
}

export type ContextKind = 'workflow' | 'activity';

export interface Membership {
  /** Why the chain's first module is a root, e.g. "workflowsPath in src/worker.ts". */
  readonly reason: string;
  /** Absolute paths from the root to this module, the module last. */
  readonly chain: string[];
  /**
   * Modules the project's bundler settings keep out of the workflow bundle (`ignoreModules`,
   * literal `webpackConfigHook` aliases and externals), as the bundler matches them.
   */
  readonly ignoredModules: readonly string[];
  /**
   * Workflow code only: the module's top-level functions and classes that run in the sandbox,
   * each with the call chain from a workflow (`["workflow order", "formatRef()"]`). One that is
   * not here is bundled but never run. Absent for activity code.
   */
  readonly runs?: ReadonlyMap<string, string[]>;
  /** Workflow code only: offsets `[start, end]` of callbacks the sandbox never runs (handed to a stubbed module or a test framework). */
  readonly neverRuns?: readonly [number, number][];
  /** Workflow code only: the project sets a `webpackConfigHook`, so the bundle's webpack configuration is its own (it may resolve tsconfig paths). */
  readonly webpackConfigHook?: true;
}

interface Root {
  readonly reason: string;
  /** A workflow interceptor module: the sandbox runs its `interceptors` factory, not its exports as workflows. */
  readonly interceptor?: true;
  /** Roots of a lower tier claim what they reach first: workflowsPath (0), configured globs (1), workflow API calls (2). */
  readonly tier: number;
}

export interface ProjectModel {
  readonly root: string;
  readonly modules: ReadonlyMap<string, SourceModule>;
  /** Modules whose findings are reported. */
  readonly targets: ReadonlySet<string>;
  readonly unmatched: string[];
  readonly workflow: ReadonlyMap<string, Membership>;
  readonly activity: ReadonlyMap<string, Membership>;
  /** Modules that declare activity implementations (the modules of `activity`), with the reason each is one. */
  readonly activityModules: ReadonlyMap<string, string>;
  /** Per such module, the local names of its activity implementations (`*`: everything it declares). */
  readonly activityImplementations: ReadonlyMap<string, ReadonlySet<string>>;
  /** Exported names to their declarations, across the project. */
  readonly exports: ExportIndex;
  /** Project files an ignore list names by path (`require.resolve('./mocks')`): the bundler stubs them. */
  readonly ignoredFiles: ReadonlySet<string>;
  /** The modules a `workflowsPath` names (Worker.create, bundleWorkflowCode), as the resolver finds them: the bundles' roots. */
  readonly workflowsPathModules: ReadonlySet<string>;
  /**
   * The project's source is small enough that building the model kept every syntax tree (see
   * MAX_RETAINED_SOURCE): the rules keep them too, so a rule that reads another module never
   * parses it again.
   */
  readonly treesRetained: boolean;
  /** When trees are not retained: the modules parsed after the model was built. */
  readonly parses?: ParseLog;
}

export interface ModelOptions {
  readonly paths: string[];
  readonly cwd: string;
  /** Summaries of files unchanged since a previous run (the lint cache). */
  readonly summaries?: SummaryStore;
  /** The file list of a previous walk, reused while nothing that shaped it changed (the lint cache). */
  readonly snapshots?: TreeSnapshotStore;
  /** Current contents of files that differ from disk (an editor's buffer, `--stdin`). */
  readonly sourceOverrides?: ReadonlyMap<string, string>;
  /** Extra roots from configuration, matched against root-relative paths. */
  readonly isConfiguredWorkflow?: (relativePath: string) => boolean;
  readonly isConfiguredActivity?: (relativePath: string) => boolean;
  /** The file list, when the caller has already discovered it. */
  readonly discovery?: Discovery;
  /** Syntax trees are kept between model building and the rules when the source is within this many bytes (default MAX_RETAINED_SOURCE). */
  readonly retainTreesUpTo?: number;
  /** Called after each file is read (parsed, or taken from the cache). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** `workflows.ts`, `workflow-order.ts`, `workflows.bad.ts`: Temporal's naming of workflow modules. */
const WORKFLOW_FILE_NAME = /(^|\/)workflows?([.-][^/]*)?\.[cm]?[jt]sx?$/;
/** Packages a workflow module has no reason to import: a module named like one that does is client or worker code. */
const HOST_TEMPORAL_PACKAGE = /^@temporalio\/(client|worker|testing)(\/|$)/;
/** Files that are tests by their name or folder: never workflow roots by heuristic. */
const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|specs|e2e|__mocks__|mocks?)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;

export function buildProjectModel(options: ModelOptions): ProjectModel {
  const settings = new CompilerSettingsIndex();
  const discovery = options.discovery ?? discoverProject(options, settings);
  const known = new Set(discovery.files);
  const resolver = new ModuleResolver(known, settings, workspacePackages(discovery.manifests));
  const modules = new Map<string, SourceModule>();
  const retainTrees = estimatedSize(discovery.files) <= (options.retainTreesUpTo ?? MAX_RETAINED_SOURCE);
  const parses = retainTrees ? undefined : new ParseLog();
  const load = (file: string): SourceModule | undefined => {
    let module = modules.get(file);
    if (!module && isSourceFile(file)) {
      module = loadModule(file, settings.forFile(file), resolver, options, retainTrees, parses);
      modules.set(file, module);
    }
    return module;
  };
  discovery.files.forEach((file, index) => {
    load(file);
    options.onProgress?.(index + 1, discovery.files.length);
  });

  // Discovered paths are absolute and normalised: most are under the root, and a prefix is cheaper than path.relative.
  const under = discovery.root.endsWith(path.sep) ? discovery.root : discovery.root + path.sep;
  const relative = (file: string): string => toPosix(file.startsWith(under) ? file.slice(under.length) : path.relative(discovery.root, file));
  const all = [...modules.values()];
  const exports = new ExportIndex(modules);
  const ignoredModules = bundlerExclusions(all, exports);
  const ignoredFiles = new Set(all.flatMap((m) => m.summary.bundlerExclusions.paths ?? []).map((p) => resolver.resolvePath(p)).filter((f): f is string => f !== undefined));
  const workflowRoots = findWorkflowRoots(all, exports, resolver, relative, options.isConfiguredWorkflow);
  const { activityModules, activityImplementations } = findActivityModules(all, exports, resolver, relative, options.isConfiguredActivity);
  const implementations = { exports, activityImplementations };
  // Only a module that holds activities, or re-exports one that does, can hand out activity implementations.
  const activityHolders = exports.withReExporters(activityModules.keys());
  const importsOnlyActivities = (reference: ReferenceSummary, file: string): boolean =>
    reference.imported.length > 0 && activityHolders.has(file) && reference.imported.every((name) => isActivityExport(implementations, file, name));
  const bundled = reachBundle(workflowRoots, load, ignoredModules, (reference, file) => ignoredFiles.has(file) || importsOnlyActivities(reference, file));
  // Asked twice of each callback of the bundle: by reachUnits, and for the regions that never run.
  const callbackRunsMemo = new Map<Callback, boolean>();
  const callbackRuns = (file: string, callback: Callback): boolean => {
    let runs = callbackRunsMemo.get(callback);
    if (runs === undefined) callbackRunsMemo.set(callback, (runs = calleeRuns(file, callback)));
    return runs;
  };
  const calleeRuns = (file: string, callback: Callback): boolean => {
    if (TEST_REGISTRARS.has(callback.callee)) return false;
    const module = modules.get(file)!;
    const index = module.summary.references.findIndex((r) => r.locals.includes(callback.callee));
    const resolution = module.resolutions[index];
    if (resolution && (isStubbedByBundler(module.summary.references[index]!.specifier, ignoredModules) || (resolution.kind === 'file' && ignoredFiles.has(resolution.file)))) return false;
    // A project function that reads its parameters only in test registrars' callbacks never calls what it is handed.
    const declaration = exports.resolveLocal(file, callback.callee);
    return !(declaration && declaration.local !== '*' && exports.unit(declaration.file, declaration.local)?.ignoresParameters);
  };
  const { reached, returnedNeverRun } = reachUnits(exports, new Set(bundled.keys()), workflowEntries(all, workflowRoots, bundled, exports), callbackRuns);
  const hook = all.some((m) => m.summary.webpackConfigHook) ? { webpackConfigHook: true as const } : {};
  const workflow = new Map<string, Membership>();
  for (const [file, m] of bundled) {
    const calls = modules.get(file)!.summary.calls;
    const returned = returnedNeverRun.get(file);
    const regions: [number, number][] = [];
    for (const c of calls.callbacks) if (!c.result && !callbackRuns(file, c)) regions.push([c.start, c.end]);
    if (returned) for (const u of calls.units) if (returned.has(u.name) && u.returned) regions.push(...u.returned);
    const neverRuns = regions.length ? mergeRegions(regions) : undefined;
    // A Map, not an object keyed by function names: one object shape per module would be built otherwise.
    workflow.set(file, { ...m, runs: reached.get(file) ?? NO_UNITS, ...(neverRuns ? { neverRuns } : {}), ...hook });
  }
  const activity = new Map([...activityModules].map(([file, reason]) => [file, { reason, chain: [file], ignoredModules: [] }]));
  const workflowsPathModules = new Set([...workflowRoots].filter(([, root]) => root.tier === 0 && !root.interceptor).map(([file]) => file));
  return { root: discovery.root, modules, targets: discovery.targets, unmatched: discovery.unmatched, workflow, activity, activityModules, activityImplementations, exports, ignoredFiles, workflowsPathModules, treesRetained: retainTrees, ...(parses ? { parses } : {}) };
}

const NO_UNITS: ReadonlyMap<string, string[]> = new Map();

/** `regions` sorted and merged where they overlap, as inRegions needs them. */
function mergeRegions(regions: [number, number][]): [number, number][] {
  regions.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of regions) {
    const last = merged[merged.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]); // a copy: the regions may be a summary's own
  }
  return merged;
}

function workspacePackages(manifests: string[]): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const file of manifests) {
    const manifest = readManifest(file);
    if (manifest?.name && !packages.has(manifest.name)) packages.set(manifest.name, { name: manifest.name, dir: path.dirname(file), manifest });
  }
  return packages;
}

/**
 * Syntax trees cost about 27 times their source text in memory, and holding many of them also lets
 * the garbage collector grow the heap far beyond them. When the project's source is within this
 * many bytes (about 4,000 typical generated files, fewer larger ones), the trees parsed to build the
 * model are kept for the rules, so every file is parsed once; above it none are kept, and each file
 * is parsed again when its rules run, then freed. That bounds peak memory by the size of the source
 * rather than the number of files (10,000 files, 9 MB: every tree kept, 3.2 s and 430 MB; parsed
 * again, 3.8 s and 230 MB). It must be decided before parsing: keeping some trees, or dropping them
 * part-way, measured worse than either (600–670 MB), as the heap limit grown for them lets the
 * second parses pile up.
 */
export const MAX_RETAINED_SOURCE = 4_000_000;

/** Files whose sizes are read to estimate the project's (a stat each; the total is an estimate). */
const SIZE_SAMPLE = 256;

/** The source size of `files`: their number times the mean size of an evenly spread sample. */
function estimatedSize(files: readonly string[]): number {
  const step = Math.max(1, Math.floor(files.length / SIZE_SAMPLE));
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < files.length; i += step) {
    const stamp = statOf(files[i]!);
    if (stamp) {
      bytes += stamp.size;
      sampled++;
    }
  }
  return sampled ? (bytes / sampled) * files.length : 0;
}

function loadModule(file: string, settings: CompilerSettings, resolver: ModuleResolver, options: ModelOptions, retainTree: boolean, parses: ParseLog | undefined): SourceModule {
  const override = options.sourceOverrides?.get(file);
  const cached = override === undefined ? options.summaries?.get(file) : undefined;
  const parsed = cached ? undefined : parseModule(file, settings.keepsValueImports, override);
  const summary = cached ?? parsed!.summary;
  if (!cached && override === undefined) options.summaries?.set(file, summary);
  const resolutions = summary.references.map((r) => resolver.resolve(r.specifier, file));
  // A tree the model does not keep is parsed again for the rules from the text read now: the text
  // costs its size (trees some 27 times that), and the second read of each file cost more (about
  // 0.1 s at 10,000 files).
  const text = override ?? parsed?.sourceFile.text;
  if (parsed && !retainTree) forgetTree(parsed.sourceFile);
  return new SourceModule(file, settings, summary, resolutions, () => reparseModule(file, settings.keepsValueImports, text), retainTree ? parsed : undefined, parses && ((m) => parses.note(m)));
}

/**
 * What the project's bundler settings keep out of the workflow bundle, as one list: every
 * `ignoreModules` list set apart from a `workflowsPath` (plugins, shared options, wrappers), literal
 * webpackConfigHook aliases and externals, and per workflowsPath what every configuration naming
 * it ignores (the intersection: a module only one of two bundles of the same workflows ignores
 * still fails the other). Entries are literals or `const` string arrays named or spread in,
 * from the module or imported.
 */
function bundlerExclusions(modules: readonly SourceModule[], exports: ExportIndex): string[] {
  const names = new Set<string>();
  const resolve = (module: SourceModule, { names: literal, refs }: BundlerExclusions): string[] => [
    ...literal,
    ...refs.flatMap((ref) => {
      const declaration = exports.resolveLocal(module.path, ref);
      return (declaration && declaration.local !== '*' ? exports.module(declaration.file)?.summary.calls.stringArrays[declaration.local] : undefined) ?? [];
    }),
  ];
  const byRoot = new Map<string, Set<string>>();
  for (const module of modules) {
    for (const name of resolve(module, module.summary.bundlerExclusions)) names.add(name);
    for (const { target, ignoreModules } of module.summary.workflowsPaths) {
      const list = new Set(resolve(module, ignoreModules));
      const common = byRoot.get(target);
      byRoot.set(target, common ? new Set([...common].filter((name) => list.has(name))) : list);
    }
  }
  for (const common of byRoot.values()) for (const name of common) names.add(name);
  return [...names].sort();
}

/**
 * Workflow roots: modules a `workflowsPath` names (0), modules matching the configured globs (1),
 * modules with an exported function that calls a workflow-only API or an activity stub (2),
 * whatever else they import, and modules named like workflow modules (`workflows.ts`,
 * `workflow-x.ts`) that export async functions and import no client, worker or testing package,
 * where no workflowsPath names a module or nothing imports them (3).
 * Test files are never roots by heuristic, and a module that uses @temporalio/workflow only for
 * definitions (signals, enums, types) is not one.
 */
function findWorkflowRoots(modules: SourceModule[], exports: ExportIndex, resolver: ModuleResolver, relative: (f: string) => string, configured?: (rel: string) => boolean): Map<string, Root> {
  const roots = new Map<string, Root>();
  // Modules that declare stubs, and those that re-export them (a barrel of stubs).
  const stubModules = exports.withReExporters(modules.filter((m) => m.summary.calls.stubs.length).map((m) => m.path));
  for (const module of modules) {
    if (!module.summary.workflowsPaths.length && !module.summary.interceptorModules?.length) continue;
    for (const { target } of module.summary.workflowsPaths) {
      const file = resolver.resolvePath(target);
      if (file && isSourceFile(file) && !roots.has(file)) roots.set(file, { reason: `workflowsPath in ${relative(module.path)}`, tier: 0 });
    }
    for (const target of module.summary.interceptorModules ?? []) {
      const file = resolver.resolvePath(target);
      if (file && isSourceFile(file) && !roots.has(file)) roots.set(file, { reason: `workflow interceptor module in ${relative(module.path)}`, tier: 0, interceptor: true });
    }
  }
  // A name is the weakest evidence: beside a worker whose workflowsPath shows what is bundled, a
  // module the project's other code imports (a runner its activities call) is that code's. Where
  // no workflowsPath names a module (a library of workflows, a worker in another repository), or
  // for a module nothing imports (a workflow module of a worker wfo cannot read), it still counts.
  const byName = roots.size === 0;
  const imported = byName ? new Set<string>() : new Set(modules.flatMap((m) => m.resolutions.flatMap((r) => (r?.kind === 'file' ? [r.file] : []))));
  for (const module of modules) {
    if (roots.has(module.path)) continue;
    const rel = relative(module.path);
    if (configured?.(rel)) roots.set(module.path, { reason: 'matches the workflow globs in wfo config', tier: 1 });
    else if (!TEST_FILE.test(rel)) {
      const caller = exportedWorkflowFunction(module, exports, stubModules);
      if (caller) roots.set(module.path, { reason: `${caller}() calls workflow APIs`, tier: 2 });
      else if ((byName || !imported.has(module.path)) && isNamedLikeWorkflowModule(module)) roots.set(module.path, { reason: 'named like a workflow module', tier: 3 });
    }
  }
  return roots;
}

function isNamedLikeWorkflowModule(module: SourceModule): boolean {
  const { units, exports } = module.summary.calls;
  return (
    WORKFLOW_FILE_NAME.test(toPosix(module.path)) &&
    !module.summary.references.some((r) => HOST_TEMPORAL_PACKAGE.test(r.specifier) && !r.erased) &&
    units.some((u) => u.kind === 'function' && u.async && exports.some((e) => e.local === u.name))
  );
}

/**
 * The first exported function of `module` that calls a workflow-only API or an activity stub.
 * Stubs declared elsewhere are looked for only when the module imports from a module that has some.
 */
function exportedWorkflowFunction(module: SourceModule, exports: ExportIndex, stubModules: ReadonlySet<string>): string | undefined {
  const { units, exports: exported } = module.summary.calls;
  if (!units.length || !exported.length) return undefined;
  const importsStubs = module.resolutions.some((r) => r.kind === 'file' && stubModules.has(r.file));
  if (!importsStubs && !units.some((u) => u.callsWorkflowApi)) return undefined;
  for (const entry of exported) {
    if (entry.local === undefined) continue;
    const unit = exports.unit(module.path, entry.local);
    if (unit?.kind === 'function' && (unit.callsWorkflowApi || (importsStubs && callsWorkflowApi(exports, module.path, unit)))) return entry.exported;
  }
  return undefined;
}

/**
 * Where the sandbox starts running code: every function a root exports that has a workflow's
 * shape (async, returns a Promise, calls workflow APIs, or is a synchronous function that no code
 * outside the bundle imports), and the `interceptors` factory the SDK calls in each
 * workflowInterceptorModules module. A synchronous helper of a root that the worker or a client
 * imports is worker-side code, not a workflow the sandbox runs.
 */
function workflowEntries(modules: readonly SourceModule[], roots: ReadonlyMap<string, Root>, bundled: ReadonlyMap<string, Membership>, exports: ExportIndex): Entry[] {
  const usedOutside = namesImportedOutside(modules, roots, bundled);
  const entries: Entry[] = [];
  for (const file of [...roots.keys()].sort()) {
    if (roots.get(file)!.interceptor) continue;
    for (const [name, declaration] of exports.all(file)) {
      if (declaration.local === '*') continue;
      const unit = exports.unit(declaration.file, declaration.local);
      if (unit?.kind !== 'function') continue;
      if (unit.async || callsWorkflowApi(exports, declaration.file, unit) || !usedOutside.has(`${file}\0${name}`)) entries.push({ file: declaration.file, unit: unit.name, label: `workflow ${name}` });
    }
  }
  for (const file of bundled.keys()) {
    const declaration = exports.resolve(file, 'interceptors');
    if (declaration && declaration.local !== '*') entries.push({ file: declaration.file, unit: declaration.local, label: 'interceptors' });
  }
  return entries;
}

/** `${root}\0${name}` for each name a module outside the bundle imports from a root by value. */
function namesImportedOutside(modules: readonly SourceModule[], roots: ReadonlyMap<string, Root>, bundled: ReadonlyMap<string, Membership>): Set<string> {
  const names = new Set<string>();
  for (const module of modules) {
    if (bundled.has(module.path)) continue;
    module.summary.references.forEach((reference, index) => {
      const resolution = module.resolutions[index];
      if (reference.erased || resolution?.kind !== 'file' || !roots.has(resolution.file)) return;
      for (const imported of reference.imported) names.add(`${resolution.file}\0${imported}`);
    });
  }
  return names;
}

/**
 * Activity implementations: what `Worker.create({ activities })` registers (modules, objects,
 * factories, class instances) and what `proxyActivities<typeof acts>()` names, followed through
 * imports and re-exports to the modules that declare them; modules whose classes a NestJS Temporal
 * integration registers by their decorator (they import it by value); and modules matching the
 * configured globs. Importing @temporalio/activity makes nothing activity code, and membership does
 * not spread to what those modules import.
 */
function findActivityModules(
  modules: SourceModule[],
  exports: ExportIndex,
  resolver: ModuleResolver,
  relative: (f: string) => string,
  configured?: (rel: string) => boolean,
): { activityModules: Map<string, string>; activityImplementations: Map<string, Set<string>> } {
  const activityModules = new Map<string, string>();
  const activityImplementations = new Map<string, Set<string>>();
  const add = (file: string, local: string, reason: string): void => {
    if (!isSourceFile(file)) return;
    if (!activityModules.has(file)) activityModules.set(file, reason);
    let names = activityImplementations.get(file);
    if (!names) activityImplementations.set(file, (names = new Set()));
    names.add(local);
  };
  /** Namespaces already taken whole: every workflow module of a project may name the same barrel. */
  const wholeModules = new Set<string>();
  const addDeclaration = (declaration: Declaration | undefined, reason: string): void => {
    if (!declaration) return;
    if (declaration.local !== '*') return add(declaration.file, declaration.local, reason);
    // A second time adds no name, and each module keeps the first reason it was given.
    if (wholeModules.has(declaration.file)) return;
    wholeModules.add(declaration.file);
    const everything = exports.all(declaration.file);
    for (const target of everything.values()) if (target.local !== '*') add(target.file, target.local, reason);
    if (!everything.size) add(declaration.file, '*', reason);
  };
  for (const module of modules) {
    const summary = module.summary;
    const nest = activityClassDecorator(summary.references);
    if (nest) add(module.path, '*', `its classes are registered by @${nest.decorator}() of ${nest.pkg}`);
    if (!summary.activityNames.length && !summary.proxyTypeNames.length && !summary.proxyTypeSpecifiers.length) continue;
    const where = relative(module.path);
    for (const name of summary.activityNames) addDeclaration(importedDeclaration(module, exports, name), `passed as activities in ${where}`);
    for (const name of summary.proxyTypeNames) addDeclaration(importedDeclaration(module, exports, name), `proxyActivities<typeof …> in ${where}`);
    for (const specifier of summary.proxyTypeSpecifiers) {
      const resolution = resolver.resolve(specifier, module.path);
      if (resolution.kind === 'file') addDeclaration({ file: resolution.file, local: '*' }, `proxyActivities<typeof import(…)> in ${where}`);
    }
  }
  for (const module of modules) if (configured?.(relative(module.path))) add(module.path, '*', 'matches the activity globs in wfo config');
  return { activityModules, activityImplementations };
}

/**
 * Whether `name` (`*` for a namespace) exported from `file` is an activity implementation. A name
 * whose declaration cannot be seen (a package's re-export) takes its module's nature: activity
 * code when the module holds any implementation.
 */
export function isActivityExport(model: Pick<ProjectModel, 'exports' | 'activityImplementations'>, file: string, name: string): boolean {
  const implementations = model.activityImplementations;
  if (!implementations.size) return false;
  const declaration = name === '*' ? { file, local: '*' as const } : model.exports.resolve(file, name);
  if (!declaration) return implementations.has(file) || holdsActivities(model, file);
  if (declaration.local === '*') return holdsActivities(model, declaration.file);
  const names = implementations.get(declaration.file);
  return Boolean(names && (names.has(declaration.local) || names.has('*')));
}

const holding = new WeakMap<object, Map<string, boolean>>();

/** Whether `file` exports (or re-exports) an activity implementation, memoised per model. */
function holdsActivities(model: Pick<ProjectModel, 'exports' | 'activityImplementations'>, file: string): boolean {
  const implementations = model.activityImplementations;
  let memo = holding.get(implementations);
  if (!memo) holding.set(implementations, (memo = new Map()));
  let holds = memo.get(file);
  if (holds === undefined) {
    holds = implementations.get(file)?.has('*') === true || [...model.exports.all(file).values()].some((d) => d.local !== '*' && implementations.get(d.file)?.has(d.local));
    memo.set(file, holds);
  }
  return holds;
}

/** The declaration an imported local of `module` stands for (undefined for its own declarations). */
function importedDeclaration(module: SourceModule, exports: ExportIndex, local: string): Declaration | undefined {
  const declaration = exports.resolveLocal(module.path, local);
  return declaration && declaration.file !== module.path ? declaration : undefined;
}

/** The file an imported local name comes from, if it is imported from a project file. */
export function importedFile(module: SourceModule, local: string): string | undefined {
  const index = module.summary.references.findIndex((r) => r.locals.includes(local));
  const resolution = index < 0 ? undefined : module.resolutions[index];
  return resolution?.kind === 'file' ? resolution.file : undefined;
}

/**
 * The workflow bundle as webpack builds it: breadth-first from the roots over references that
 * survive compilation, never into a module the bundler aliases to an empty one (disallowed
 * built-ins and Temporal packages, even when a monorepo resolves them to source, and the
 * project's exclusions), nor through an import of activity implementations only. Each reached
 * module gets the shortest chain from a root.
 * Source: sdk-typescript packages/worker/src/workflow/bundler.ts (`resolve.alias` maps
 * `[...ignoreModules, ...disallowedModules]` to false).
 */
function reachBundle(roots: ReadonlyMap<string, Root>, load: (file: string) => SourceModule | undefined, ignoredModules: readonly string[], leftOut: (reference: ReferenceSummary, file: string) => boolean): Map<string, Membership> {
  const reached = new Map<string, Membership>();
  const queue: string[] = [];
  // The same specifiers recur in module after module.
  const stubbed = new Map<string, boolean>();
  const isStubbed = (specifier: string): boolean => {
    let known = stubbed.get(specifier);
    if (known === undefined) stubbed.set(specifier, (known = isStubbedByBundler(specifier, ignoredModules)));
    return known;
  };
  // Each tier is explored to the end before the next starts, so chains begin at the most telling root.
  const ordered = [...roots].sort(([a, ra], [b, rb]) => ra.tier - rb.tier || (a < b ? -1 : a > b ? 1 : 0));
  for (let next = 0; next < ordered.length; ) {
    const start = queue.length;
    const tier = ordered[next]![1].tier;
    for (; next < ordered.length && ordered[next]![1].tier === tier; next++) {
      const [file, { reason }] = ordered[next]!;
      if (reached.has(file)) continue;
      reached.set(file, { reason, ignoredModules, chain: [file] });
      queue.push(file);
    }
    for (let i = start; i < queue.length; i++) visit(queue[i]!);
  }
  return reached;

  function visit(from: string): void {
    const module = load(from);
    if (!module) return;
    const membership = reached.get(from)!;
    module.summary.references.forEach((reference, index) => {
      const resolution = module.resolutions[index];
      if (reference.erased || resolution?.kind !== 'file' || isStubbed(reference.specifier)) return;
      // A file an ignore list names by path is stubbed too; an import of activity implementations is
      // reported where it is written (no-activity-value-import), not as every line of the activity
      // module running in the sandbox.
      if (leftOut(reference, resolution.file)) return;
      const to = resolution.file;
      if (reached.has(to) || !isSourceFile(to) || !load(to)) return;
      reached.set(to, { ...membership, chain: [...membership.chain, to] });
      queue.push(to);
    });
  }
}

/** Requests the bundler answers with an empty module (bundler.ts `moduleMatches`, with the `node:` prefix dropped). */
export function isStubbedByBundler(specifier: string, ignoredModules: readonly string[]): boolean {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return ignoredModules.length > 0 && moduleMatches(specifier, ignoredModules);
  return disallowedTemporalModule(specifier) !== undefined || isDisallowedBuiltin(specifier) || moduleMatches(specifier, ignoredModules);
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
