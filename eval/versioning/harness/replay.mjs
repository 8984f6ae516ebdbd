/**
 * Truth by replay: a version's bundle replays the base's recorded histories with the SDK's own
 * `Worker.runReplayHistories` (sdk-typescript packages/worker/src/worker.ts; runReplayHistory is the
 * one-history form). Core matches each command event in a history, in order, against the next
 * command the code produces (sdk-core core/src/worker/workflow/machines/workflow_machines.rs,
 * handle_command_event and patch_marker_handling) and evicts the run with a nondeterminism reason on
 * a mismatch, which the worker reports as a DeterminismViolationError (packages/worker/src/replay.ts).
 *
 * Two questions per history:
 * - closed: the whole history, as a completed execution replays (a query on it, `wfo replay`);
 * - open: the history cut just after its last WorkflowTaskStarted event, which is what a worker
 *   with the new code receives for an execution that was open at the deploy, waiting at its last
 *   workflow task. Every earlier point an open execution can be waiting at is a shorter cut, and a
 *   cut that replays implies every shorter one does (they compare a subset of the same commands),
 *   so the longest cut answers for all of them. It is replayed only when the whole history fails
 *   (a history that replays whole replays cut anywhere).
 */
import { Worker } from '@temporalio/worker';

/**
 * @returns {Promise<{ open: Verdict, closed: Verdict }>} where Verdict is { label, failures }.
 * With `everyCut`, the open question is asked of every cut (each WorkflowTaskStarted), not only the
 * longest: slower, and a check of the claim above (`longestCutOpen` is then the fast answer).
 */
export async function replayTruth(code, histories, { everyCut = false } = {}) {
  const closed = await replayEach(code, histories.map((h) => ({ entry: h, history: h.json })));
  const failedClosed = histories.filter((_, i) => closed[i].error);
  const longest = failedClosed.map((h) => ({ entry: h, history: cutAt(h.json, workflowTaskStarts(h.json).at(-1)) }));
  const longestResults = await replayEach(code, longest);
  const open = verdict(longestResults.map((r, i) => ({ ...r, ...longest[i] })));
  const result = { closed: verdict(closed.map((r, i) => ({ ...r, entry: histories[i], history: histories[i].json }))), open };
  if (!everyCut) return result;
  const cuts = histories.flatMap((h) => workflowTaskStarts(h.json).map((at) => ({ entry: h, history: cutAt(h.json, at) })));
  const cutResults = await replayEach(code, cuts);
  // The earliest failing cut of each history: executions open before it are not broken.
  const earliest = new Map();
  cutResults.forEach((r, i) => {
    if (r.error && !earliest.has(cuts[i].entry)) earliest.set(cuts[i].entry, { ...r, ...cuts[i] });
  });
  return { ...result, open: verdict([...earliest.values()]), longestCutOpen: open.label };
}

/** Indexes of the WorkflowTaskStarted events. */
function workflowTaskStarts(json) {
  const starts = [];
  json.events.forEach((e, i) => {
    if (e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED' || e.eventType === 'WorkflowTaskStarted') starts.push(i);
  });
  if (starts.length === 0) throw new Error('a recorded history without a WorkflowTaskStarted event');
  return starts;
}

/** The history up to and including event index `at`. */
function cutAt(json, at) {
  return { ...json, events: json.events.slice(0, at + 1) };
}

/** One replay worker for all of them; results in the order given (the SDK replays one at a time). */
async function replayEach(code, inputs) {
  if (inputs.length === 0) return [];
  const results = [];
  const histories = inputs.map(({ entry, history }) => ({ workflowId: entry.workflowId, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, replayName: 'eval-versioning' }, histories)) {
    results.push({ error: result.error ? describe(result.error) : undefined });
  }
  if (results.length !== inputs.length) throw new Error(`replayed ${results.length} of ${inputs.length} histories`);
  return results;
}

function describe(error) {
  const kind = error.name === 'DeterminismViolationError' ? 'nondeterminism' : 'replay-error';
  return { kind, message: coreMessage(error.message) };
}

/** Core's sentence out of the SDK's wrapping ("Replay failed … Details: Failure { message: "…", … }"). */
function coreMessage(full) {
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(full)?.[1]?.replace(/\\"/g, '"');
  const text = (inner ?? full.replace(/^Replay failed[^:]*\. Details: /, '')).replace(/HistoryEvent \{ event_id: (\d+),.*?event_type: (\w+),.*$/s, 'HistoryEvent(id: $1, $2)');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function verdict(results) {
  const failures = results
    .filter((r) => r.error)
    .map((r) => ({
      history: r.entry.file,
      workflowId: r.entry.workflowId,
      kind: r.error.kind,
      message: r.error.message,
      ...(r.history.events.length < r.entry.json.events.length ? { cutAfterEvent: r.history.events.length } : {}),
    }));
  const label = failures.some((f) => f.kind === 'nondeterminism') ? 'breaking' : failures.length ? 'error' : 'safe';
  return { label, failures };
}
