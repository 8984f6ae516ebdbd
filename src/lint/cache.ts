/**
 * The opt-in lint cache (`--cache`, like ESLint's): per file, its size and mtime, the summary the
 * project model needs, and its findings with the inputs they were computed from. An unchanged file
 * is neither parsed nor linted again; a changed file invalidates the findings of every file whose
 * context or imports it affects, because those are part of each file's findings key.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setsUpWorker } from '../analysis/payload-converter.js';
import { type FileStamp, statOf } from '../project/file-stat.js';
import path from 'node:path';
import type { TreeSnapshot, TreeSnapshotStore } from '../project/file-discovery.js';
import { importersOf } from '../project/importers.js';
import { MAX_BARREL_DEPTH, type ModuleSummary } from '../project/module-summary.js';
import type { ProjectModel, SourceModule, SummaryStore } from '../project/project-model.js';
import type { Finding, LintReport } from './finding.js';
import type { FindingStore } from './run-rules.js';

const FORMAT = 3;

interface Entry {
  size: number;
  mtimeMs: number;
  summary: ModuleSummary;
  findings?: { key: string; list: Finding[] };
}

interface CacheData {
  format: number;
  /** wfo's version and the enabled rules with their options: any change empties the cache. */
  settings: string;
  /** Keyed by absolute path. */
  files: Record<string, Entry>;
  /** The last walk of each analysis root. */
  trees?: Record<string, TreeSnapshot>;
  /** The last whole run's report (before the baseline), valid while nothing it read has changed. */
  run?: { key: string; inputs: string; stamp: string; report: LintReport; unmatched: string[] };
}

export class LintCache implements SummaryStore, FindingStore, TreeSnapshotStore {
  private readonly data: CacheData;
  private readonly seen = new Set<string>();
  private dirty = false;
  private treeWalked = false;
  /** The stamps of the modules a setup depends on (see setupStamps), for the model they were taken from. */
  private setup: { model: ProjectModel; workers: unknown[]; callers: unknown[] } | undefined;

  private constructor(
    private readonly location: string,
    settings: string,
    previous: CacheData | undefined,
    /** Sizes and mtimes read this run, by file. */
    private readonly stats = new Map<string, FileStamp | undefined>(),
  ) {
    this.data = previous?.format === FORMAT && previous.settings === settings ? previous : { format: FORMAT, settings, files: {} };
    this.dirty = this.data !== previous;
  }

  /** Opens the cache at `location`; a missing, unreadable or outdated cache starts empty. */
  static open(location: string, settings: unknown): LintCache {
    const handed = lastRead?.location === location ? lastRead : undefined;
    lastRead = undefined;
    return new LintCache(location, hash(JSON.stringify(settings)), handed ? handed.data : readData(location), handed?.stats);
  }

  /**
   * The cache at `location` as it is, whatever settings wrote it, to look up the last run with
   * (see previous-run.ts); undefined when there is none. A later `open` of the same file in this
   * process takes the data and the file stats read here instead of reading them again.
   */
  static reopen(location: string): LintCache | undefined {
    const data = readData(location);
    if (data?.format !== FORMAT) return undefined;
    const cache = new LintCache(location, data.settings, data);
    lastRead = { location, data, stats: cache.stats };
    return cache;
  }

  getTree(root: string): TreeSnapshot | undefined {
    return this.data.trees?.[root];
  }

  setTree(snapshot: TreeSnapshot): void {
    this.treeWalked = true;
    (this.data.trees ??= {})[snapshot.root] = snapshot;
    this.dirty = true;
  }

  get(file: string): ModuleSummary | undefined {
    this.seen.add(file);
    const entry = this.data.files[file];
    if (!entry) return undefined;
    const stat = this.stat(file);
    if (stat && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs) return entry.summary;
    delete this.data.files[file];
    this.dirty = true;
    return undefined;
  }

  set(file: string, summary: ModuleSummary): void {
    this.seen.add(file);
    const stat = this.stat(file);
    if (!stat) return;
    this.data.files[file] = { size: stat.size, mtimeMs: stat.mtimeMs, summary };
    this.dirty = true;
  }

  lookup(model: ProjectModel, module: SourceModule): Finding[] | undefined {
    const cached = this.data.files[module.path]?.findings;
    return cached && cached.key === this.findingsKey(model, module) ? cached.list : undefined;
  }

  record(model: ProjectModel, module: SourceModule, findings: Finding[]): void {
    const entry = this.data.files[module.path];
    if (!entry) return; // a file read from an override (stdin) is not cached
    entry.findings = { key: this.findingsKey(model, module), list: findings };
    this.dirty = true;
  }

  /**
   * The size and mtime of every file a run reads (sources and package.json files), as one hash.
   */
  stamp(files: readonly string[], manifests: readonly string[]): string {
    const stamps: unknown[] = [];
    for (const file of [...files, ...manifests]) {
      const stat = this.stat(file);
      stamps.push(file, stat?.size, stat?.mtimeMs);
    }
    return hash(JSON.stringify(stamps));
  }

  /**
   * The previous run's report, if it had the same options (`key`), saw the same files (`stamp`), and
   * this run's folder walk came from the cache (no folder, .gitignore or tsconfig changed since).
   */
  previousRun(key: string, inputs: string, stamp: string): { report: LintReport; unmatched: string[] } | undefined {
    const run = this.data.run;
    return !this.treeWalked && run?.key === key && run.inputs === inputs && run.stamp === stamp ? run : undefined;
  }

  rememberRun(key: string, inputs: string, stamp: string, report: LintReport, unmatched: string[]): void {
    this.data.run = { key, inputs, stamp, report, unmatched };
    this.dirty = true;
  }

  /**
   * Everything a file's findings depend on beyond its own text: its place in workflow and activity
   * context (root, chain, ignored modules), and for each module it imports, where it resolved,
   * whether that is activity code, and its size and mtime, and those of the files it re-exports
   * (rules may look one import away, through `export * from` barrels: an activity's implementation);
   * for workflow code that exports its own declarations, the modules that import it and what they
   * import in turn (see importerStamps).
   */
  private findingsKey(model: ProjectModel, module: SourceModule): string {
    const imports = module.resolutions.map((r) => {
      if (r.kind !== 'file') return r.kind;
      return [r.file, model.activityModules.has(r.file), model.workflow.has(r.file), this.reExportStamps(model, r.file), this.proxyStamps(model, r.file, 0)];
    });
    const setup = this.setupStamps(model);
    const beyond = model.activity.has(module.path) ? [setup.workers, setup.callers] : model.workflow.has(module.path) ? [setup.workers, this.importerStamps(model, module)] : null;
    return hash(JSON.stringify([model.workflow.get(module.path) ?? null, model.activity.get(module.path) ?? null, imports, beyond], mapsAsEntries));
  }

  /**
   * What call-sites.ts reads of the modules that import a workflow module, to see every use of an
   * export it follows (a declaration of the module; a function only when the module is not a
   * workflow root of its own, whose functions the worker may call as workflows): how each importer
   * refers to the module, and for one that imports such an export by name, its stamp and its
   * imports' (it is read, and so is the function it hands the export to, through barrels). When
   * some importer takes the module wholesale (`export *`, `import * as`, `require()`) or does not
   * parse, the search ends there and reads nothing else.
   */
  private importerStamps(model: ProjectModel, module: SourceModule): unknown[] {
    const { exports, units } = module.summary.calls;
    const root = (model.workflow.get(module.path)?.chain.length ?? 0) < 2;
    const functions = new Set(units.filter((u) => u.kind === 'function').map((u) => u.name));
    const followed = new Set(exports.filter((e) => e.local !== undefined && !(root && functions.has(e.local))).map((e) => e.exported));
    if (!followed.size) return [];
    const importers = importersOf(model, module.path).map((file) => {
      const importer = model.modules.get(file);
      const references = (importer?.summary.references ?? []).filter((r, i) => {
        const to = importer!.resolutions[i];
        return !r.erased && to?.kind === 'file' && to.file === module.path;
      });
      return { file, problem: !importer || importer.problem !== undefined, references };
    });
    const ends = importers.some((i) => i.problem || i.references.some((r) => r.kind !== 'import' || r.imported.includes('*')));
    return importers.map(({ file, problem, references }) => {
      const how = [file, problem, references.map((r) => [r.kind, r.imported])];
      if (ends || !references.some((r) => r.imported.some((name) => followed.has(name)))) return how;
      const stat = this.stat(file);
      const imports = model.modules.get(file)!.resolutions.flatMap((r) => (r.kind === 'file' && r.file !== file ? [this.reExportStamps(model, r.file)] : []));
      return [...how, stat?.size, stat?.mtimeMs, imports];
    });
  }

  /**
   * What workflow and activity findings depend on that no import shows, once per run: the modules
   * that set up a worker or a bundle (whether they register a payload converter:
   * values-the-json-converter-changes), and for activity modules, the workflow modules that make
   * typed activity proxies (whose retry options decide whether an error is retried:
   * validation-error-retried-forever). Their stamps.
   */
  private setupStamps(model: ProjectModel): { workers: unknown[]; callers: unknown[] } {
    if (this.setup?.model === model) return this.setup;
    const stamp = (file: string): unknown[] => {
      const stat = this.stat(file);
      return [file, stat?.size, stat?.mtimeMs];
    };
    const workers = [...model.modules.values()].filter((m) => setsUpWorker(m.summary)).flatMap((m) => stamp(m.path));
    const callers = [...model.workflow.keys()].filter((file) => model.modules.get(file)?.summary.proxyTypeNames.length).flatMap(stamp);
    this.setup = { model, workers, callers };
    return this.setup;
  }

  /**
   * What rules read beyond an import: an imported module that binds activity stubs or makes
   * proxies (a stub module, a helper that returns one) brings in what its proxies name (the
   * activities' module, the helper's module), two such modules deep; an activity module brings in
   * the clients its writes go through (`import { prisma } from './db'`). The stamps of their imports.
   */
  private proxyStamps(model: ProjectModel, file: string, depth: number): unknown[] {
    const module = model.modules.get(file);
    const calls = module?.summary.calls;
    if (!module || !calls) return [];
    const imports = module.resolutions.flatMap((r) => (r.kind === 'file' && r.file !== file ? [r.file] : []));
    if (model.activityModules.has(file)) return imports.map((f) => this.reExportStamps(model, f));
    if (depth > 1 || !(calls.stubs.length || module.summary.proxyTypeNames.length || calls.units.some((u) => u.callsWorkflowApi))) return [];
    return imports.map((f) => [this.reExportStamps(model, f), this.proxyStamps(model, f, depth + 1)]);
  }

  /** Size and mtime of `file` and of the files it re-exports, a few barrels deep. */
  private reExportStamps(model: ProjectModel, file: string): unknown[] {
    const stamps: unknown[] = [];
    const seen = new Set<string>();
    let level = [file];
    for (let depth = 0; depth <= MAX_BARREL_DEPTH && level.length; depth++) {
      const next: string[] = [];
      for (const current of level) {
        if (seen.has(current)) continue;
        seen.add(current);
        const stat = this.stat(current);
        stamps.push(current, stat?.size, stat?.mtimeMs);
        const reexporter = model.modules.get(current);
        reexporter?.summary.references.forEach((reference, index) => {
          const resolution = reexporter.resolutions[index];
          if (reference.kind === 'export' && resolution?.kind === 'file') next.push(resolution.file);
        });
      }
      level = next;
    }
    return stamps;
  }

  /** Each file is stat'ed once per run, however many files import it. */
  private stat(file: string): FileStamp | undefined {
    if (!this.stats.has(file)) this.stats.set(file, statOf(file));
    return this.stats.get(file);
  }

  /** Writes the cache atomically, dropping files that no longer exist or were not part of this run. */
  save(): void {
    for (const file of Object.keys(this.data.files)) {
      if (!this.seen.has(file)) {
        delete this.data.files[file];
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.location);
  }
}



/** What `reopen` read, for the `open` that follows it in the same run. */
let lastRead: { location: string; data: CacheData; stats: Map<string, FileStamp | undefined> } | undefined;

function readData(location: string): CacheData | undefined {
  try {
    return JSON.parse(readFileSync(location, 'utf8')) as CacheData;
  } catch {
    return undefined;
  }
}

/** A JSON.stringify replacer that writes a Map as its entries (JSON writes `{}` for any Map): Membership.runs is one. */
function mapsAsEntries(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...value] : value;
}

export function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
