/**
 * Proof that test/support/history-builder.ts writes histories the real SDK accepts: each kind of
 * event it builds is replayed by `Worker.runReplayHistory` (from wfo's own @temporalio/worker)
 * against small workflows that issue exactly those commands, and a history that disagrees with the
 * code is rejected with the SDK's DeterminismViolationError.
 */
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../support/history-builder.js';
import { linkNodeModules, removeProjects, writeProject } from '../support/temp-project.js';

const WORKFLOWS = `
import { ApplicationFailure, condition, continueAsNew, defineSignal, executeChild, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
const { charge, refund } = proxyActivities<{ charge(id: string): Promise<string>; refund(id: string): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function order(id: string): Promise<string> {
  const receipt = await charge(id);
  await sleep('1 second');
  return receipt;
}

export async function compensated(id: string): Promise<string> {
  try {
    return await charge(id);
  } catch {
    await refund(id);
    throw ApplicationFailure.nonRetryable('charge failed, refunded', 'ChargeFailed');
  }
}

export async function child(id: string): Promise<string> { return 'child-' + id; }
export async function parent(id: string): Promise<string> {
  return await executeChild(child, { args: [id], workflowId: 'child-' + id });
}

export const approve = defineSignal<[string]>('approve');
export async function approval(): Promise<string> {
  let by: string | undefined;
  setHandler(approve, (who) => { by = who; });
  await condition(() => by !== undefined);
  return by!;
}

export async function patchedOrder(id: string): Promise<string> {
  if (patched('refund-first')) await refund(id);
  return await charge(id);
}

export async function pages(page: number): Promise<void> {
  if (page < 1) await continueAsNew<typeof pages>(page + 1);
}
`;

let bundle: WorkflowBundle;

beforeAll(async () => {
  // Core's own warnings about the histories rejected on purpose below stay out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const dir = writeProject({ 'package.json': '{"name":"builder-proof","private":true}', 'src/workflows.ts': WORKFLOWS });
  linkNodeModules(dir);
  bundle = await bundleWorkflowCode({ workflowsPath: `${dir}/src/workflows.ts`, logger: new DefaultLogger('ERROR') });
});
afterAll(removeProjects);

const replay = (h: HistoryBuilder, workflowId = 'wf-1'): Promise<void> => Worker.runReplayHistory({ workflowBundle: bundle }, h.toJSON(), workflowId);

function order(activityType = 'charge'): HistoryBuilder {
  const h = new HistoryBuilder('order', ['o-1'], { workflowId: 'order-o-1', taskQueue: 'orders' });
  h.workflowTask();
  h.activityCompleted(h.activityScheduled(activityType, ['o-1']), 'r-o-1');
  h.workflowTask();
  h.timerFired(h.timerStarted('1s'));
  h.workflowTask();
  h.workflowCompleted('r-o-1');
  return h;
}

describe('histories built by HistoryBuilder replay with the real SDK', () => {
  it('activities and timers, the workflow task events spelled out one by one', async () => {
    const h = new HistoryBuilder('order', ['o-1']);
    h.workflowTaskScheduled();
    h.workflowTaskStarted();
    h.workflowTaskCompleted();
    const scheduled = h.activityScheduled('charge', ['o-1']);
    h.activityStarted(scheduled);
    h.activityCompleted(scheduled, 'r-o-1');
    h.workflowTask();
    h.timerFired(h.timerStarted('1s'));
    h.workflowTask();
    h.workflowCompleted('r-o-1');
    await expect(replay(h)).resolves.toBeUndefined();
    await expect(replay(order())).resolves.toBeUndefined();
  });

  it('a failed activity, its compensation and a failed workflow', async () => {
    const h = new HistoryBuilder('compensated', ['o-1']);
    h.workflowTask();
    h.activityFailed(h.activityScheduled('charge', ['o-1']), 'card declined', 'CardDeclined');
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('refund', ['o-1']));
    h.workflowTask();
    h.workflowFailed('charge failed, refunded', 'ChargeFailed');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('a child workflow', async () => {
    const h = new HistoryBuilder('parent', ['o-1']);
    h.workflowTask();
    const child = h.childInitiated('child', 'child-o-1', ['o-1']);
    const started = h.childStarted(child);
    h.workflowTask();
    h.childCompleted(child, started, 'child-o-1');
    h.workflowTask();
    h.workflowCompleted('child-o-1');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('a signal', async () => {
    const h = new HistoryBuilder('approval');
    h.workflowTask();
    h.signaled('approve', ['ann']);
    h.workflowTask();
    h.workflowCompleted('ann');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('a patch marker', async () => {
    const h = new HistoryBuilder('patchedOrder', ['o-1']);
    h.workflowTask();
    h.patchMarker('refund-first');
    h.activityCompleted(h.activityScheduled('refund', ['o-1']));
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('charge', ['o-1']), 'r');
    h.workflowTask();
    h.workflowCompleted('r');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('continue-as-new', async () => {
    const h = new HistoryBuilder('pages', [0]);
    h.workflowTask();
    h.continuedAsNew([1]);
    await expect(replay(h)).resolves.toBeUndefined();
  });
});

describe('histories that disagree with the code are rejected', () => {
  it('a different activity type: DeterminismViolationError naming both', async () => {
    const error = await replay(order('reserve')).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.name).toBe('DeterminismViolationError');
    expect(error?.message).toMatch(/'reserve' does not match activity type of activity command 'charge'/);
  });

  it('a timer where the code schedules an activity', async () => {
    const h = new HistoryBuilder('order', ['o-1']);
    h.workflowTask();
    h.timerFired(h.timerStarted('1s'));
    h.workflowTask();
    h.workflowCompleted('r');
    await expect(replay(h)).rejects.toMatchObject({ name: 'DeterminismViolationError' });
  });

  it('a missing patch marker is accepted (old executions take the old path), a marker the code does not ask for is not', async () => {
    const h = new HistoryBuilder('patchedOrder', ['o-1']);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('charge', ['o-1']), 'r');
    h.workflowTask();
    h.workflowCompleted('r');
    await expect(replay(h)).resolves.toBeUndefined();
    const stray = new HistoryBuilder('order', ['o-1']);
    stray.workflowTask();
    stray.patchMarker('never-asked');
    stray.activityCompleted(stray.activityScheduled('charge', ['o-1']), 'r');
    stray.workflowTask();
    stray.timerFired(stray.timerStarted('1s'));
    stray.workflowTask();
    stray.workflowCompleted('r');
    await expect(replay(stray)).rejects.toMatchObject({ name: 'DeterminismViolationError' });
  });
});
