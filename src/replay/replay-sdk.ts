/**
 * The Temporal SDK that replays: always the user's own install (resolved from their project), so
 * replay runs the SDK version their workers run. @temporalio/proto and @temporalio/common are
 * resolved from @temporalio/worker itself, as it depends on them, so all three are one install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import type { HistoryMeasure } from './history-limits.js';

/** The parts of a decoded `temporal.api.history.v1.History` that wfo reads. */
export interface DecodedHistory {
  readonly events: readonly DecodedEvent[];
}

export interface DecodedEvent {
  readonly eventId?: { toString(): string } | number | string | null;
  readonly eventType?: number | null;
  readonly workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string | null } | null; workflowId?: string | null } | null;
  readonly activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
}

export interface ReplayResult {
  readonly workflowId: string;
  readonly error?: Error;
}

export interface ReplaySdk {
  readonly Worker: {
    runReplayHistories(options: Record<string, unknown>, histories: Iterable<{ history: DecodedHistory; workflowId: string }>): AsyncIterable<ReplayResult>;
  };
  readonly Runtime: { install(options: Record<string, unknown>): unknown };
  historyFromJSON(json: unknown): DecodedHistory;
  decodeHistory(bytes: Uint8Array): DecodedHistory;
  /** temporal.api.enums.v1.EventType, by name. */
  readonly eventTypes: Readonly<Record<string, number>>;
  /** Protobuf sizes, as the server measures events and payloads, and event type names. */
  readonly measure: HistoryMeasure;
}

interface Encoder {
  encode(message: unknown): { finish(): Uint8Array };
}

interface ProtoModule {
  temporal: {
    api: {
      history: { v1: { History: { decode(bytes: Uint8Array): DecodedHistory }; HistoryEvent: Encoder } };
      common: { v1: { Payloads: Encoder; Payload: Encoder } };
      enums: { v1: { EventType: Record<string, number> } };
    };
  };
}

export function loadReplaySdk(projectDir: string): ReplaySdk {
  const fromProject = createRequire(path.join(projectDir, 'package.json'));
  let workerPath: string;
  try {
    workerPath = fromProject.resolve('@temporalio/worker');
  } catch {
    throw new WfoError(`@temporalio/worker is not installed in ${projectDir}; run \`npm i -D @temporalio/worker\` (replay uses your project's SDK version)`, ExitCode.Usage);
  }
  try {
    const fromWorker = createRequire(workerPath);
    const worker = fromWorker(workerPath) as Pick<ReplaySdk, 'Worker' | 'Runtime'>;
    const { historyFromJSON } = fromWorker('@temporalio/common/lib/proto-utils') as Pick<ReplaySdk, 'historyFromJSON'>;
    const proto = fromWorker('@temporalio/proto') as ProtoModule;
    return {
      Worker: worker.Worker,
      Runtime: worker.Runtime,
      historyFromJSON,
      decodeHistory: (bytes) => proto.temporal.api.history.v1.History.decode(bytes),
      eventTypes: proto.temporal.api.enums.v1.EventType,
      measure: protoMeasure(proto),
    };
  } catch (error) {
    throw new WfoError(`cannot load @temporalio/worker from ${projectDir}: ${(error as Error).message.split('\n')[0]}`, ExitCode.Usage);
  }
}

function protoMeasure(proto: ProtoModule): HistoryMeasure {
  const { history, common, enums } = proto.temporal.api;
  const names = new Map(Object.entries(enums.v1.EventType).map(([name, value]) => [value, name]));
  const size = (encoder: Encoder, message: unknown): number => encoder.encode(message).finish().length;
  return {
    eventSize: (event) => size(history.v1.HistoryEvent, event),
    payloadsSize: (payloads) => size(common.v1.Payloads, payloads),
    payloadSize: (payload) => size(common.v1.Payload, payload),
    // EVENT_TYPE_ACTIVITY_TASK_SCHEDULED → ActivityTaskScheduled, as the Web UI names events.
    eventTypeName: (type) =>
      (names.get(type ?? 0) ?? `EVENT_TYPE_${type}`)
        .replace(/^EVENT_TYPE_/, '')
        .toLowerCase()
        .replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
  };
}

/**
 * Quiet the SDK: its bundler progress and the native core's warnings about the very failures wfo
 * reports would bury the report. Only one Runtime can exist in a process; a caller that installed
 * its own keeps it.
 */
export function installQuietRuntime(sdk: ReplaySdk): void {
  const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  try {
    sdk.Runtime.install({ logger: silent, telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // Already installed in this process.
  }
}
