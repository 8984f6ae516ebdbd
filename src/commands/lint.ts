/** `wfo lint`: options in, one call into the core, report out, exit code back. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { formatJson } from '../format/json.js';
import { formatStylish } from '../format/stylish.js';
import type { LintReport } from '../lint/finding.js';
import { lint } from '../lint/lint.js';

export interface LintCommandOptions {
  format: 'stylish' | 'json';
  outputFile?: string;
  quiet?: boolean;
  maxWarnings?: number;
  color: boolean;
}

export async function runLint(paths: string[], options: LintCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const full = lint({ paths, cwd });
  if (full.unmatched.length) {
    throw new WfoError(`no files to lint in ${full.unmatched.map((p) => path.relative(cwd, p) || '.').join(', ')}`);
  }
  const report = options.quiet ? errorsOnly(full) : full;
  const color = options.color && !options.outputFile && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const output = options.format === 'json' ? `${formatJson(report, cwd)}\n` : formatStylish(report, { color, cwd });
  if (options.outputFile) writeFileSync(path.resolve(cwd, options.outputFile), output);
  else if (output) process.stdout.write(output);
  if (report.errorCount > 0) return ExitCode.Problems;
  if (options.maxWarnings !== undefined && full.warningCount > options.maxWarnings) {
    process.stderr.write(`wfo: ${full.warningCount} warnings exceed --max-warnings ${options.maxWarnings}\n`);
    return ExitCode.Problems;
  }
  return ExitCode.Ok;
}

function errorsOnly(report: LintReport): LintReport {
  const files = report.files.map((f) => ({ file: f.file, findings: f.findings.filter((x) => x.severity === 'error') }));
  return { ...report, files, warningCount: 0 };
}
