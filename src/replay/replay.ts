/**
 * Replays recorded histories against the current workflow code with the SDK's own
 * `Worker.runReplayHistories`, using the `@temporalio/worker` installed in the user's project.
 * Every history is decoded before anything runs, so a file that is not a history is a usage error
 * (exit 2) naming it, never a replay result.
 */
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { diagnose, type FailureKind } from './diagnosis.js';
import type { HistoryFile } from './history-files.js';
import { type LimitFinding, measureLimits } from './history-limits.js';
import { type DecodedHistory, installQuietRuntime, loadReplaySdk, type ReplaySdk } from './replay-sdk.js';

/** A history to replay: read from a file, or fetched from a server (and perhaps saved to a file). */
export interface HistorySource {
  /** The file it is in, if any: the one named, or the one `--save` wrote. */
  readonly file: string | undefined;
  /** How messages name it. */
  readonly shown: string;
  readonly workflowId: string | undefined;
  readonly runId?: string;
  readonly content: HistoryFile['content'] | { readonly decoded: DecodedHistory };
}

export interface ReplayOutcome {
  readonly file: string | undefined;
  readonly workflowId: string;
  readonly runId?: string;
  readonly workflowType: string | undefined;
  readonly ok: boolean;
  /** Why it failed: the code issues other commands than the history recorded, or the workflow task failed. */
  readonly error?: FailureKind;
  /** The event the replay diverged at, when the SDK names it. */
  readonly eventId?: number;
  readonly message?: string;
  readonly hint?: string;
  /** Payloads and sizes near or over Temporal's limits; an error here fails the run as a replay failure does. */
  readonly limits: readonly LimitFinding[];
}

interface DecodedFile {
  readonly source: HistorySource;
  readonly workflowId: string;
  readonly workflowType: string | undefined;
  readonly history: DecodedHistory;
  /** False when no workflow task was ever scheduled: the code has decided nothing yet (and Core would wait forever). */
  readonly replayable: boolean;
  readonly limits: readonly LimitFinding[];
}

export async function replayHistories(options: {
  histories: readonly HistorySource[];
  workflowsPath: string;
  projectDir: string;
  /** Paths in messages are shown relative to this folder. */
  cwd: string;
  onResult?: (outcome: ReplayOutcome, done: number, total: number) => void;
}): Promise<ReplayOutcome[]> {
  const sdk = loadReplaySdk(options.projectDir);
  const decoded = options.histories.map((h) => decode(h, sdk));
  const total = decoded.length;
  const outcomes = new Map<DecodedFile, ReplayOutcome>();
  const record = (file: DecodedFile, outcome: Omit<ReplayOutcome, 'limits'>): void => {
    const full = { ...outcome, limits: file.limits };
    outcomes.set(file, full);
    options.onResult?.(full, outcomes.size, total);
  };
  for (const file of decoded.filter((d) => !d.replayable)) {
    record(file, { ...identity(file), ok: true, message: 'nothing to replay yet: no workflow task has been scheduled' });
  }
  const context = { workflowsPath: path.relative(options.cwd, options.workflowsPath) || options.workflowsPath };
  try {
    const replayRounds = rounds(decoded.filter((d) => d.replayable));
    if (replayRounds.length) installQuietRuntime(sdk);
    for (const round of replayRounds) {
      const byId = new Map(round.map((d) => [d.workflowId, d]));
      const inputs = round.map((d) => ({ workflowId: d.workflowId, history: d.history }));
      for await (const result of sdk.Worker.runReplayHistories({ workflowsPath: options.workflowsPath, replayName: 'wfo-replay' }, inputs)) {
        const file = byId.get(result.workflowId)!;
        record(file, result.error ? failed(file, result.error, context) : { ...identity(file), ok: true });
      }
    }
  } catch (error) {
    if (outcomes.size > decoded.filter((d) => !d.replayable).length) throw error;
    // Nothing replayed: the workflow code itself could not be bundled or loaded.
    throw new WfoError(`cannot load the workflows in ${context.workflowsPath}: ${firstLine(error)}`, ExitCode.Usage);
  }
  return decoded.map((d) => outcomes.get(d)!);
}

/**
 * The SDK reports results by workflow id, and a workflow reads its own id (workflowInfo()), so each
 * history is replayed under its real id: histories that share one go to separate replays.
 */
function rounds(files: readonly DecodedFile[]): DecodedFile[][] {
  const result: DecodedFile[][] = [];
  for (const file of files) {
    const round = result.find((r) => r.every((other) => other.workflowId !== file.workflowId));
    if (round) round.push(file);
    else result.push([file]);
  }
  return result;
}

function decode(source: HistorySource, sdk: ReplaySdk): DecodedFile {
  let history: DecodedHistory;
  try {
    const { content } = source;
    history = 'decoded' in content ? content.decoded : 'json' in content ? sdk.historyFromJSON(content.json) : sdk.decodeHistory(content.binary);
  } catch (error) {
    throw new WfoError(`${source.shown} is not a workflow history: ${firstLine(error)}`, ExitCode.Usage);
  }
  const [first] = history.events;
  const started = first?.workflowExecutionStartedEventAttributes;
  if (!first || first.eventType !== sdk.eventTypes.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED || !started) {
    throw new WfoError(`${source.shown} is not a workflow history: its first event is not WorkflowExecutionStarted`, ExitCode.Usage);
  }
  return {
    source,
    workflowId: source.workflowId ?? (started.workflowId || path.basename(source.shown, path.extname(source.shown))),
    workflowType: started.workflowType?.name ?? undefined,
    history,
    replayable: history.events.some((e) => e.eventType === sdk.eventTypes.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
    limits: measureLimits(history.events, sdk.measure),
  };
}

function identity(file: DecodedFile): Pick<ReplayOutcome, 'file' | 'workflowId' | 'runId' | 'workflowType'> {
  const { file: path, runId } = file.source;
  return { file: path, workflowId: file.workflowId, ...(runId ? { runId } : {}), workflowType: file.workflowType };
}

function failed(file: DecodedFile, error: Error, context: { workflowsPath: string }): Omit<ReplayOutcome, 'limits'> {
  const diagnosis = diagnose(error, file.history.events, { ...context, workflowType: file.workflowType });
  return { ...identity(file), ok: false, error: diagnosis.kind, ...(diagnosis.eventId !== undefined ? { eventId: diagnosis.eventId } : {}), message: diagnosis.message, ...(diagnosis.hint ? { hint: diagnosis.hint } : {}) };
}

/** The first line of an error, cut short: some SDK errors quote a whole event or file. */
function firstLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
