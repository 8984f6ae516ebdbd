/**
 * The committed baseline for adopting wfo on an existing codebase, in the shape of ESLint's bulk
 * suppressions (`eslint-suppressions.json`): per file (relative to the project root) and rule, how
 * many errors are accepted. While a file has no more errors of a rule than its count, they stay
 * silent; one more, and all of them are reported, so new problems always fail.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { countBySeverity, type FileReport, type LintReport } from './finding.js';

export const BASELINE_FILE = 'wfo-suppressions.json';

export type Baseline = Record<string, Record<string, { count: number }>>;

/** The baseline file a run uses: `--suppressions-location`, or wfo-suppressions.json in the project root. */
export function baselineFile(root: string, options: { readonly cwd: string; readonly baselineLocation?: string }): string {
  return path.resolve(options.cwd, options.baselineLocation ?? path.join(root, BASELINE_FILE));
}

export function readBaseline(file: string): Baseline {
  if (!existsSync(file)) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected an object of files');
    return value as Baseline;
  } catch (error) {
    throw new WfoError(`${file}: not a valid suppressions file: ${(error as Error).message}`, ExitCode.Usage);
  }
}

/** Atomic: a crash leaves the old file or the new one, never half of one. */
export function writeBaseline(file: string, baseline: Baseline): void {
  const sorted: Baseline = {};
  for (const key of Object.keys(baseline).sort()) {
    const rules = baseline[key]!;
    const entries = Object.keys(rules).sort().filter((rule) => rules[rule]!.count > 0);
    if (entries.length) sorted[key] = Object.fromEntries(entries.map((rule) => [rule, rules[rule]!]));
  }
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(temp, file);
}

/** Counts the report's errors per file and rule (only the given rules, when named). */
export function countErrors(report: LintReport, root: string, onlyRules?: ReadonlySet<string>): Baseline {
  const counts: Baseline = {};
  for (const { file, findings } of report.files) {
    for (const f of findings) {
      if (f.severity !== 'error' || !f.ruleId || (onlyRules && !onlyRules.has(f.ruleId))) continue;
      const rules = (counts[relativeKey(root, file)] ??= {});
      (rules[f.ruleId] ??= { count: 0 }).count++;
    }
  }
  return counts;
}

/** Merges new counts into a baseline: counted rules replace their entries, others stay. */
export function mergeBaseline(existing: Baseline, counts: Baseline): Baseline {
  const merged: Baseline = structuredClone(existing);
  for (const [file, rules] of Object.entries(counts)) merged[file] = { ...merged[file], ...rules };
  return merged;
}

/** Lowers each count to what is still there, and drops what is gone: a fixed problem cannot come back silently. */
export function pruneBaseline(existing: Baseline, counts: Baseline): Baseline {
  const pruned: Baseline = {};
  for (const [file, rules] of Object.entries(existing)) {
    for (const [rule, { count }] of Object.entries(rules)) {
      const now = counts[file]?.[rule]?.count ?? 0;
      if (now > 0) (pruned[file] ??= {})[rule] = { count: Math.min(count, now) };
    }
  }
  return pruned;
}

export function applyBaseline(report: LintReport, baseline: Baseline, root: string): LintReport {
  if (!Object.keys(baseline).length) return report;
  const counts = countErrors(report, root);
  const files: FileReport[] = report.files.map(({ file, findings }) => {
    const accepted = baseline[relativeKey(root, file)];
    if (!accepted) return { file, findings };
    const kept = findings.filter((f) => {
      if (f.severity !== 'error' || !f.ruleId) return true;
      const allowed = accepted[f.ruleId]?.count ?? 0;
      return (counts[relativeKey(root, file)]?.[f.ruleId]?.count ?? 0) > allowed;
    });
    return { file, findings: kept };
  });
  return { ...report, files, ...countBySeverity(files.flatMap((f) => f.findings)) };
}

function relativeKey(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
