/**
 * The lint pipeline's core:
 * paths + config → project model → rules (per file, through the cache) → inline suppressions
 * → baseline → report. No printing, no exit codes.
 */
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { resolveLocated, type ResolvedConfig } from '../config/config.js';
import { locateConfig } from '../config/locate.js';
import { ExitCode, WfoError } from '../errors.js';
import { wfoVersion } from '../version.js';
import { analysisRoot, discoverProject } from '../project/file-discovery.js';
import { buildProjectModel, type ProjectModel, toPosix } from '../project/project-model.js';
import { applyBaseline, baselineFile, countErrors, mergeBaseline, pruneBaseline, readBaseline, writeBaseline } from './baseline.js';
import { LintCache } from './cache.js';
import type { LintReport } from './finding.js';
import { applyFixes, readText, writeFileAtomically } from './fixes.js';
import { changedFiles, stagedFiles } from './git-files.js';
import { runInputs, runKey } from './previous-run.js';
import { type EnabledRule, runRules } from './run-rules.js';
import { type DeployedRef, deployedComparison, resolveDeployedRef } from '../versioning/deployed.js';

export type BaselineMode = { readonly kind: 'apply' } | { readonly kind: 'suppress'; readonly rules?: string[] } | { readonly kind: 'prune' };

export interface LintOptions {
  readonly paths: string[];
  readonly cwd: string;
  /** Path of the cache file, when `--cache` is on. */
  readonly cacheLocation?: string;
  /** Report only on these files (`--staged`, `--changed`); context still comes from the whole project. */
  readonly only?: { readonly kind: 'staged' } | { readonly kind: 'changed'; readonly base: string };
  /** Lint this text as the contents of `filename` (`--stdin --stdin-filename`). */
  readonly stdin?: { readonly filename: string; readonly text: string };
  readonly reportUnusedDirectives?: boolean;
  readonly baseline?: BaselineMode;
  readonly baselineLocation?: string;
  /** `--config`: this file instead of the one found from the project root. */
  readonly configFile?: string;
  /** `--fix` writes fixes to the files; `--fix-dry-run` only computes the fixed text. */
  readonly fix?: 'write' | 'dry-run';
  /** `--deployed <ref>`: compare workflow code with the code at this git revision (replay-breaking-change). */
  readonly deployed?: string;
  /** Progress through the two long stages: reading every file, then checking the targets. */
  readonly onProgress?: (stage: 'reading' | 'checking', done: number, total: number) => void;
}

export interface LintResult {
  readonly report: LintReport;
  readonly unmatched: string[];
  readonly config: ResolvedConfig;
  /** The baseline file written by `--suppress-*` or `--prune-suppressions`. */
  readonly baselineWritten?: string;
  /** With `--fix`/`--fix-dry-run`: the fixed text of each file a fix changed. */
  readonly fixed: ReadonlyMap<string, string>;
}

export function lint(options: LintOptions): LintResult {
  const stdinFile = options.stdin ? path.resolve(options.cwd, options.stdin.filename) : undefined;
  const paths = stdinFile ? [path.dirname(stdinFile)] : options.paths;
  const root = analysisRoot(paths, options.cwd);
  // The deployed revision's commit is checked first; findings that depend on it are not cached.
  const deployedRef = options.deployed === undefined ? undefined : resolveDeployedRef(root, options.deployed);
  if (deployedRef) options = { ...options, cacheLocation: undefined };
  const located = locateConfig(root, options.configFile && path.resolve(options.cwd, options.configFile));
  const config = resolveLocated(located);
  const inputs = runInputs(located, options);
  const overrides = new Map<string, string>(stdinFile ? [[stdinFile, options.stdin!.text]] : []);
  let analysis = analyse(options, config, inputs, paths, overrides, stdinFile, deployedRef);
  const fixed = new Map<string, string>();
  if (options.fix) {
    for (const { file, findings } of analysis.report.files) {
      const text = applyFixes(overrides.get(file) ?? readText(file), findings);
      if (text !== undefined) fixed.set(file, text);
    }
    if (fixed.size) {
      for (const [file, text] of fixed) overrides.set(file, text);
      analysis = analyse({ ...options, cacheLocation: undefined }, config, inputs, paths, overrides, stdinFile, deployedRef);
      if (options.fix === 'write') for (const [file, text] of fixed) if (file !== stdinFile) writeFileAtomically(file, text);
    }
  }
  const { report: baselined, written } = baseline(analysis.report, analysis.root, options);
  return { report: baselined, unmatched: stdinFile ? [] : analysis.unmatched, config, baselineWritten: written, fixed };
}

interface Analysis {
  readonly root: string;
  readonly unmatched: string[];
  readonly report: LintReport;
}

function analyse(options: LintOptions, config: ResolvedConfig, inputs: string, paths: string[], overrides: ReadonlyMap<string, string>, stdinFile: string | undefined, deployedRef: DeployedRef | undefined): Analysis {
  const rules = enabledRules(config);
  const cache = options.cacheLocation
    ? LintCache.open(options.cacheLocation, { version: wfoVersion(), rules: rules.map((r) => [r.rule.meta.id, r.severity, r.options]), config: config.globs, unused: options.reportUnusedDirectives, reason: config.requireSuppressionReason })
    : undefined;
  const discovery = discoverProject({ paths, cwd: options.cwd, snapshots: cache });
  // A whole run over an unchanged project repeats the last report without building anything.
  const memo = cache && !overrides.size && !options.only ? { key: runKey({ paths, cwd: options.cwd }), stamp: cache.stamp(discovery.files, discovery.manifests) } : undefined;
  const previous = memo && cache!.previousRun(memo.key, inputs, memo.stamp);
  if (previous) return { root: discovery.root, unmatched: previous.unmatched, report: previous.report };
  const model = buildProjectModel({
    paths,
    cwd: options.cwd,
    discovery,
    summaries: cache,
    snapshots: cache,
    sourceOverrides: overrides,
    isConfiguredWorkflow: config.isWorkflow,
    isConfiguredActivity: config.isActivity,
    onProgress: options.onProgress && ((done, total) => options.onProgress!('reading', done, total)),
  });
  const deployed =
    deployedRef &&
    deployedComparison(model, deployedRef, (sourceOverrides, summaries, deleted) =>
      buildProjectModel({
        paths,
        cwd: options.cwd,
        discovery: deleted.length ? { ...discovery, files: [...discovery.files, ...deleted].sort() } : discovery,
        summaries,
        sourceOverrides: new Map([...overrides, ...sourceOverrides]),
        isConfiguredWorkflow: config.isWorkflow,
        isConfiguredActivity: config.isActivity,
      }),
    );
  const report = runRules(model, rules, {
    deployed,
    targets: selectTargets(model, config, options, stdinFile),
    store: cache,
    directives: { reportUnused: options.reportUnusedDirectives ?? false, requireReason: config.requireSuppressionReason },
    onProgress: options.onProgress && ((done, total) => options.onProgress!('checking', done, total)),
  });
  if (memo) cache!.rememberRun(memo.key, inputs, memo.stamp, report, model.unmatched);
  cache?.save();
  return { root: model.root, unmatched: model.unmatched, report };
}

/** Writes the baseline when asked (`--suppress-*`, `--prune-suppressions`), then applies it. */
function baseline(report: LintReport, root: string, options: LintOptions): { report: LintReport; written?: string } {
  const file = baselineFile(root, options);
  const mode = options.baseline ?? { kind: 'apply' };
  let written: string | undefined;
  if (mode.kind === 'suppress') {
    checkRuleIds(mode.rules);
    writeBaseline(file, mergeBaseline(readBaseline(file), countErrors(report, root, mode.rules && new Set(mode.rules))));
    written = file;
  } else if (mode.kind === 'prune') {
    writeBaseline(file, pruneBaseline(readBaseline(file), countErrors(report, root)));
    written = file;
  }
  return { report: applyBaseline(report, readBaseline(file), root), written };
}

function selectTargets(model: ProjectModel, config: ResolvedConfig, options: LintOptions, stdinFile: string | undefined): string[] {
  if (stdinFile) return [stdinFile];
  const ignored = config.isIgnored;
  let targets = ignored ? [...model.targets].filter((file) => !ignored(toPosix(path.relative(model.root, file)))) : [...model.targets];
  if (options.only) {
    const wanted = new Set(options.only.kind === 'staged' ? stagedFiles(options.cwd) : changedFiles(options.cwd, options.only.base));
    targets = targets.filter((file) => wanted.has(file));
  }
  return targets;
}

export function enabledRules(config: ResolvedConfig): EnabledRule[] {
  return RULES.flatMap((rule) => {
    const setting = config.rules.get(rule.meta.id);
    return setting && setting.severity !== 'off' ? [{ rule, severity: setting.severity, options: setting.options }] : [];
  });
}

function checkRuleIds(ids: string[] | undefined): void {
  for (const id of ids ?? []) {
    if (!RULES.some((r) => r.meta.id === id)) throw new WfoError(`--suppress-rule: unknown rule '${id}' (run \`wfo rules\` to list them)`, ExitCode.Usage);
  }
}
