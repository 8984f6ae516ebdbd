/**
 * Replays recorded histories against the current workflow code with the SDK's own
 * `Worker.runReplayHistories`, using the `@temporalio/worker` installed in the user's project, so
 * that replay runs the same SDK version as the user's workers (never a copy inside wfo).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import type { HistoryFile } from './history-files.js';

export interface ReplayOutcome {
  readonly file: string;
  readonly workflowId: string;
  readonly workflowType: string | undefined;
  readonly ok: boolean;
  /** The event the replay diverged at, when the SDK names it. */
  readonly eventId?: number;
  readonly message?: string;
  readonly hint?: string;
}

interface ReplayResult {
  workflowId: string;
  error?: unknown;
}

interface WorkerModule {
  Worker: { runReplayHistories(options: Record<string, unknown>, histories: AsyncIterable<{ history: unknown; workflowId: string }> | Iterable<{ history: unknown; workflowId: string }>): AsyncIterable<ReplayResult> };
  Runtime: { install(options: Record<string, unknown>): unknown };
  DefaultLogger: new (level: string) => unknown;
}

const PATCH_HINT =
  "If the change is meant for new executions only, guard it with `if (patched('my-change')) { new code } else { old code }` so executions recorded before it replay the old path (then deprecatePatch once they are gone).";

export async function replayHistories(options: {
  histories: readonly HistoryFile[];
  workflowsPath: string;
  projectDir: string;
  onResult?: (outcome: ReplayOutcome, done: number, total: number) => void;
}): Promise<ReplayOutcome[]> {
  const sdk = loadWorker(options.projectDir);
  const proto = loadProto(options.projectDir);
  // Keep the SDK's own logging (bundler progress, the native core's warnings about the very failures
  // wfo reports) out of the report: native logs are forwarded to a logger that shows errors only.
  sdk.Runtime.install({ logger: new sdk.DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const byId = new Map<string, HistoryFile>();
  const inputs = options.histories.map((h, index) => {
    // The SDK keys results by workflow id: make each unique.
    const workflowId = byId.has(h.workflowId) ? `${h.workflowId}#${index}` : h.workflowId;
    byId.set(workflowId, h);
    const history = 'json' in h.history ? h.history.json : proto.decode(h.history.binary);
    return { history, workflowId };
  });
  const outcomes: ReplayOutcome[] = [];
  for await (const result of sdk.Worker.runReplayHistories({ workflowsPath: options.workflowsPath, replayName: 'wfo-replay' }, inputs)) {
    const history = byId.get(result.workflowId)!;
    const outcome = toOutcome(history, result.error);
    outcomes.push(outcome);
    options.onResult?.(outcome, outcomes.length, inputs.length);
  }
  return outcomes;
}

function toOutcome(history: HistoryFile, error: unknown): ReplayOutcome {
  const base = { file: history.file, workflowId: history.workflowId, workflowType: history.workflowType };
  if (!error) return { ...base, ok: true };
  const full = error instanceof Error ? error.message : String(error);
  // The SDK wraps Core's explanation ("[TMPRL1100] Nondeterminism error: …") in a Rust debug dump: show the explanation.
  const message = compactEvent(/message: "((?:[^"\\]|\\.)*)"/.exec(full)?.[1]?.replace(/\\"/g, '"') ?? full);
  const nondeterministic = /nondetermin|does not match|mismatch/i.test(`${(error as Error).name ?? ''} ${full}`);
  const eventId = divergingEvent(message, history);
  return { ...base, ok: false, message, ...(eventId !== undefined ? { eventId } : {}), ...(nondeterministic ? { hint: PATCH_HINT } : {}) };
}

/** Core sometimes prints the whole event struct: `HistoryEvent { event_id: 5, …, event_type: X, … }` → `HistoryEvent(id: 5, X)`. */
function compactEvent(message: string): string {
  return message.replace(/HistoryEvent \{ event_id: (\d+),.*?event_type: (\w+),.*$/s, 'HistoryEvent(id: $1, $2)');
}

/**
 * The event the replay diverged at: named by Core ("HistoryEvent(id: 5, …)"), or, when Core names
 * the recorded activity instead ("scheduled event 'charge' does not match…"), that event in the file.
 */
function divergingEvent(message: string, history: HistoryFile): number | undefined {
  const named = /HistoryEvent\(id: (\d+)/.exec(message) ?? /event_id: (\d+)/.exec(message) ?? /event (?:id )?(\d+)/i.exec(message);
  if (named) return Number(named[1]);
  const activity = /scheduled event '([^']+)'/.exec(message)?.[1];
  if (!activity || !('json' in history.history)) return undefined;
  const events = (history.history.json as { events: Record<string, unknown>[] }).events;
  const event = events.find((e) => (e.activityTaskScheduledEventAttributes as { activityType?: { name?: string } } | undefined)?.activityType?.name === activity);
  return event ? Number(event.eventId) : undefined;
}

function loadWorker(projectDir: string): WorkerModule {
  try {
    return createRequire(path.join(projectDir, 'package.json'))('@temporalio/worker') as WorkerModule;
  } catch {
    throw new WfoError(`@temporalio/worker is not installed in ${projectDir}; run \`npm i -D @temporalio/worker\` (replay uses your project's SDK version)`, ExitCode.Usage);
  }
}

function loadProto(projectDir: string): { decode(bytes: Buffer): unknown } {
  return {
    decode(bytes) {
      try {
        const proto = createRequire(path.join(projectDir, 'package.json'))('@temporalio/proto') as { temporal: { api: { history: { v1: { History: { decode(b: Uint8Array): unknown } } } } } };
        return proto.temporal.api.history.v1.History.decode(bytes);
      } catch (error) {
        throw new WfoError(`cannot decode a binary history: ${(error as Error).message}`, ExitCode.Usage);
      }
    },
  };
}
