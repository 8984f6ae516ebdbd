/**
 * The project model: every module parsed once, its references resolved, and the answer to the
 * question every rule starts from: which code runs in the workflow sandbox, which is activity code,
 * and why (the import chain from a workflow root or activity module).
 */
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { type Discovery, discoverProject, isSourceFile, type TreeSnapshotStore } from './file-discovery.js';
import type { ModuleFacts } from './module-facts.js';
import type { ModuleSummary, ParseProblem } from './module-summary.js';
import { ModuleResolver, readManifest, type Resolution, type WorkspacePackage } from './module-resolver.js';
import { type ParsedModule, parseModule } from './parse-module.js';
import { statOf } from './file-stat.js';
import { type CompilerSettings, CompilerSettingsIndex } from './tsconfig.js';

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
  private parsedModule: ParsedModule | undefined;

  constructor(
    readonly path: string,
    readonly settings: CompilerSettings,
    readonly summary: ModuleSummary,
    /** The resolution of each of `summary.references` (and so of `facts.references`), by index. */
    readonly resolutions: Resolution[],
    private readonly parse: () => ParsedModule,
    parsed?: ParsedModule,
  ) {
    this.parsedModule = parsed;
  }

  get sourceFile(): TS.SourceFile {
    return this.parsed.sourceFile;
  }

  get facts(): ModuleFacts {
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
    this.parsedModule = undefined;
  }

  private get parsed(): ParsedModule {
    this.parsedModule ??= this.parse();
    return this.parsedModule;
  }
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
  /** Roots of a lower tier claim what they reach first: workflowsPath (0), configured globs (1), imports (2). */
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
  /** Activity implementation modules (the roots of `activity`), with the reason each is one. */
  readonly activityModules: ReadonlyMap<string, string>;
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

/** Temporal packages whose presence marks a file as worker, client, test or activity code. */
const NON_WORKFLOW_TEMPORAL = /^@temporalio\/(client|worker|testing|activity)(\/|$)/;
const WORKFLOW_PACKAGE = /^@temporalio\/workflow(\/|$)/;
const ACTIVITY_PACKAGE = /^@temporalio\/activity(\/|$)/;


export function buildProjectModel(options: ModelOptions): ProjectModel {
  const settings = new CompilerSettingsIndex();
  const discovery = options.discovery ?? discoverProject(options, settings);
  const known = new Set(discovery.files);
  const resolver = new ModuleResolver(known, settings, workspacePackages(discovery.manifests));
  const modules = new Map<string, SourceModule>();
  const retainTrees = estimatedSize(discovery.files) <= (options.retainTreesUpTo ?? MAX_RETAINED_SOURCE);
  const load = (file: string): SourceModule | undefined => {
    let module = modules.get(file);
    if (!module && isSourceFile(file)) {
      module = loadModule(file, settings.forFile(file), resolver, options, retainTrees);
      modules.set(file, module);
    }
    return module;
  };
  discovery.files.forEach((file, index) => {
    load(file);
    options.onProgress?.(index + 1, discovery.files.length);
  });

  const relative = (file: string): string => toPosix(path.relative(discovery.root, file));
  const workflowRoots = findWorkflowRoots([...modules.values()], resolver, relative, options.isConfiguredWorkflow);
  const activityModules = findActivityModules([...modules.values()], resolver, relative, options.isConfiguredActivity);
  const activitySet = new Set(activityModules.keys());
  // Workflow context stops at activity modules: importing one by value is reported at the import,
  // not as every line of the activity running in the sandbox.
  const workflow = reach(workflowRoots, load, (file) => !activitySet.has(file) || workflowRoots.has(file));
  const activityRoots = new Map([...activityModules].map(([file, reason]) => [file, { reason, ignoredModules: [], tier: 0 }]));
  const activity = reach(activityRoots, load, () => true);
  return { root: discovery.root, modules, targets: discovery.targets, unmatched: discovery.unmatched, workflow, activity, activityModules };
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

function loadModule(file: string, settings: CompilerSettings, resolver: ModuleResolver, options: ModelOptions, retainTree: boolean): SourceModule {
  const override = options.sourceOverrides?.get(file);
  const parse = (): ParsedModule => parseModule(file, settings.keepsValueImports, override);
  const cached = override === undefined ? options.summaries?.get(file) : undefined;
  const parsed = cached ? undefined : parse();
  const summary = cached ?? parsed!.summary;
  if (!cached && override === undefined) options.summaries?.set(file, summary);
  const resolutions = summary.references.map((r) => resolver.resolve(r.specifier, file));
  return new SourceModule(file, settings, summary, resolutions, parse, retainTree ? parsed : undefined);
}

function findWorkflowRoots(modules: SourceModule[], resolver: ModuleResolver, relative: (f: string) => string, configured?: (rel: string) => boolean): Map<string, Root> {
  const roots = new Map<string, Root>();
  for (const module of modules) {
    for (const { target, ignoreModules } of module.summary.workflowsPaths) {
      const file = resolver.resolvePath(target);
      if (file && isSourceFile(file) && !roots.has(file)) roots.set(file, { reason: `workflowsPath in ${relative(module.path)}`, ignoredModules: ignoreModules, tier: 0 });
    }
  }
  for (const module of modules) {
    if (roots.has(module.path)) continue;
    if (configured?.(relative(module.path))) roots.set(module.path, { reason: 'matches the workflow globs in wfo config', ignoredModules: [], tier: 1 });
    else if (importsWorkflowPackageOnly(module)) roots.set(module.path, { reason: 'imports @temporalio/workflow', ignoredModules: [], tier: 2 });
  }
  return roots;
}

function importsWorkflowPackageOnly(module: SourceModule): boolean {
  const refs = module.summary.references;
  return refs.some((r) => !r.erased && WORKFLOW_PACKAGE.test(r.specifier)) && !refs.some((r) => NON_WORKFLOW_TEMPORAL.test(r.specifier));
}

function findActivityModules(modules: SourceModule[], resolver: ModuleResolver, relative: (f: string) => string, configured?: (rel: string) => boolean): Map<string, string> {
  const found = new Map<string, string>();
  const add = (file: string | undefined, reason: string): void => {
    if (file && isSourceFile(file) && !found.has(file)) found.set(file, reason);
  };
  for (const module of modules) {
    const summary = module.summary;
    if (!summary.activityNames.length && !summary.proxyTypeNames.length && !summary.proxyTypeSpecifiers.length) continue;
    const where = relative(module.path);
    for (const name of module.summary.activityNames) add(importedFile(module, name), `passed as activities in ${where}`);
    for (const name of module.summary.proxyTypeNames) add(importedFile(module, name), `proxyActivities<typeof …> in ${where}`);
    for (const specifier of module.summary.proxyTypeSpecifiers) {
      const resolution = resolver.resolve(specifier, module.path);
      add(resolution.kind === 'file' ? resolution.file : undefined, `proxyActivities<typeof import(…)> in ${where}`);
    }
  }
  for (const module of modules) {
    if (configured?.(relative(module.path))) add(module.path, 'matches the activity globs in wfo config');
    else if (module.summary.references.some((r) => !r.erased && ACTIVITY_PACKAGE.test(r.specifier))) add(module.path, 'imports @temporalio/activity');
  }
  return found;
}

/** The file an imported local name comes from, if it is imported from a project file. */
export function importedFile(module: SourceModule, local: string): string | undefined {
  const index = module.summary.references.findIndex((r) => r.locals.includes(local));
  const resolution = index < 0 ? undefined : module.resolutions[index];
  return resolution?.kind === 'file' ? resolution.file : undefined;
}

/**
 * Breadth-first from the roots over references that survive compilation: each reached module
 * gets the shortest chain from a root.
 */
function reach(roots: ReadonlyMap<string, Root>, load: (file: string) => SourceModule | undefined, mayEnter: (file: string) => boolean): Map<string, Membership> {
  const reached = new Map<string, Membership>();
  const queue: string[] = [];
  const tiers = [...new Set([...roots.values()].map((r) => r.tier))].sort((a, b) => a - b);
  // Each tier is explored to the end before the next starts, so chains begin at the most telling root.
  for (const tier of tiers) {
    const start = queue.length;
    for (const [file, { reason, ignoredModules }] of [...roots].filter(([, r]) => r.tier === tier).sort(([a], [b]) => a.localeCompare(b))) {
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
      if (reference.erased || resolution?.kind !== 'file') return;
      const to = resolution.file;
      if (reached.has(to) || !isSourceFile(to) || !mayEnter(to) || !load(to)) return;
      reached.set(to, { ...membership, chain: [...membership.chain, to] });
      queue.push(to);
    });
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
