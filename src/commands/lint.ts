/**
 * `wfo lint`: options in, one call into the core, report out, exit code back. The core (rules,
 * project model) is loaded only when the cache cannot repeat the last run's report.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { type ColorFlag, shouldColor } from '../format/color.js';
import { progressLine } from '../format/progress.js';
import { countBySeverity, type LintReport } from '../lint/finding.js';
import type { BaselineMode, LintOptions, LintResult } from '../lint/lint.js';
import { previousRunReport } from '../lint/previous-run.js';
import { wfoVersion } from '../version.js';

export interface LintCommandOptions {
  format: 'stylish' | 'json' | 'sarif' | 'github';
  outputFile?: string;
  quiet?: boolean;
  maxWarnings?: number;
  /** `--color` / `--no-color`; undefined when neither is given. */
  color: ColorFlag;
  config?: string;
  printConfig?: string;
  cache?: boolean;
  cacheLocation?: string;
  staged?: boolean;
  changed?: string | true;
  stdin?: boolean;
  stdinFilename?: string;
  errorOnUnmatchedPattern: boolean;
  reportUnusedDisableDirectives?: boolean;
  suppressAll?: boolean;
  suppressRule?: string[];
  pruneSuppressions?: boolean;
  suppressionsLocation?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  deployed?: string;
}

export async function runLint(paths: string[], options: LintCommandOptions): Promise<number> {
  const cwd = process.cwd();
  if (options.printConfig) {
    const { describeFile } = await import('../lint/describe-file.js');
    process.stdout.write(`${JSON.stringify(describeFile(options.printConfig, cwd, options.config), null, 2)}\n`);
    return ExitCode.Ok;
  }
  const core = toCoreOptions(paths, options, cwd);
  let result: Pick<LintResult, 'report' | 'unmatched' | 'baselineWritten'> & Partial<Pick<LintResult, 'fixed'>> | undefined = previousRunReport(core);
  if (!result) {
    const { lint } = await import('../lint/lint.js');
    const progress = progressLine();
    try {
      result = lint({ ...core, onProgress: progress?.update });
    } finally {
      progress?.clear();
    }
  }
  if (result.unmatched.length && options.errorOnUnmatchedPattern) {
    const { ignoringGitignore } = await import('../project/file-discovery.js');
    const why = result.unmatched.map(ignoringGitignore).find((file) => file !== undefined);
    throw new WfoError(`no files to lint in ${result.unmatched.map((p) => path.relative(cwd, p) || '.').join(', ')}${why ? `: ${path.relative(cwd, why)} ignores it` : ''}`);
  }
  if (result.baselineWritten) process.stderr.write(`wfo: wrote ${path.relative(cwd, result.baselineWritten)}\n`);
  const report = options.quiet ? errorsOnly(result.report) : result.report;
  const color = shouldColor(options.color, options.outputFile ? 'file' : process.stdout);
  const output = await formatReport(report, options.format, { cwd, color, fixed: result.fixed });
  if (options.outputFile) writeAtomically(path.resolve(cwd, options.outputFile), output);
  else if (output) process.stdout.write(output);
  if (report.errorCount > 0) return ExitCode.Problems;
  if (options.maxWarnings !== undefined && result.report.warningCount > options.maxWarnings) {
    process.stderr.write(`wfo: ${result.report.warningCount} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    return ExitCode.Problems;
  }
  return ExitCode.Ok;
}

/** Only the chosen formatter is loaded (chalk, for one, only for stylish output). */
async function formatReport(report: LintReport, format: LintCommandOptions['format'], how: { cwd: string; color: boolean; fixed?: ReadonlyMap<string, string> }): Promise<string> {
  switch (format) {
    case 'json':
      return `${(await import('../format/json.js')).formatJson(report, how.cwd, how.fixed)}\n`;
    case 'sarif':
      return `${(await import('../format/sarif.js')).formatSarif(report, how.cwd, wfoVersion())}\n`;
    case 'github':
      return (await import('../format/github.js')).formatGithub(report, how.cwd);
    default:
      return (await import('../format/stylish.js')).formatStylish(report, { color: how.color, cwd: how.cwd });
  }
}

function toCoreOptions(paths: string[], options: LintCommandOptions, cwd: string): LintOptions {
  if (options.staged && options.changed) throw new WfoError('--staged and --changed cannot be used together');
  if (options.stdin && !options.stdinFilename) throw new WfoError('--stdin needs --stdin-filename <path> (the path the text belongs to)');
  const modes = [options.suppressAll || options.suppressRule?.length, options.pruneSuppressions].filter(Boolean).length;
  if (modes > 1) throw new WfoError('--suppress-all/--suppress-rule and --prune-suppressions cannot be used together');
  const baseline: BaselineMode = options.suppressAll
    ? { kind: 'suppress' }
    : options.suppressRule?.length
      ? { kind: 'suppress', rules: options.suppressRule }
      : options.pruneSuppressions
        ? { kind: 'prune' }
        : { kind: 'apply' };
  return {
    paths,
    cwd,
    configFile: options.config,
    // Findings against a deployed revision are not cached (the cache does not key them by it).
    cacheLocation: (options.cache || options.cacheLocation) && options.deployed === undefined ? cacheFile(cwd, options.cacheLocation) : undefined,
    only: options.staged ? { kind: 'staged' } : options.changed ? { kind: 'changed', base: options.changed === true ? 'HEAD' : options.changed } : undefined,
    stdin: options.stdin ? { filename: options.stdinFilename!, text: readFileSync(0, 'utf8') } : undefined,
    reportUnusedDirectives: options.reportUnusedDisableDirectives,
    baseline,
    baselineLocation: options.suppressionsLocation,
    deployed: options.deployed,
    fix: options.fix && !options.stdin ? 'write' : options.fix || options.fixDryRun ? 'dry-run' : undefined,
  };
}

/** Like ESLint: a folder (or a path ending in a separator) gets `.wfo-cache` inside it. */
function cacheFile(cwd: string, location: string | undefined): string {
  if (!location) return path.join(cwd, '.wfo-cache');
  const absolute = path.resolve(cwd, location);
  return location.endsWith('/') || location.endsWith(path.sep) || isDirectory(absolute) ? path.join(absolute, '.wfo-cache') : absolute;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function errorsOnly(report: LintReport): LintReport {
  const files = report.files.map((f) => ({ file: f.file, findings: f.findings.filter((x) => x.severity === 'error') }));
  return { ...report, files, ...countBySeverity(files.flatMap((f) => f.findings)) };
}
