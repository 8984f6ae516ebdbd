/** A lint result for one location, and the per-file grouping every formatter reads. */
import path from 'node:path';
import type { Fix, Severity } from './rule.js';

export interface Finding {
  /** Absolute path. */
  readonly file: string;
  /** `null` for a file that could not be parsed or read (ESLint's "fatal" message). */
  readonly ruleId: string | null;
  readonly messageId: string | undefined;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based, as editors and ESLint count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  /** Absolute paths from the workflow (or activity) root to this file, when it is not the root itself. */
  readonly chain: string[] | undefined;
  /**
   * The calls by which the sandbox reaches the code, when it is inside a function that a workflow
   * calls (`["workflow order", "formatRef()"]`, the workflow first); absent when it runs as the
   * workflow function itself or at the module's top level.
   */
  readonly calls?: string[];
  readonly fatal?: boolean;
  /** The values the message template was filled with (the ESLint plugin reports messageId + data). */
  readonly data?: Readonly<Record<string, string>>;
  readonly fix?: Fix;
}

export interface FileReport {
  /** Absolute path. */
  readonly file: string;
  readonly findings: Finding[];
}

export interface LintReport {
  readonly root: string;
  readonly files: FileReport[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/** Stable order: line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}

export function countBySeverity(findings: Iterable<Finding>): { errorCount: number; warningCount: number } {
  let errorCount = 0;
  let warningCount = 0;
  for (const f of findings) {
    if (f.severity === 'error') errorCount++;
    else warningCount++;
  }
  return { errorCount, warningCount };
}

/** Whether the finding says how its code came to be workflow code (an import or a call chain). */
export function hasOrigin(finding: Finding): boolean {
  return finding.chain !== undefined || finding.calls !== undefined;
}

/**
 * How the code came to run in the sandbox, as a reader wants it: the import chain (or the file
 * itself), then the calls, as in `src/workflows.ts → src/lib.ts: workflow order → formatRef()`.
 */
export function describeOrigin(finding: Finding, cwd: string): string {
  const files = describeChain(finding.chain ?? [finding.file], cwd);
  return finding.calls ? `${files}: ${finding.calls.join(' → ')}` : files;
}

/** The chain as a reader wants it: paths relative to `cwd`, joined with arrows. */
export function describeChain(chain: readonly string[], cwd: string): string {
  return chain.map((f) => path.relative(cwd, f).split(path.sep).join('/')).join(' → ');
}
