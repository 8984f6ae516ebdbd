/**
 * The histories recorded from the dev server (scripts/record-histories.mjs: the fixture project's
 * workflows on a real worker) replay offline: OK against the code that recorded them, and failing
 * at the first command that differs against a changed version.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects } from '../support/temp-project.js';
import { fixtureProject, RECORDED } from './fixture-project.js';
import type { ReplayOutcome } from '../../src/replay/replay.js';

afterAll(removeProjects);

/** One history's result in `wfo replay --format json`. */
type Outcome = ReplayOutcome;

function replay(version: Parameters<typeof fixtureProject>[0]): { code: number | null; outcomes: Outcome[] } {
  const { code, stdout, stderr } = runWfo(['replay', RECORDED, '--format', 'json'], { cwd: fixtureProject(version) });
  expect(stderr).toBe('');
  return { code, outcomes: JSON.parse(stdout) as Outcome[] };
}

describe('recorded histories (test/fixtures/histories/recorded)', () => {
  it('are one per fixture execution, named by workflow id and run id', () => {
    const files = readdirSync(RECORDED).sort();
    expect(files.map((f) => f.replace(/_[0-9a-f-]{36}\.json$/, ''))).toEqual(['approval-1', 'fulfilment-1', 'order-1', 'shipment-1']);
  });

  it('replay OK against the code that recorded them, within every limit', () => {
    const { code, outcomes } = replay('original');
    expect(outcomes.map((o) => [o.workflowType, o.workflowId, o.ok, o.limits])).toEqual([
      ['approval', 'approval-1', true, []],
      ['fulfilment', 'fulfilment-1', true, []],
      ['order', 'order-1', true, []],
      ['shipment', 'shipment-1', true, []],
    ]);
    expect(code).toBe(0);
  });

  it('fail at the event the changed workflow diverges from', () => {
    const { code, outcomes } = replay('a step added');
    const order = outcomes.find((o) => o.workflowId === 'order-1')!;
    expect(order).toMatchObject({ ok: false, error: 'nondeterminism', eventId: 5 });
    expect(order.message).toMatch(/Nondeterminism/);
    expect(path.basename(order.file!)).toMatch(/^order-1_/);
    expect(outcomes.filter((o) => o.ok).map((o) => o.workflowId)).toEqual(['approval-1', 'fulfilment-1', 'shipment-1']);
    expect(code).toBe(1);
  });
});
