/**
 * How close a recorded history comes to the limits a Temporal server enforces, measured the way
 * the server measures: a payload field's protobuf size, a workflow task's commands as one gRPC
 * message, the history's event count and its total size. Over a warning threshold is a warning;
 * over a limit is an error (the server would have rejected the command or terminated the run).
 */
import type { DecodedEvent } from './replay-sdk.js';

const KB = 1024;
const MB = 1024 * KB;

export type LimitKind = 'payload' | 'grpc-message' | 'history-count' | 'history-size';

interface Limit {
  readonly error: number;
  readonly warn: number;
  /** The server's dynamic config keys (error, warn), or where the number comes from. */
  readonly source: string;
  readonly unit: 'bytes' | 'events';
}

/**
 * Temporal server defaults: temporalio/temporal common/dynamicconfig/constants.go, documented at
 * https://docs.temporal.io/self-hosted-guide/defaults. The server compares with `>` (a value equal
 * to a limit is within it): common.CheckEventBlobSizeLimit for payloads, the workflow context's
 * maxHistorySizeExceeded / maxHistoryCountExceeded for histories.
 */
export const LIMITS: Readonly<Record<LimitKind, Limit>> = {
  // limit.blobSize.error 2 MB / limit.blobSize.warn 512 KB: checked per payload field of a command
  // (ScheduleActivityTaskCommandAttributes.Input…); over it, the server terminates the workflow.
  payload: { error: 2 * MB, warn: 512 * KB, source: 'limit.blobSize.error / .warn', unit: 'bytes' },
  // gRPC's default maximum received message, 4 MB (the defaults page: "gRPC has a limit of 4 MB for
  // each message received"). There is no server warning for it: wfo warns at half.
  'grpc-message': { error: 4 * MB, warn: 2 * MB, source: 'gRPC max message size', unit: 'bytes' },
  // limit.historyCount.error 51,200 (50 × 1024) / limit.historyCount.warn 10,240 events.
  'history-count': { error: 50 * 1024, warn: 10 * 1024, source: 'limit.historyCount.error / .warn', unit: 'events' },
  // limit.historySize.error 50 MB / limit.historySize.warn 10 MB.
  'history-size': { error: 50 * MB, warn: 10 * MB, source: 'limit.historySize.error / .warn', unit: 'bytes' },
};

export interface LimitFinding {
  readonly level: 'warning' | 'error';
  readonly limit: LimitKind;
  /** The event that carries the payload, completed the workflow task, or crossed the threshold. */
  readonly eventId?: number;
  readonly eventType?: string;
  /** The payload field, e.g. `input[0]`, `result[0]`, `details.patch-data`. */
  readonly field?: string;
  readonly value: number;
  readonly max: number;
  readonly message: string;
}

/** The encoders a measurement needs, from the SDK that decoded the history. */
export interface HistoryMeasure {
  eventSize(event: DecodedEvent): number;
  payloadsSize(payloads: { payloads: unknown[] }): number;
  payloadSize(payload: unknown): number;
  eventTypeName(type: number | null | undefined): string;
}

export function measureLimits(events: readonly DecodedEvent[], measure: HistoryMeasure): LimitFinding[] {
  const sizes = events.map((e) => measure.eventSize(e));
  return [...payloadFindings(events, measure), ...grpcFindings(events, sizes, measure), ...countFindings(events), ...sizeFindings(events, sizes)];
}

function levelOf(kind: LimitKind, value: number): 'warning' | 'error' | undefined {
  const limit = LIMITS[kind];
  return value > limit.error ? 'error' : value > limit.warn ? 'warning' : undefined;
}

function payloadFindings(events: readonly DecodedEvent[], measure: HistoryMeasure): LimitFinding[] {
  const findings: LimitFinding[] = [];
  for (const event of events) {
    const attributes = eventAttributes(event);
    if (!attributes) continue;
    for (const { path, payloads } of payloadFields(attributes, '')) {
      const value = measure.payloadsSize(payloads);
      const level = levelOf('payload', value);
      if (!level) continue;
      const eventType = measure.eventTypeName(event.eventType);
      const eventId = idOf(event.eventId);
      const field = payloads.payloads.length === 1 ? `${path}[0]` : path;
      const largest = payloads.payloads.length > 1 ? largestPayload(payloads.payloads, measure) : undefined;
      const what = `event ${eventId} ${eventType} ${field}${largest ? ` (${payloads.payloads.length} payloads, the largest ${path}[${largest.index}] ${formatBytes(largest.size)})` : ''}`;
      const message = level === 'error' ? `${what}: ${formatBytes(value)}, over the ${formatBytes(LIMITS.payload.error)} payload limit: the server rejects it` : `${what}: ${formatBytes(value)} of the ${formatBytes(LIMITS.payload.error)} payload limit`;
      findings.push({ level, limit: 'payload', eventId, eventType, field, value, max: LIMITS.payload.error, message });
    }
  }
  return findings;
}

/** Payloads messages in an event's attributes, wherever they are (input, result, failure details, marker details…). */
function* payloadFields(value: Record<string, unknown>, path: string): Generator<{ path: string; payloads: { payloads: unknown[] } }> {
  for (const [key, child] of Object.entries(value)) {
    if (!child || typeof child !== 'object' || ArrayBuffer.isView(child) || Array.isArray(child)) continue;
    const childPath = path ? `${path}.${key}` : key;
    const record = child as Record<string, unknown>;
    if (Array.isArray(record.payloads)) yield { path: childPath, payloads: record as { payloads: unknown[] } };
    else yield* payloadFields(record, childPath);
  }
}

function largestPayload(payloads: readonly unknown[], measure: HistoryMeasure): { index: number; size: number } {
  return payloads.map((p, index) => ({ index, size: measure.payloadSize(p) })).reduce((a, b) => (b.size > a.size ? b : a));
}

/**
 * A workflow task's commands travel in one RespondWorkflowTaskCompleted call: the events that name
 * its completed event as workflowTaskCompletedEventId are what it sent. (Several payloads each under
 * 2 MB can add up to more than 4 MB: a fan-out of large inputs.)
 */
function grpcFindings(events: readonly DecodedEvent[], sizes: readonly number[], measure: HistoryMeasure): LimitFinding[] {
  const byTask = new Map<number, { total: number; first: number; last: number; count: number }>();
  events.forEach((event, index) => {
    const task = eventAttributes(event)?.workflowTaskCompletedEventId;
    if (task === undefined || task === null) return;
    const taskId = idOf(task as DecodedEvent['eventId']);
    const id = idOf(event.eventId);
    const group = byTask.get(taskId) ?? { total: 0, first: id, last: id, count: 0 };
    group.total += sizes[index]!;
    group.count++;
    group.last = id;
    byTask.set(taskId, group);
  });
  const findings: LimitFinding[] = [];
  for (const [taskId, group] of byTask) {
    const level = levelOf('grpc-message', group.total);
    // One command alone is what the payload check measures: only several add up to a message of their own.
    if (!level || group.count < 2) continue;
    const eventType = measure.eventTypeName(events.find((e) => idOf(e.eventId) === taskId)?.eventType);
    const span = group.first === group.last ? `event ${group.first}` : `events ${group.first}–${group.last}`;
    const what = `event ${taskId} ${eventType}: its commands (${span}) are ${formatBytes(group.total)}`;
    const message = level === 'error' ? `${what}, over the ${formatBytes(LIMITS['grpc-message'].error)} gRPC message limit: the worker cannot send them` : `${what} of the ${formatBytes(LIMITS['grpc-message'].error)} gRPC message limit`;
    findings.push({ level, limit: 'grpc-message', eventId: taskId, eventType, value: group.total, max: LIMITS['grpc-message'].error, message });
  }
  return findings;
}

function countFindings(events: readonly DecodedEvent[]): LimitFinding[] {
  const limit = LIMITS['history-count'];
  const value = events.length;
  const level = levelOf('history-count', value);
  if (!level) return [];
  const crossed = idOf(events[(level === 'error' ? limit.error : limit.warn)]!.eventId);
  const threshold = level === 'error' ? limit.error : limit.warn;
  const message = `${formatCount(value)} events${level === 'error' ? `, over the ${formatCount(limit.error)} a history may have: the server terminates the run` : ` of the ${formatCount(limit.error)} a history may have`} (over ${formatCount(threshold)} from event ${crossed}); continue-as-new well before`;
  return [{ level, limit: 'history-count', eventId: crossed, value, max: limit.error, message }];
}

function sizeFindings(events: readonly DecodedEvent[], sizes: readonly number[]): LimitFinding[] {
  const limit = LIMITS['history-size'];
  const value = sizes.reduce((a, b) => a + b, 0);
  const level = levelOf('history-size', value);
  if (!level) return [];
  const threshold = level === 'error' ? limit.error : limit.warn;
  let total = 0;
  const index = sizes.findIndex((size) => (total += size) > threshold);
  const crossed = idOf(events[index]!.eventId);
  const message = `history ${formatBytes(value)}${level === 'error' ? `, over the ${formatBytes(limit.error)} a history may hold: the server terminates the run` : ` of the ${formatBytes(limit.error)} a history may hold`} (over ${formatBytes(threshold)} from event ${crossed}); continue-as-new well before`;
  return [{ level, limit: 'history-size', eventId: crossed, value, max: limit.error, message }];
}

function eventAttributes(event: DecodedEvent): Record<string, unknown> | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value && typeof value === 'object') return value as Record<string, unknown>;
  }
  return undefined;
}

function idOf(id: DecodedEvent['eventId']): number {
  return Number(String(id ?? 0));
}

/** Sizes as Temporal states its limits: binary megabytes, "2 MB" = 2 × 1024 × 1024 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${trim((bytes / MB).toFixed(1), bytes % MB === 0)} MB`;
  if (bytes >= KB) return `${trim((bytes / KB).toFixed(1), bytes % KB === 0)} KB`;
  return `${bytes} bytes`;
}

/** "2.0" stays for a measured value, so it never reads as equal to the limit it is over. */
function trim(text: string, exact: boolean): string {
  return exact ? text.replace(/\.0$/, '') : text;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
