/** ESLint's `json` formatter shape, so tools that read ESLint output read wfo's. */
import { describeOrigin, type Finding, hasOrigin, type LintReport } from '../lint/finding.js';

/** `fixed`: the text after fixes, per file, shown as ESLint's `output` (with --fix / --fix-dry-run). */
export function formatJson(report: LintReport, cwd: string, fixed?: ReadonlyMap<string, string>): string {
  const results = report.files.map(({ file, findings }) => ({
    filePath: file,
    messages: findings.map((f) => toEslintMessage(f, cwd)),
    suppressedMessages: [],
    errorCount: findings.filter((f) => f.severity === 'error').length,
    fatalErrorCount: findings.filter((f) => f.fatal).length,
    warningCount: findings.filter((f) => f.severity === 'warn').length,
    fixableErrorCount: findings.filter((f) => f.fix && f.severity === 'error').length,
    fixableWarningCount: findings.filter((f) => f.fix && f.severity === 'warn').length,
    usedDeprecatedRules: [],
    ...(fixed?.has(file) ? { output: fixed.get(file) } : {}),
  }));
  return JSON.stringify(results);
}

function toEslintMessage(finding: Finding, cwd: string): Record<string, unknown> {
  const message: Record<string, unknown> = {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? 2 : 1,
    message: withChain(finding, cwd),
    line: finding.line,
    column: finding.column,
  };
  if (finding.fatal) message.fatal = true;
  if (finding.messageId) message.messageId = finding.messageId;
  if (finding.endLine !== undefined) message.endLine = finding.endLine;
  if (finding.endColumn !== undefined) message.endColumn = finding.endColumn;
  if (finding.fix) message.fix = { range: [...finding.fix.range], text: finding.fix.text };
  return message;
}

/** The message with the import chain, for formats that have no field of their own for it. */
export function withChain(finding: Finding, cwd: string): string {
  return hasOrigin(finding) ? `${finding.message} (workflow code via ${describeOrigin(finding, cwd)})` : finding.message;
}
