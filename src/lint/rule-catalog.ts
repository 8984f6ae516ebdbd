/**
 * The rule list as people read it: `wfo rules`, the README's rule table and `wfo rules --format
 * json` all come from the registry and each rule's metadata, so none can drift from the code.
 */
import { RULES } from '../../rules/index.js';
import { presetSeverity, type Rule, ruleDocsUrl } from './rule.js';

export interface RuleRow {
  readonly id: string;
  readonly context: 'workflow' | 'activity' | 'both';
  readonly description: string;
  readonly recommended: string;
  readonly strict: string;
  readonly fixable: boolean;
  readonly docs: string;
  readonly temporalDocs: string;
}

export function ruleRows(rules: readonly Rule[] = RULES): RuleRow[] {
  return rules.map((rule) => ({
    id: rule.meta.id,
    context: rule.meta.context,
    description: rule.meta.description,
    recommended: presetSeverity(rule, 'recommended'),
    strict: presetSeverity(rule, 'strict'),
    fixable: Boolean(rule.meta.fixable),
    docs: ruleDocsUrl(rule.meta.id),
    temporalDocs: rule.meta.temporalDocs,
  }));
}

const SEVERITY_WORD: Record<string, string> = { error: 'error', warn: 'warning', off: 'off' };

/** The README's table (between its `<!-- rules -->` markers); links are relative to the repository. */
export function rulesMarkdownTable(rows: readonly RuleRow[] = ruleRows()): string {
  const lines = ['| rule | code | checks | recommended | strict |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const fix = row.fixable ? ' (fixable)' : '';
    lines.push(`| [${row.id}](docs/rules/${row.id}.md) | ${row.context} | ${row.description}${fix} | ${SEVERITY_WORD[row.recommended]} | ${SEVERITY_WORD[row.strict]} |`);
  }
  return lines.join('\n');
}

/** Aligned columns for the terminal. */
export function rulesText(rows: readonly RuleRow[] = ruleRows()): string {
  const width = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => `${r.id.padEnd(width)}  ${r.context.padEnd(8)}  ${SEVERITY_WORD[r.recommended]!.padEnd(11)}  ${r.description}`);
  return [`${'rule'.padEnd(width)}  ${'code'.padEnd(8)}  ${'recommended'.padEnd(11)}  checks`, ...lines].join('\n');
}
