/**
 * Turning the SDK's replay error into what a user acts on: Core's own sentence, the event the
 * replay diverged at, and what to do about it.
 */
import type { DecodedEvent } from './replay-sdk.js';

export type FailureKind = 'nondeterminism' | 'workflow-task-failure' | 'replay-error';

export interface Diagnosis {
  readonly kind: FailureKind;
  readonly message: string;
  readonly eventId?: number;
  readonly hint?: string;
}

/**
 * What to do, by what the SDK said; the first match wins. The sentences are Core's
 * (sdk-core's workflow machines: "[TMPRL1100] Nondeterminism error: …", "Change id … does not
 * match expected id …") and the TypeScript worker's ("no such function is exported by the
 * workflow bundle", packages/workflow/src/worker-interface.ts).
 */
const HINTS: readonly { readonly when: RegExp; readonly hint: (context: HintContext) => string }[] = [
  {
    when: /no such function is exported by the workflow bundle/,
    hint: ({ workflowType, workflowsPath }) => `export ${workflowType ?? 'the workflow'} from ${workflowsPath}, or pass the --workflows module that exports it`,
  },
  {
    when: /Change id .* does not match|MarkerRecorded/,
    hint: () =>
      "a patched() call was removed, renamed or moved while executions that recorded it are still open: keep it (as deprecatePatch('<id>') once no execution takes the old path) until they have finished",
  },
  {
    when: /nondetermin|does not match|does not handle/i,
    hint: () =>
      "if the change is meant for new executions only, guard it with patched('<id>'): `if (patched('<id>')) { new code } else { old code }`, so executions recorded before it replay the old path",
  },
];

interface HintContext {
  readonly workflowType: string | undefined;
  readonly workflowsPath: string;
}

export function diagnose(error: Error, events: readonly DecodedEvent[], context: HintContext): Diagnosis {
  const kind: FailureKind = error.name === 'DeterminismViolationError' ? 'nondeterminism' : /workflow task failure/.test(error.message) ? 'workflow-task-failure' : 'replay-error';
  const message = coreMessage(error.message);
  const eventId = divergingEvent(message, events);
  const hint = HINTS.find((h) => h.when.test(message))?.hint(context);
  return { kind, message, ...(eventId !== undefined ? { eventId } : {}), ...(hint ? { hint } : {}) };
}

/** The SDK wraps Core's explanation in a Rust debug dump (`Failure { message: "…", … }`): keep the explanation. */
function coreMessage(full: string): string {
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(full)?.[1]?.replace(/\\"/g, '"');
  const text = inner ?? full.replace(/^Replay failed[^:]*\. Details: /, '');
  // Core sometimes prints a whole event: `HistoryEvent { event_id: 5, …, event_type: X, … }` → `HistoryEvent(id: 5, X)`.
  return text.replace(/HistoryEvent \{ event_id: (\d+),.*?event_type: (\w+),.*$/s, 'HistoryEvent(id: $1, $2)');
}

/**
 * The event the replay diverged at: named by Core ("HistoryEvent(id: 5, …)"), or, when Core names
 * the recorded activity instead ("scheduled event 'charge' does not match…"), that event in the
 * history when only one activity of that type was scheduled.
 */
function divergingEvent(message: string, events: readonly DecodedEvent[]): number | undefined {
  const named = /HistoryEvent\(id: (\d+)/.exec(message) ?? /event_id: (\d+)/.exec(message);
  if (named) return Number(named[1]);
  const activity = /scheduled event '([^']+)'/.exec(message)?.[1];
  if (activity === undefined) return undefined;
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity);
  return scheduled.length === 1 && scheduled[0]!.eventId != null ? Number(String(scheduled[0]!.eventId)) : undefined;
}
