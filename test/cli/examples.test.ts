import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';

const examples = path.resolve(import.meta.dirname, '../../examples');

it('reports exactly the mistakes planted in examples/, with import chains', () => {
  const { code, stdout, stderr } = runWfo(['lint', '.', '--format', 'json'], { cwd: examples });
  expect(stderr).toBe('');
  expect(code).toBe(1);
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number; line: number; column: number; message: string }[] }[];
  const actual = results.flatMap((r) =>
    r.messages.map((m) => `${path.relative(examples, r.filePath)}:${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId}`),
  );
  const expected = readFileSync(path.join(examples, 'expected-findings.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
  expect(actual).toEqual(expected);
  const pricing = results.find((r) => r.filePath.endsWith('pricing.ts'))!.messages[0]!;
  expect(pricing.message).toContain('(workflow code via order-service/src/workflows/index.ts → order-service/src/workflows/order.ts → order-service/src/shared/pricing.ts)');
});
