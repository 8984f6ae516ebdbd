/**
 * The held-out recall cases (issue: the real mistakes wfo misses), each a small project in
 * test/fixtures/cases/recall/<case> with its EXPECT.md, linted through the real CLI with the
 * `recommended` preset. Each expectation is the exact list of findings, as `file:line rule-id`
 * (` (warn)` for a warning). Where an EXPECT.md allows either of two lines, the one chosen is the
 * one the rule reports; the valid twins of each case live in the rule's own tests.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';

const cases = path.resolve(import.meta.dirname, '../fixtures/cases/recall');

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; severity: number; message: string }[];
}

function lint(name: string): { code: number | null; findings: string[]; stderr: string } {
  const dir = path.join(cases, name);
  const { code, stdout, stderr } = runWfo(['lint', '-f', 'json'], { cwd: dir });
  const results = stdout ? (JSON.parse(stdout) as JsonResult[]) : [];
  const findings = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? 'fatal'}${m.severity === 1 ? ' (warn)' : ''}`));
  return { code, findings: findings.sort(), stderr };
}

const expected: Record<string, string[]> = {
  'all-settled-swallows-cancellation': ['src/workflows.ts:8 cancellation-swallowed'],
  'cancellation-checked-then-dropped': ['src/workflows.ts:9 cancellation-swallowed'],
  'cleanup-after-cancel-in-cancelled-scope': ['src/workflows.ts:11 cleanup-in-cancelled-scope', 'src/workflows.ts:21 cleanup-in-cancelled-scope'],
  'continue-as-new-in-update-handler': ['src/workflows.ts:11 continue-as-new-in-update-handler'],
  'saga-unshift-and-cancelled-compensations': ['src/workflows.ts:10 saga-compensation-order (warn)', 'src/workflows.ts:12 saga-compensation-order (warn)', 'src/workflows.ts:14 cleanup-in-cancelled-scope'],
  'swallowing-shapes': ['src/workflows.ts:14 cancellation-swallowed', 'src/workflows.ts:26 cancellation-swallowed', 'src/workflows.ts:35 cancellation-swallowed', 'src/workflows.ts:36 plain-error-in-workflow (warn)', 'src/workflows.ts:7 cancellation-swallowed'],
  'activity-calls-workflow-api': ['src/activities.ts:4 no-workflow-apis-in-activities'],
  'browser-globals-and-console-methods': ['src/workflows.ts:5 no-host-globals', 'src/workflows.ts:6 no-host-globals'],
  'dynamic-import-breaks-the-bundle': ['src/workflows.ts:5 no-dynamic-module-loading'],
  'temporal-now-is-a-host-clock': ['src/workflows.ts:5 no-temporal-now'],
  'tsconfig-paths-not-bundled': ['src/lib/clock.ts:1 no-node-builtins', 'src/workflows.ts:2 no-tsconfig-paths'],
  'condition-on-uncalled-function': ['src/workflows.ts:13 unfinished-async-handlers (warn)'],
  'endless-loop-with-conditional-returns': ['src/workflows.ts:8 unbounded-history'],
  'handlers-registered-after-await': ['src/workflows.ts:11 handlers-registered-after-await (warn)'],
  'human-wait-without-deadline': ['src/workflows.ts:12 condition-timeout (warn)'],
  'patched-call-that-guards-nothing': ['src/workflows.ts:8 patch-id-hygiene (warn)'],
  'race-as-timeout-leaves-activity-running': ['src/workflows.ts:8 race-as-timeout-leaves-activity-running (warn)'],
  'sequential-loop-over-input': ['src/workflows.ts:8 unbounded-history (warn)'],
  'validation-error-retried-forever': ['src/activities.ts:5 validation-error-retried-forever (warn)'],
  'values-the-json-converter-changes': ['src/activities.ts:1 values-the-json-converter-changes (warn)', 'src/workflows.ts:6 values-the-json-converter-changes (warn)'],
  'activity-stubs-from-another-module': ['src/workflows.ts:13 unbounded-fan-out (warn)', 'src/workflows.ts:17 unbounded-history', 'src/workflows.ts:6 cancellation-swallowed', 'src/workflows.ts:9 floating-workflow-promise'],
  'db-client-from-another-module': ['src/activities.ts:4 non-idempotent-write (warn)'],
  'workflow-file-that-imports-client': ['src/flows/renewal.ts:2 no-non-workflow-temporal-packages', 'src/flows/renewal.ts:6 no-host-globals'],
};

describe('recall cases', () => {
  for (const [name, findings] of Object.entries(expected)) {
    it(`${name}: ${findings.join(', ')}`, () => {
      const result = lint(name);
      expect(result.stderr).toBe('');
      expect(result.findings).toEqual([...findings].sort());
      expect(result.code).toBe(findings.some((f) => !f.endsWith('(warn)')) ? 1 : 0);
    });
  }
});
