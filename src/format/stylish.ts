/** ESLint's `stylish` layout: findings grouped by file, a summary line, colour on a terminal. */
import path from 'node:path';
import { Chalk } from 'chalk';
import { describeOrigin, hasOrigin, type LintReport } from '../lint/finding.js';

export function formatStylish(report: LintReport, options: { color: boolean; cwd: string }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const { file, findings } of report.files) {
    if (!findings.length) continue;
    lines.push('', c.underline(path.relative(options.cwd, file) || file));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      const severity = f.severity === 'error' ? c.red('error') : c.yellow('warning');
      lines.push(`  ${c.dim(where)}  ${severity}  ${f.message}  ${c.dim(f.ruleId ?? '')}`.trimEnd());
      if (hasOrigin(f)) lines.push(`  ${' '.repeat(width)}  ${c.dim(`↳ workflow code via ${describeOrigin(f, options.cwd)}`)}`);
    }
  }
  const total = report.errorCount + report.warningCount;
  if (!total) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${report.errorCount} error${report.errorCount === 1 ? '' : 's'}, ${report.warningCount} warning${report.warningCount === 1 ? '' : 's'})`;
  lines.push('', c.bold(report.errorCount ? c.red(summary) : c.yellow(summary)), '');
  return lines.join('\n');
}
