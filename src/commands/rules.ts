/** `wfo rules [id]`: the rule list, or one rule's documentation. */
import { RULES } from '../../rules/index.js';
import { ExitCode, WfoError } from '../errors.js';
import { ruleRows, rulesMarkdownTable, rulesText } from '../lint/rule-catalog.js';
import { readRuleDoc, ruleDocPath } from '../lint/rule-docs.js';
import { suggest } from '../suggest.js';

export interface RulesCommandOptions {
  format: 'text' | 'json' | 'markdown';
}

export function runRules(id: string | undefined, options: RulesCommandOptions): number {
  if (id === undefined) {
    const rows = ruleRows();
    const output = options.format === 'json' ? JSON.stringify(rows, null, 2) : options.format === 'markdown' ? rulesMarkdownTable(rows) : rulesText(rows);
    process.stdout.write(`${output}\n`);
    return ExitCode.Ok;
  }
  const bare = id.replace(/^wfo\//, '');
  const rule = RULES.find((r) => r.meta.id === bare);
  if (!rule) {
    const ids = RULES.map((r) => r.meta.id);
    throw new WfoError(`unknown rule '${id}'${suggest(bare, ids)}; run \`wfo rules\` to list them`, ExitCode.Usage);
  }
  const doc = readRuleDoc(rule.meta.id);
  if (doc === undefined) throw new WfoError(`the documentation of '${rule.meta.id}' is missing from this installation (${ruleDocPath(rule.meta.id)})`, ExitCode.Usage);
  if (options.format === 'json') {
    const row = ruleRows([rule])[0]!;
    process.stdout.write(`${JSON.stringify({ ...row, messages: rule.meta.messages, options: rule.meta.options ?? {}, doc }, null, 2)}\n`);
  } else process.stdout.write(doc.endsWith('\n') ? doc : `${doc}\n`);
  return ExitCode.Ok;
}
