/**
 * The held-out precision cases (issue: follow what the bundler bundles and what the sandbox runs),
 * each a small project in test/fixtures/cases/precision/<case> with its EXPECT.md, linted through
 * the real CLI. Each expectation is the exact list of findings, as `file:line rule-id`.
 *
 * Facts the expectations rest on were checked with `bundleWorkflowCode` of @temporalio/worker 1.24:
 * - bundler-stops-at-disallowed-packages: the bundle fails on '@temporalio/client' (aliased to an
 *   empty module, never entered), and on nothing inside packages/client.
 * - ignore-modules-honoured: bundles once './telemetry' and './db-client' are in ignoreModules.
 * - mixed-activity-module-helpers: importing formatSubject from src/email.ts makes the bundler
 *   report '@temporalio/activity', which email.ts imports (bundler.ts `captureProblematicModules`
 *   runs on every request, even one aliased to `false`): that import is a true error, with the chain.
 * - webpack-substitutes-file-names: bundles; `__filename`, `__dirname` and `require.resolve('./x')`
 *   are replaced at bundle time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';

const cases = path.resolve(import.meta.dirname, '../fixtures/cases/precision');

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; severity: number; message: string }[];
}

function lint(name: string): { code: number | null; findings: string[]; results: JsonResult[]; stderr: string } {
  const dir = path.join(cases, name);
  const { code, stdout, stderr } = runWfo(['lint', '-f', 'json'], { cwd: dir });
  const results = stdout ? (JSON.parse(stdout) as JsonResult[]) : [];
  const findings = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? 'fatal'}${m.severity === 1 ? ' (warn)' : ''}`));
  return { code, findings, results, stderr };
}

const expected: Record<string, string[]> = {
  'activities-key-is-not-registration': [],
  'bundler-stops-at-disallowed-packages': ['packages/app/src/workflows.ts:2 no-non-workflow-temporal-packages'],
  'cancellation-checked-in-helper': [],
  'cancellation-reraised-by-next-call': ['src/workflows.ts:30 cancellation-swallowed'],
  'guards-and-polyfills': [],
  'heartbeat-helpers-by-behaviour': ['src/activities.ts:21 activity-heartbeat (warn)'],
  'ignore-modules-honoured': [],
  'is-replaying-for-telemetry': [],
  'media-files-named-ts': [],
  'mixed-activity-module-helpers': ['src/email.ts:1 no-non-workflow-temporal-packages', 'src/workflows-bad.ts:4 no-activity-value-import'],
  'nul-byte-in-string-literal': [],
  'test-helpers-are-not-workflows': [],
  'unreachable-host-code-in-workflow-module': ['src/workflows.ts:9 no-host-globals'],
  'webpack-substitutes-file-names': [],
};

describe('precision cases', () => {
  for (const [name, findings] of Object.entries(expected)) {
    it(`${name}: ${findings.length ? findings.join(', ') : 'no finding'}`, () => {
      const result = lint(name);
      expect(result.stderr).toBe('');
      expect(result.findings).toEqual(findings);
      expect(result.code).toBe(findings.some((f) => !f.endsWith('(warn)')) ? 1 : 0);
    });
  }
});
