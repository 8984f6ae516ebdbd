import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { configSchema } from '../../src/config/schema.js';

it('the published JSON schema is the one the rule registry gives (run `npm run schema` after adding a rule)', () => {
  const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schema/wfo.config.schema.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(configSchema())));
  expect(Object.keys(committed.properties.rules.properties).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
});
