/**
 * Proof that what `wfo new` writes is good code: every pattern, generated through the real CLI into
 * a project made by `wfo init`, compiles under strict tsc against the real @temporalio packages,
 * bundles with Temporal's own bundleWorkflowCode, is clean under wfo lint (all rules), passes its
 * own activity tests (MockActivityEnvironment), and behaves as specified when the real SDK replays
 * histories of it offline.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { HistoryBuilder } from '../support/history-builder.js';
import { linkNodeModules, removeProjects } from '../support/temp-project.js';

const repo = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(repo, 'node_modules/typescript/bin/tsc');
const PATTERNS: Record<string, string> = { saga: 'order-checkout', entity: 'shopping-cart', 'fan-out': 'image-resize', 'async-callback': 'video-transcode', 'human-approval': 'expense-approval' };

let dir: string;
afterAll(removeProjects);

beforeAll(() => {
  dir = path.join(os.tmpdir(), `wfo-test-patterns-${process.pid}`);
  const init = runWfo(['init', dir]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  linkNodeModules(dir);
  for (const [pattern, name] of Object.entries(PATTERNS)) {
    const generated = runWfo(['new', pattern, name], { cwd: dir });
    expect(generated.stderr, `${pattern}`).toBe('');
    expect(generated.code, `${pattern}`).toBe(0);
  }
}, 60_000);

afterAll(() => spawnSync('rm', ['-rf', dir]));

function node(args: string[], cwd = dir): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, TEMPORAL_TEST_SERVER: '' } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('every pattern, generated into a wfo init project', () => {
  it('compiles with strict tsc against the real @temporalio packages', () => {
    const { code, out } = node([TSC, '--noEmit', '-p', '.']);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it("bundles with Temporal's bundleWorkflowCode", () => {
    const script = `const { bundleWorkflowCode } = require('@temporalio/worker');
bundleWorkflowCode({ workflowsPath: require('path').resolve('src/workflows/index.ts'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error(m) { console.error(m); }, log() {} } })
  .then(({ code }) => console.log('bundled ' + code.length), (err) => { console.error(String(err)); process.exit(1); });`;
    writeFileSync(path.join(dir, 'bundle.cjs'), script);
    const { code, out } = node(['bundle.cjs']);
    expect(out).toMatch(/^bundled \d+/);
    expect(code).toBe(0);
  });

  it('is clean under wfo lint, with every rule on (strict)', () => {
    writeFileSync(path.join(dir, 'wfo.config.json'), JSON.stringify({ preset: 'strict' }));
    const { code, stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    const messages = (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(messages).toEqual([]);
    expect(code).toBe(0);
  });

  it("passes its own activity tests (MockActivityEnvironment), and skips the server tests saying why", () => {
    expect(node([TSC, '-p', '.']).code).toBe(0);
    const { code, out } = node(['--test']);
    expect(out).toMatch(/# fail 0/);
    expect(out).toMatch(/# pass (1[0-9]|[2-9]\d)/);
    expect(out).toContain('# SKIP set TEMPORAL_TEST_SERVER=1');
    expect(code).toBe(0);
  });
});

describe('behaviour, replayed offline by the real SDK', () => {
  function replay(name: string, history: object): { code: number | null; stdout: string } {
    const file = path.join(dir, 'histories', `${name}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(history));
    const { code, stdout } = runWfo(['replay', path.relative(dir, file), '--format', 'json'], { cwd: dir });
    return { code, stdout };
  }

  /** A saga whose third step is refused: compensations of steps two and one, in that order. */
  function sagaHistory(compensations: string[]): object {
    const input = { orderId: 'o-1', customerId: 'c-1', items: ['sku-1'], amountCents: 100 };
    const h = new HistoryBuilder('orderCheckout', [input]);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('orderCheckoutReserve'), { reservationId: 'r-1' });
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('orderCheckoutCharge'), { paymentId: 'p-1' });
    h.workflowTask();
    h.activityFailed(h.activityScheduled('orderCheckoutShip'), 'no courier', 'OrderCheckoutUndeliverable');
    h.workflowTask();
    for (const compensation of compensations) {
      h.activityCompleted(h.activityScheduled(compensation));
      h.workflowTask();
    }
    h.workflowFailed('order checkout o-1 failed and was compensated: no courier', 'OrderCheckoutFailed');
    return h.toJSON();
  }

  it('saga: a refused third step is compensated by refunding, then releasing', () => {
    const { code, stdout } = replay('saga-ok', sagaHistory(['orderCheckoutRefund', 'orderCheckoutRelease']));
    expect(JSON.parse(stdout)).toMatchObject([{ workflowType: 'orderCheckout', ok: true }]);
    expect(code).toBe(0);
  });

  it('saga: the replay fails when the history has the compensations in the wrong order', () => {
    const { code, stdout } = replay('saga-wrong-order', sagaHistory(['orderCheckoutRelease', 'orderCheckoutRefund']));
    expect(JSON.parse(stdout)).toMatchObject([{ ok: false }]);
    expect(code).toBe(1);
  });

  /** Three items, batches of `batches` sizes: each batch's children start together, the next batch after. */
  function fanOutHistory(workflowId: string, batches: string[][]): object {
    const h = new HistoryBuilder('imageResize', [{ jobId: 'j', batchSize: 2 }]);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('imageResizeListItems'), { items: batches.flat() });
    h.workflowTask();
    for (const batch of batches) {
      const children = batch.map((item) => h.childInitiated('imageResizeItem', `${workflowId}/${item}`, [{ jobId: 'j', item }]));
      const started = children.map((child) => h.childStarted(child));
      children.forEach((child, i) => h.childCompleted(child, started[i]!));
      h.workflowTask();
    }
    h.workflowCompleted({ succeeded: 3, failed: 0, failures: [] });
    return h.toJSON();
  }

  it('fan-out: children start in batches of the batch size', () => {
    // Replay takes the workflow id from the file name; the children's ids derive from it.
    const { code, stdout } = replay('fan-out', fanOutHistory('fan-out', [['a', 'b'], ['c']]));
    expect(JSON.parse(stdout)).toMatchObject([{ workflowType: 'imageResize', ok: true }]);
    expect(code).toBe(0);
    // All three at once is not what the code does.
    const unbatched = replay('fan-out-unbatched', fanOutHistory('fan-out-unbatched', [['a', 'b', 'c']]));
    const [outcome] = JSON.parse(unbatched.stdout) as { ok: boolean; message: string }[];
    expect(outcome!.ok).toBe(false);
    expect(outcome!.message).toMatch(/[Nn]ondetermin/);
  });

  it('async-callback: no callback before the deadline cancels the job and reports the timeout', () => {
    const h = new HistoryBuilder('videoTranscode', [{ request: { file: 'a.mp4' }, timeout: '1 hour' }]);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('videoTranscodeStartJob'), { jobId: 'job-1' });
    h.workflowTask();
    h.timerFired(h.timerStarted('3600s'));
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('videoTranscodeCancelJob'));
    h.workflowTask();
    h.workflowCompleted({ status: 'timed-out', jobId: 'job-1' });
    const { code, stdout } = replay('callback-timeout', h.toJSON());
    expect(JSON.parse(stdout)).toMatchObject([{ workflowType: 'videoTranscode', ok: true }]);
    expect(code).toBe(0);
  });
});
