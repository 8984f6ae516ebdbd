/**
 * Recording: each base's executions run on the base's (old) code in the SDK's time-skipping test
 * environment, `TestWorkflowEnvironment.createTimeSkipping` with the test server that
 * TEMPORAL_TEST_SERVER_PATH names (the SDK's `existing-path` executable; `.ci/servers` installs it),
 * as test/replay and scripts/record-histories.mjs do with the dev server. Steps in base.json drive
 * an execution to the states worth recording (wait for an event, signal, update, skip time, cancel); then every
 * history is fetched — children's and continue-as-new runs' too — and saved as JSON in the base's
 * histories/, with index.json naming the base text they were recorded on.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';

const EventType = proto.temporal.api.enums.v1.EventType;
/** Real time an execution gets to finish once its steps are done (time-skipping makes its timers instant). */
const RESULT_TIMEOUT_MS = 60_000;

/** The base's recorded histories, or undefined when there are none for its current text. */
export function readHistories(base) {
  const indexFile = path.join(base.dir, 'histories', 'index.json');
  if (!existsSync(indexFile)) return undefined;
  const index = JSON.parse(readFileSync(indexFile, 'utf8'));
  if (index.baseHash !== base.hash) return undefined;
  return index.histories.map((entry) => {
    const text = readFileSync(path.join(base.dir, 'histories', entry.file), 'utf8');
    return { ...entry, text, json: JSON.parse(text) };
  });
}

/** Records every base in `bases` in one test server, replacing their histories/ folders. */
export async function recordBases(bases, { testServer, stage, sdkVersion, log }) {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServer } } });
  try {
    for (const base of bases) {
      const started = Date.now();
      const histories = await recordBase(env, base, stage);
      saveHistories(base, histories, sdkVersion);
      log(`recorded ${base.name}: ${histories.length} histories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await env.teardown();
  }
}

async function recordBase(env, base, stage) {
  const taskQueue = `eval-versioning-${base.name}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code: await stage.bundle(base, base.workflow) },
    activities: await stage.activities(base),
  });
  const roots = await worker.runUntil(async () => {
    const runs = [];
    for (const execution of base.spec.executions) runs.push(await runExecution(env, taskQueue, base.name, execution));
    return runs;
  });
  const histories = [];
  for (const run of roots) await collect(env.client, run.workflowId, run.runId, histories, undefined);
  return histories;
}

async function runExecution(env, taskQueue, baseName, execution) {
  const handle = await env.client.workflow.start(execution.workflowType, { taskQueue, workflowId: execution.workflowId, args: execution.args ?? [] });
  for (const step of execution.steps ?? []) {
    const target = step.workflowId ?? execution.workflowId;
    if (step.waitFor) await waitForEvents(env.client, target, step.waitFor, step.count ?? 1);
    else if (step.signal) await env.client.workflow.getHandle(target).signal(step.signal, ...(step.args ?? []));
    // Waits for the update's result, so the history holds its WorkflowExecutionUpdateAccepted and
    // WorkflowExecutionUpdateCompleted events before the next step; an update that is rejected (by
    // its validator: nothing recorded) or fails throws, and the recording with it.
    else if (step.update) await env.client.workflow.getHandle(target).executeUpdate(step.update, { args: step.args ?? [] });
    else if (step.skipTime) await env.sleep(step.skipTime);
    // Requests cancellation (WorkflowExecutionCancelRequested); the execution then ends as its code decides.
    else if (step.cancel) await env.client.workflow.getHandle(target).cancel();
    else throw new Error(`${baseName}/base.json: unknown step ${JSON.stringify(step)}`);
  }
  const expected = execution.expect ?? 'completed';
  const timeout = new AbortController();
  const outcome = await Promise.race([
    handle.result().then(
      () => 'completed',
      () => 'failed',
    ),
    wait(RESULT_TIMEOUT_MS, 'still running', { signal: timeout.signal }).catch(() => 'aborted'),
  ]);
  timeout.abort();
  if (outcome !== expected) throw new Error(`${baseName}: execution ${execution.workflowId} ${outcome}, base.json expects it ${expected}`);
  return { workflowId: execution.workflowId, runId: handle.firstExecutionRunId };
}

/** Polls the history until it holds `count` events of `type` (e.g. "TimerStarted"). */
async function waitForEvents(client, workflowId, type, count) {
  const eventType = EventType[`EVENT_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`];
  if (eventType === undefined) throw new Error(`unknown event type ${type}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    if (history.events.filter((e) => e.eventType === eventType).length >= count) return;
    if (Date.now() > deadline) {
      const seen = history.events.map((e) => EventType[e.eventType].replace(/^EVENT_TYPE_/, '')).join(', ');
      throw new Error(`${workflowId}: no ${count} ${type} events after 30 s; its history: ${seen}`);
    }
    await wait(50);
  }
}

/** The history of one run, then its children's and the run it continued as, depth first. */
async function collect(client, workflowId, runId, out, parent) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const first = history.events[0]?.workflowExecutionStartedEventAttributes;
  out.push({ workflowId, runId, workflowType: first?.workflowType?.name ?? '', parent, json: historyToJSON(history) });
  for (const event of history.events) {
    const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId && child.runId) await collect(client, child.workflowId, child.runId, out, workflowId);
  }
  const next = history.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  if (next) await collect(client, workflowId, next, out, parent);
}

function saveHistories(base, histories, sdkVersion) {
  const dir = path.join(base.dir, 'histories');
  const fresh = `${dir}.new`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  const entries = histories.map((h, i) => {
    const file = `${String(i + 1).padStart(2, '0')}-${h.workflowId.replace(/[^A-Za-z0-9._-]+/g, '~')}.json`;
    writeFileSync(path.join(fresh, file), `${JSON.stringify(JSON.parse(h.json), null, 1)}\n`);
    return { file, workflowId: h.workflowId, runId: h.runId, workflowType: h.workflowType, ...(h.parent ? { parent: h.parent } : {}) };
  });
  const index = { baseHash: base.hash, sdkVersion, histories: entries };
  writeFileSync(path.join(fresh, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(fresh, dir);
}
