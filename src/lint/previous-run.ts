/**
 * A repeated `wfo lint --cache` over a project where nothing changed repeats the last report.
 * Telling that takes the cache, a walk of the tree (itself cached) and a stat of every file, but
 * no rule, no project model and no TypeScript: this module loads none of them, so the CLI asks it
 * before it loads the lint core (which is most of a warm run's start-up otherwise).
 *
 * The last run is keyed by what it was asked (paths, working folder) and by its inputs: wfo's
 * version, the configuration file and its text, and the options that change findings. The same
 * inputs resolve to the same rules, so nothing needs resolving to compare them.
 */
import path from 'node:path';
import { type LocatedConfig, locateConfig } from '../config/locate.js';
import { analysisRoot, discoverProject } from '../project/file-discovery.js';
import { wfoVersion } from '../version.js';
import { applyBaseline, baselineFile, readBaseline } from './baseline.js';
import { hash, LintCache } from './cache.js';
import type { LintReport } from './finding.js';
import type { LintOptions } from './lint.js';

/** What the last run is looked up by: the question asked. */
export function runKey(options: Pick<LintOptions, 'paths' | 'cwd'>): string {
  return JSON.stringify([options.paths, options.cwd]);
}

/** What the last run's findings were computed from, besides the files. */
export function runInputs(config: Pick<LocatedConfig, 'file' | 'text'>, options: Pick<LintOptions, 'reportUnusedDirectives'>): string {
  return hash(JSON.stringify([wfoVersion(), config.file ?? null, config.text ?? null, options.reportUnusedDirectives ?? false]));
}

/** Whether a run with these options may be answered from the last one (the report is all it yields). */
export function repeatsWholeRun(options: LintOptions): boolean {
  return Boolean(options.cacheLocation) && !options.stdin && !options.fix && !options.only && (options.baseline ?? { kind: 'apply' }).kind === 'apply';
}

/**
 * The last run's report with the baseline applied, when it answers this run; undefined otherwise,
 * and whenever anything is amiss (the full run then says what).
 */
export function previousRunReport(options: LintOptions): { report: LintReport; unmatched: string[] } | undefined {
  if (!repeatsWholeRun(options)) return undefined;
  try {
    const root = analysisRoot(options.paths, options.cwd);
    const config = locateConfig(root, options.configFile && path.resolve(options.cwd, options.configFile));
    const cache = LintCache.reopen(options.cacheLocation!);
    if (!cache) return undefined;
    // A walk that cannot come from the cache means the tree changed. It is not stored here: the
    // full run that follows takes over this cache's data, and must walk and see the change itself.
    let walked = false;
    const snapshots = { getTree: (root: string) => cache.getTree(root), setTree: () => void (walked = true) };
    const discovery = discoverProject({ paths: options.paths, cwd: options.cwd, snapshots });
    if (walked) return undefined;
    const previous = cache.previousRun(runKey(options), runInputs(config, options), cache.stamp(discovery.files, discovery.manifests));
    if (!previous) return undefined;
    const report = applyBaseline(previous.report, readBaseline(baselineFile(discovery.root, options)), discovery.root);
    return { report, unmatched: previous.unmatched };
  } catch {
    return undefined;
  }
}
