/**
 * GitHub Actions workflow commands: one `::error`/`::warning` annotation per finding, shown on the
 * pull request's diff. Escaping follows @actions/core (`%`, CR, LF in messages; also `:` and `,`
 * in properties).
 */
import path from 'node:path';
import { describeOrigin, hasOrigin, type LintReport } from '../lint/finding.js';

export function formatGithub(report: LintReport, cwd: string): string {
  const lines: string[] = [];
  for (const { file, findings } of report.files) {
    const relative = path.relative(cwd, file).split(path.sep).join('/');
    for (const f of findings) {
      const properties = [`file=${relative}`, `line=${f.line}`, `col=${f.column}`];
      if (f.endLine !== undefined) properties.push(`endLine=${f.endLine}`);
      if (f.endColumn !== undefined) properties.push(`endColumn=${f.endColumn}`);
      properties.push(`title=${f.ruleId ? `wfo/${f.ruleId}` : 'wfo: file not linted'}`);
      const message = hasOrigin(f) ? `${f.message}\nWorkflow code via ${describeOrigin(f, cwd)}` : f.message;
      lines.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${properties.map(escapeProperty).join(',')}::${escapeData(message)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `key=value`: only the value is escaped. */
export function escapeProperty(property: string): string {
  const at = property.indexOf('=');
  return `${property.slice(0, at + 1)}${escapeData(property.slice(at + 1)).replace(/:/g, '%3A').replace(/,/g, '%2C')}`;
}
