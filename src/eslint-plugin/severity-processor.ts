/**
 * Each wfo finding at wfo's severity for it, in ESLint. An ESLint rule's reports carry no
 * severity: all of them get the rule's level in the ESLint config. But wfo gives some findings a
 * severity of their own: a rule reports a lesser variant as a warning (a value import of
 * activities used only as a type), and a project's wfo.config.json may set a rule's level. The
 * rule records the severity it wants for each report here, and this processor, which ESLint runs
 * on the file's messages once the rules are done, sets it. It is the only place ESLint lets a
 * plugin change a message's severity; the text itself goes through untouched, so ESLint lints
 * the file as it would without it, fixes included.
 *
 * ESLint lints a file synchronously from preprocess to postprocess, one file at a time per
 * thread, so a table keyed by file name holds only the pass in progress.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Severity } from '../lint/rule.js';
import { wfoVersion } from '../version.js';

type LintMessage = TSESLint.Linter.LintMessage;

export interface ReportPosition {
  /** The rule's id as ESLint names it (`context.id`, e.g. `wfo/no-host-globals`). */
  readonly ruleId: string;
  readonly messageId: string;
  /** As ESLint's messages count: lines and columns from 1. */
  readonly line: number;
  readonly column: number;
}

interface Pass {
  /** The file's SourceCode in the pass that recorded these (a new pass starts afresh). */
  readonly pass: object;
  readonly wanted: Map<string, Severity[]>;
}

const pending = new Map<string, Pass>();

/** Asks for the report at `position` in `filename` to be shown at `severity`. */
export function recordSeverity(filename: string, pass: object, position: ReportPosition, severity: Severity): void {
  let entry = pending.get(filename);
  if (entry?.pass !== pass) {
    entry = { pass, wanted: new Map() };
    pending.set(filename, entry);
  }
  const key = keyOf(position);
  entry.wanted.set(key, [...(entry.wanted.get(key) ?? []), severity]);
}

export const severityProcessor = {
  meta: { name: 'wfo/severity', version: wfoVersion() },
  supportsAutofix: true,
  preprocess(text: string, filename: string): string[] {
    pending.delete(filename);
    return [text];
  },
  postprocess(messageLists: LintMessage[][], filename: string): LintMessage[] {
    const wanted = pending.get(filename)?.wanted;
    pending.delete(filename);
    const messages = messageLists.flat();
    if (!wanted) return messages;
    return messages.map((message) => {
      if (!message.ruleId || !message.messageId) return message;
      // Several reports at one place of one rule and message id are taken in the order reported.
      const severity = wanted.get(keyOf({ ruleId: message.ruleId, messageId: message.messageId, line: message.line, column: message.column }))?.shift();
      return severity ? { ...message, severity: severity === 'warn' ? 1 : 2 } : message;
    });
  },
} satisfies TSESLint.Processor.ProcessorModule;

function keyOf({ ruleId, messageId, line, column }: ReportPosition): string {
  return `${ruleId}\0${messageId}\0${line}:${column}`;
}
