// npm run schema: regenerates what is derived from the rule registry: schema/wfo.config.schema.json
// and the rule table in README.md (between the `<!-- rules:start -->` and `<!-- rules:end -->` markers).
// test/config/schema.test.ts and test/cli/rules.test.ts fail when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const { configSchema } = await import('../dist/src/config/schema.js');
const { rulesMarkdownTable } = await import('../dist/src/lint/rule-catalog.js');

writeFileSync(new URL('../schema/wfo.config.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);

const readme = new URL('../README.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
const table = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/;
if (!table.test(text)) throw new Error('README.md has no <!-- rules:start --> … <!-- rules:end --> block');
writeFileSync(readme, text.replace(table, (_, start, end) => `${start}${rulesMarkdownTable()}\n${end}`));
