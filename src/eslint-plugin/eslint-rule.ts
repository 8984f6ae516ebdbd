/**
 * One wfo rule as an ESLint rule: the same metadata, messages and fixes, and no check of its own.
 * Its `Program` listener asks wfo's runner about the file and reports what it finds.
 *
 * The module's shape is what typescript-eslint's `RuleCreator` builds (meta with docs.url,
 * defaultOptions, create), typed with @typescript-eslint/utils; it is written out rather than
 * made by `RuleCreator` so that the package needs @typescript-eslint/utils only to compile, not
 * at run time: as a dependency it would make npm install eslint and typescript (its peer
 * dependencies) for everyone who only runs `wfo lint`.
 */
import path from 'node:path';
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';
import { optionsSchema } from '../config/schema.js';
import type { Finding } from '../lint/finding.js';
import { describeOrigin, hasOrigin } from '../lint/finding.js';
import { type Rule, ruleDocsUrl } from '../lint/rule.js';
import { findingsFor } from './file-findings.js';
import { recordSeverity } from './severity-processor.js';

export type Options = [Record<string, unknown>];
export type EslintRule = TSESLint.RuleModule<string, Options>;

/** wfo reports a file reached through imports with the chain that makes it workflow code (as `wfo lint -f json` does). */
const VIA = '.via';
const CHAIN_KEY = 'wfoChain';

export function toEslintRule(rule: Rule): EslintRule {
  return {
    defaultOptions: [{}],
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, url: ruleDocsUrl(rule.meta.id) },
      messages: messagesOf(rule),
      schema: rule.meta.options ? [optionsSchema(rule.meta.options) as JSONSchema.JSONSchema4] : [],
      ...(rule.meta.fixable ? { fixable: 'code' as const } : {}),
    },
    create(context) {
      return {
        Program() {
          const request = { file: path.resolve(context.cwd, context.filename), text: context.sourceCode.text, cwd: context.cwd, pass: context.sourceCode };
          const options = (context.options[0] ?? {}) as Record<string, unknown>;
          const { findings, configured } = findingsFor(rule, options, request);
          for (const finding of findings) {
            const report = toReport(rule, finding, context.cwd);
            // wfo's severity for it, where wfo has one of its own (see severity-processor.ts); else the ESLint config's level.
            const severity = finding.severity === 'warn' ? 'warn' : configured;
            if (severity) recordSeverity(context.filename, context.sourceCode, { ruleId: context.id, messageId: report.messageId, line: finding.line, column: finding.column }, severity);
            context.report(report);
          }
        },
      };
    },
  };
}

function messagesOf(rule: Rule): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [id, template] of Object.entries<string>(rule.meta.messages)) {
    messages[id] = template;
    messages[id + VIA] = `${template} (workflow code via {{${CHAIN_KEY}}})`;
  }
  return messages;
}

function toReport(rule: Rule, finding: Finding, cwd: string): TSESLint.ReportDescriptor<string> {
  const messageId = finding.messageId ?? Object.keys(rule.meta.messages)[0]!;
  const fix = finding.fix;
  return {
    // wfo counts columns from 1, as editors show them; ESLint's locations count them from 0.
    loc: {
      start: { line: finding.line, column: finding.column - 1 },
      end: { line: finding.endLine ?? finding.line, column: (finding.endColumn ?? finding.column) - 1 },
    },
    messageId: hasOrigin(finding) ? messageId + VIA : messageId,
    data: hasOrigin(finding) ? { ...finding.data, [CHAIN_KEY]: describeOrigin(finding, cwd) } : { ...finding.data },
    ...(fix ? { fix: (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange([fix.range[0], fix.range[1]], fix.text) } : {}),
  };
}
