/**
 * Proof that what `wfo init` and `wfo new` write is good code: a project made by `wfo init`, with
 * every pattern generated into it through the real CLI, installs with npm (one install shared by
 * every generated project of the suite), compiles under strict tsc, bundles with Temporal's own
 * bundleWorkflowCode, is clean under wfo lint (all rules), passes its activity tests
 * (MockActivityEnvironment) and, through its own `npm test`, its workflow tests on Temporal's real
 * servers; and the real SDK replays histories of it offline as specified.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { type SharedInstall, linkInstall, readPackageJson, sharedInstall } from '../support/generated-install.js';
import { SERVER_RUN_TIMEOUT, TSC, bundle, declaredTests, lintMessages, node, run, testCounts, testFiles } from '../support/generated-project.js';
import { HistoryBuilder } from '../support/history-builder.js';
import { requireServers, serverEnv } from '../support/temporal-servers.js';

const repo = path.resolve(import.meta.dirname, '../..');
const PATTERNS: Record<string, string> = { saga: 'order-checkout', entity: 'shopping-cart', 'fan-out': 'image-resize', 'async-callback': 'video-transcode', 'human-approval': 'expense-approval' };

let base: string;
let dir: string;
let initOutput: string;
let install: SharedInstall;

beforeAll(() => {
  // The project folder's name is the package name: the same in every run, so the install is shared.
  base = mkdtempSync(path.join(os.tmpdir(), 'wfo-test-patterns-'));
  dir = path.join(base, 'shop');
  const init = runWfo(['init', dir]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  initOutput = init.stdout;
  install = sharedInstall(readPackageJson(dir));
  linkInstall(install, dir);
  for (const [pattern, name] of Object.entries(PATTERNS)) {
    const generated = runWfo(['new', pattern, name], { cwd: dir });
    expect(generated.stderr, pattern).toBe('');
    expect(generated.code, pattern).toBe(0);
  }
}, 300_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a wfo init project with every pattern generated into it', () => {
  it('installs with npm: the @temporalio packages from the registry, wfo from this checkout through a file: link, said in the output', () => {
    const checkout = realpathSync(repo).split(path.sep).join('/');
    const manifest = JSON.parse(readFileSync(path.join(install.dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; engines: Record<string, string> };
    expect(manifest.devDependencies.wfo).toBe(`file:${checkout}`);
    expect(manifest.engines.node).toBe('>=20.19');
    expect(initOutput).toContain(`wfo: "file:${checkout}" in devDependencies, since this wfo runs from a checkout, not from the npm registry`);
    expect(realpathSync(path.join(install.dir, 'node_modules/wfo'))).toBe(realpathSync(repo));
    expect(install.log).not.toMatch(/ERR!/);
  });

  it('compiles with strict tsc against the real @temporalio packages', () => {
    const { code, out } = node([TSC, '--noEmit', '-p', '.'], dir);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it("bundles with Temporal's bundleWorkflowCode", () => {
    const { code, out } = bundle(dir, 'src/workflows/index.ts');
    expect(out).toMatch(/^bundled \d+/);
    expect(code).toBe(0);
  });

  it('is clean under its own `npm run lint` (the installed wfo), with every rule on (strict)', () => {
    writeFileSync(path.join(dir, 'wfo.config.json'), JSON.stringify({ preset: 'strict' }));
    const { code, out } = run('npm', ['run', '--silent', 'lint', '--', '-f', 'json'], dir);
    expect(lintMessages(out, dir)).toEqual([]);
    expect(code).toBe(0);
  });

  it('passes its own activity tests (MockActivityEnvironment), offline', () => {
    expect(node([TSC, '-p', '.'], dir).code).toBe(0);
    const files = testFiles(dir, 'lib/test', '.activities.test.js');
    expect(files).toHaveLength(Object.keys(PATTERNS).length + 1);
    const { code, out } = node(['--test', ...files], dir);
    expect(testCounts(out)).toEqual({ tests: declaredTests(dir, sources(files)), pass: declaredTests(dir, sources(files)), fail: 0, skipped: 0 });
    expect(code).toBe(0);
  });

  it("passes every test of its own `npm test`, the workflow tests on Temporal's real servers", (context) => {
    const servers = requireServers(context);
    const { code, out, seconds } = run('npm', ['test'], dir, serverEnv(servers));
    const all = sources(testFiles(dir, 'lib/test', '.test.js'));
    const workflowTests = declaredTests(dir, all.filter((f) => f.endsWith('.workflow.test.ts')));
    expect(workflowTests).toBeGreaterThanOrEqual(Object.keys(PATTERNS).length + 1);
    expect(testCounts(out), out).toEqual({ tests: declaredTests(dir, all), pass: declaredTests(dir, all), fail: 0, skipped: 0 });
    expect(code).toBe(0);
    console.log(`wfo init project: npm test passed ${declaredTests(dir, all)} tests, ${workflowTests} of them workflow tests on the real servers, in ${seconds.toFixed(1)}s`);
  }, SERVER_RUN_TIMEOUT);
});

/** The sources of compiled tests (lib/test/x.test.js → src/test/x.test.ts). */
function sources(compiled: string[]): string[] {
  return compiled.map((file) => file.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts'));
}

/**
 * Each history is what a correct run of the generated code records; its twin (a step left out,
 * reordered or added) is what a wrong implementation would record. `wfo replay` runs the project's
 * own SDK on all of them at once: the real workflow code must reproduce the right ones command for
 * command, and diverge from the wrong ones. Replay takes each workflow id from the file name.
 */
describe('behaviour, replayed offline by the real SDK', () => {
  const SAGA_INPUT = { orderId: 'o-1', customerId: 'c-1', items: ['sku-1'], amountCents: 100 };

  /** Reserve and charge succeed, shipping is refused; then the given compensations, each completed or failed. */
  function saga(compensations: [activity: string, outcome: 'completed' | 'failed'][]): HistoryBuilder {
    const h = new HistoryBuilder('orderCheckout', [SAGA_INPUT]);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('orderCheckoutReserve'), { reservationId: 'r-1' });
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('orderCheckoutCharge'), { paymentId: 'p-1' });
    h.workflowTask();
    h.activityFailed(h.activityScheduled('orderCheckoutShip'), 'no courier', 'OrderCheckoutUndeliverable');
    h.workflowTask();
    for (const [activity, outcome] of compensations) {
      const scheduled = h.activityScheduled(activity);
      if (outcome === 'completed') h.activityCompleted(scheduled);
      else h.activityFailed(scheduled, 'payments service down', 'Error', false);
      h.workflowTask();
    }
    h.workflowFailed('order checkout o-1 failed and was compensated: no courier', 'OrderCheckoutFailed');
    return h;
  }

  /** Items listed in one page (with a next page or not), each batch of children started together. */
  function fanOut(workflowId: string, batches: string[][], next?: string): HistoryBuilder {
    const h = new HistoryBuilder('imageResize', [{ jobId: 'j', batchSize: 2 }]);
    h.workflowTask();
    h.activityCompleted(h.activityScheduled('imageResizeListItems'), { items: batches.flat(), ...(next ? { next } : {}) });
    h.workflowTask();
    for (const batch of batches) {
      const children = batch.map((item) => h.childInitiated('imageResizeItem', `${workflowId}/${item}`, [{ jobId: 'j', item }]));
      const started = children.map((child) => h.childStarted(child));
      children.forEach((child, i) => h.childCompleted(child, started[i]!));
      h.workflowTask();
    }
    return h;
  }

  /**
   * The job starts; callbacks (a foreign one, ours, a duplicate) arrive while the start activity
   * runs, or none arrives and the deadline passes. `lost`: the early callbacks go unseen and the
   * deadline passes, as it would if the handler were set only after the job had started.
   */
  function callback(ending: 'early callback' | 'early callback lost' | 'timeout' | 'timeout, not cancelled'): HistoryBuilder {
    const h = new HistoryBuilder('videoTranscode', [{ request: { file: 'a.mp4' }, timeout: '1 hour' }]);
    h.workflowTask();
    const start = h.activityScheduled('videoTranscodeStartJob');
    if (ending.startsWith('early callback')) {
      h.signaled('videoTranscodeCallback', [{ jobId: 'someone-else', ok: true }]);
      h.signaled('videoTranscodeCallback', [{ jobId: 'job-1', ok: true, result: 42 }]);
      h.signaled('videoTranscodeCallback', [{ jobId: 'job-1', ok: false, error: 'duplicate' }]);
    }
    h.activityCompleted(start, { jobId: 'job-1' });
    h.workflowTask();
    if (ending === 'early callback') {
      h.workflowCompleted({ status: 'completed', jobId: 'job-1', result: 42 });
      return h;
    }
    h.timerFired(h.timerStarted('3600s'));
    h.workflowTask();
    if (ending !== 'timeout, not cancelled') {
      h.activityCompleted(h.activityScheduled('videoTranscodeCancelJob'));
      h.workflowTask();
    }
    h.workflowCompleted({ status: 'timed-out', jobId: 'job-1' });
    return h;
  }

  /**
   * Nobody decides. The request's notice and the timers of all three deadlines (1, 2 and 4 days,
   * each counted from the request) start together; at each deadline the next notice, up to
   * `until`, then the requester is told. `deadlines per step` is the old way: each timer started
   * only once the step before it had passed, so a slow notice or an earlier step moved it.
   */
  function approval(until: 'expired' | 'escalated' | 'expired, deadlines per step'): HistoryBuilder {
    const h = new HistoryBuilder('expenseApproval', [{ requestId: 'r-1', requester: 'rita', approvers: ['ann'], escalateTo: 'boss' }]);
    h.workflowTask();
    if (until === 'expired, deadlines per step') {
      h.activityCompleted(h.activityScheduled('expenseApprovalNotify')); // requested
      h.workflowTask();
      for (const deadline of ['86400s', '86400s', '172800s']) {
        h.timerFired(h.timerStarted(deadline));
        h.workflowTask();
        h.activityCompleted(h.activityScheduled('expenseApprovalNotify')); // reminder, escalated, then the requester is told
        h.workflowTask();
      }
      h.workflowCompleted({ state: 'expired' });
      return h;
    }
    const requested = h.activityScheduled('expenseApprovalNotify');
    const timers = ['86400s', '172800s', '345600s'].map((deadline) => h.timerStarted(deadline));
    h.activityCompleted(requested);
    h.workflowTask();
    for (const timer of until === 'expired' ? timers : timers.slice(0, 2)) {
      h.timerFired(timer);
      h.workflowTask();
      h.activityCompleted(h.activityScheduled('expenseApprovalNotify')); // reminder, escalated, then the requester is told
      h.workflowTask();
    }
    h.workflowCompleted({ state: until });
    return h;
  }

  /**
   * A run that starts with a carried-over unrecorded change. Suggested at its first task: it
   * continues as new at once, carrying the change (`recording first` is the old behaviour, which a
   * stream of changes could hold in one run). Suggested after the change is recorded: it continues
   * as new then, and only if suggested.
   */
  function entity(suggested: 'at once' | 'at once, recording first' | 'after recording' | 'never'): HistoryBuilder {
    const h = new HistoryBuilder('shoppingCart', [{ entityId: 'cart-1', state: { items: { apple: 2 }, version: 1, closed: false }, unrecorded: [[1, { item: 'apple', delta: 2 }]] }]);
    const first = h.workflowTask();
    if (suggested.startsWith('at once')) suggestContinueAsNew(h);
    if (suggested === 'at once') {
      continuedAsNew(h, 'shoppingCart', first);
      return h;
    }
    h.activityCompleted(h.activityScheduled('shoppingCartRecord'));
    const task = h.workflowTask();
    if (suggested === 'after recording') suggestContinueAsNew(h);
    continuedAsNew(h, 'shoppingCart', task);
    return h;
  }

  const histories: Record<string, HistoryBuilder> = {
    'saga-compensated': saga([['orderCheckoutRefund', 'completed'], ['orderCheckoutRelease', 'completed']]),
    'saga-compensated-oldest-first': saga([['orderCheckoutRelease', 'completed'], ['orderCheckoutRefund', 'completed']]),
    'saga-refund-fails': saga([['orderCheckoutRefund', 'failed'], ['orderCheckoutRelease', 'completed']]),
    'saga-refund-fails-and-stops': saga([['orderCheckoutRefund', 'failed']]),
    'fan-out-batched': fanOut('fan-out-batched', [['a', 'b'], ['c']]),
    'fan-out-unbatched': fanOut('fan-out-unbatched', [['a', 'b', 'c']]),
    'fan-out-next-page': fanOut('fan-out-next-page', [['a', 'b'], ['c']], 'page-2'),
    'fan-out-next-page-ignored': fanOut('fan-out-next-page-ignored', [['a', 'b'], ['c']], 'page-2'),
    'callback-early': callback('early callback'),
    'callback-early-lost': callback('early callback lost'),
    'callback-timeout': callback('timeout'),
    'callback-timeout-not-cancelled': callback('timeout, not cancelled'),
    'approval-expired': approval('expired'),
    'approval-never-expires': approval('escalated'),
    'approval-deadlines-per-step': approval('expired, deadlines per step'),
    'entity-continue-as-new-at-once': entity('at once'),
    'entity-continue-as-new-recording-first': entity('at once, recording first'),
    'entity-continue-as-new': entity('after recording'),
    'entity-continue-as-new-unsuggested': entity('never'),
  };
  histories['fan-out-batched']!.workflowCompleted({ succeeded: 3, failed: 0, failures: [] });
  histories['fan-out-unbatched']!.workflowCompleted({ succeeded: 3, failed: 0, failures: [] });
  continuedAsNew(histories['fan-out-next-page']!, 'imageResize');
  histories['fan-out-next-page-ignored']!.workflowCompleted({ succeeded: 3, failed: 0, failures: [] });

  let outcomes: Map<string, { ok: boolean; message?: string }>;
  beforeAll(() => {
    const folder = path.join(dir, 'histories');
    mkdirSync(folder, { recursive: true });
    for (const [name, history] of Object.entries(histories)) writeFileSync(path.join(folder, `${name}.json`), JSON.stringify(history.toJSON()));
    const { code, stdout, stderr } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code, 'some histories are meant to diverge').toBe(1);
    const results = JSON.parse(stdout) as { file: string; ok: boolean; message?: string }[];
    outcomes = new Map(results.map((r) => [path.basename(r.file, '.json'), r]));
    expect([...outcomes.keys()].sort()).toEqual(Object.keys(histories).sort());
  }, 60_000);

  // Replayed, and within every one of Temporal's limits (`limits` lists the ones a history comes near or exceeds).
  const replays = (name: string): void => expect(outcomes.get(name), name).toEqual({ file: `histories/${name}.json`, workflowId: name, workflowType: expect.any(String), ok: true, limits: [] });
  const diverges = (name: string): void => expect(outcomes.get(name), name).toMatchObject({ ok: false, message: expect.stringMatching(/Nondeterminism/) });

  it('saga: a refused third step is compensated by refunding, then releasing; never oldest first', () => {
    replays('saga-compensated');
    diverges('saga-compensated-oldest-first');
  });

  it('saga: a compensation that fails does not stop the next one', () => {
    replays('saga-refund-fails');
    diverges('saga-refund-fails-and-stops');
  });

  it('fan-out: children start in batches of the batch size, never all at once', () => {
    replays('fan-out-batched');
    diverges('fan-out-unbatched');
  });

  it('fan-out: a page with a next cursor ends in continue-as-new, not completion', () => {
    replays('fan-out-next-page');
    diverges('fan-out-next-page-ignored');
  });

  it('async-callback: a callback that arrives before the start activity returns is kept: no waiting for the deadline', () => {
    replays('callback-early');
    diverges('callback-early-lost');
  });

  it('async-callback: no callback before the deadline cancels the job and reports the timeout', () => {
    replays('callback-timeout');
    diverges('callback-timeout-not-cancelled');
  });

  it('human-approval: without a decision it reminds, escalates, then expires and tells the requester', () => {
    replays('approval-expired');
    diverges('approval-never-expires');
  });

  it('human-approval: every deadline counts from the request, its timer started with it', () => {
    replays('approval-expired');
    diverges('approval-deadlines-per-step');
  });

  it('entity: records carried-over changes, then continues as new when Temporal suggests it, and only then', () => {
    replays('entity-continue-as-new');
    diverges('entity-continue-as-new-unsuggested');
  });

  it('entity: once Temporal suggests it, continues as new at once, carrying the changes still to record', () => {
    replays('entity-continue-as-new-at-once');
    diverges('entity-continue-as-new-recording-first');
  });
});

/** Marks the last workflow task as started with Temporal's continue-as-new suggestion (history getting long). */
function suggestContinueAsNew(h: HistoryBuilder): void {
  const started = h.toJSON().events.filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED').at(-1)!;
  (started.workflowTaskStartedEventAttributes as Record<string, unknown>).suggestContinueAsNew = true;
}

/** The run ends in continue-as-new (the builder has no method for it): the event the server records. */
function continuedAsNew(h: HistoryBuilder, workflowType: string, workflowTaskCompletedEventId?: string): void {
  const { events } = h.toJSON();
  const completed = workflowTaskCompletedEventId ?? events.filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED').at(-1)!.eventId;
  events.push({
    eventId: String(events.length + 1),
    eventTime: new Date(Date.UTC(2026, 0, 1) + events.length * 1000).toISOString(),
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
    taskId: String(1_000_000 + events.length),
    workflowExecutionContinuedAsNewEventAttributes: {
      newExecutionRunId: '00000000-0000-4000-8000-000000000099',
      workflowType: { name: workflowType },
      taskQueue: { name: 'test', kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: { payloads: [] },
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      workflowTaskCompletedEventId: completed,
      initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
    },
  });
}
