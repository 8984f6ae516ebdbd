/**
 * Builds workflow histories in the JSON form `temporal workflow show --output json` prints (and
 * `historyFromJSON` reads), so tests can replay workflow code offline with the real SDK, which
 * checks the exact sequence of commands against the events.
 *
 *   const h = new HistoryBuilder('orderWorkflow', [{ id: 'o-1' }]);
 *   h.workflowTask();                               // the first task: the workflow runs until it blocks
 *   const charge = h.activityScheduled('charge', [{ id: 'o-1' }]);
 *   h.activityCompleted(charge, 'ok');             // started + completed
 *   h.workflowTask();
 *   h.workflowCompleted('done');
 *   writeFileSync('histories/order.json', JSON.stringify(h.toJSON()));
 *
 * Event ids and the links between events (scheduledEventId, startedEventId,
 * workflowTaskCompletedEventId) are filled in; payloads use the default JSON converter.
 */
type Attributes = Record<string, unknown>;

interface HistoryEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  taskId: string;
  [attributes: string]: unknown;
}

const TASK_QUEUE = { name: 'test', kind: 'TASK_QUEUE_KIND_NORMAL' };

/** The default payload converter's JSON encoding. */
export function payload(value: unknown): { metadata: { encoding: string }; data?: string } {
  if (value === undefined) return { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };
  return { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(value)).toString('base64') };
}

export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private lastTaskCompleted = '0';
  private activitySeq = 0;
  private timerSeq = 0;
  private readonly time = Date.UTC(2026, 0, 1);

  constructor(workflowType: string, args: unknown[] = []) {
    this.add('WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
      workflowType: { name: workflowType },
      taskQueue: TASK_QUEUE,
      input: { payloads: args.map(payload) },
      workflowExecutionTimeout: '0s',
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      originalExecutionRunId: '00000000-0000-4000-8000-000000000001',
      firstExecutionRunId: '00000000-0000-4000-8000-000000000001',
      attempt: 1,
      identity: 'wfo-test',
    });
  }

  /** Scheduled, started, completed: the workflow ran until it blocked. Returns the completed event's id. */
  workflowTask(): string {
    const scheduled = this.add('WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', { taskQueue: TASK_QUEUE, startToCloseTimeout: '10s', attempt: 1 });
    const started = this.add('WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', { scheduledEventId: scheduled, identity: 'wfo-test', requestId: `request-${scheduled}` });
    // Core's flags as a current SDK records them: 1 turns on activity id and type checks on replay.
    const sdkMetadata = this.lastTaskCompleted === '0' ? { sdkMetadata: { coreUsedFlags: [1, 2] } } : {};
    this.lastTaskCompleted = this.add('WORKFLOW_TASK_COMPLETED', 'workflowTaskCompletedEventAttributes', { scheduledEventId: scheduled, startedEventId: started, identity: 'wfo-test', ...sdkMetadata });
    return this.lastTaskCompleted;
  }

  /** Returns the scheduled event's id, for the activity's result events. */
  activityScheduled(activityType: string, args: unknown[] = [], options: { startToCloseTimeout?: string } = {}): string {
    return this.add('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', {
      activityId: String(++this.activitySeq),
      activityType: { name: activityType },
      taskQueue: TASK_QUEUE,
      header: {},
      input: { payloads: args.map(payload) },
      scheduleToCloseTimeout: '0s',
      scheduleToStartTimeout: '0s',
      startToCloseTimeout: options.startToCloseTimeout ?? '60s',
      heartbeatTimeout: '0s',
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      retryPolicy: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '100s', maximumAttempts: 0 },
    });
  }

  activityCompleted(scheduledEventId: string, result?: unknown): void {
    const started = this.activityStarted(scheduledEventId);
    this.add('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', { result: { payloads: [payload(result)] }, scheduledEventId, startedEventId: started, identity: 'wfo-test' });
  }

  activityFailed(scheduledEventId: string, message: string, type = 'Error', nonRetryable = true): void {
    const started = this.activityStarted(scheduledEventId);
    this.add('ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', {
      failure: { message, source: 'TypeScriptSDK', applicationFailureInfo: { type, nonRetryable } },
      scheduledEventId,
      startedEventId: started,
      identity: 'wfo-test',
      retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE',
    });
  }

  /** Returns the timer's id (`'1'`, `'2'`… as the SDK numbers them). */
  timerStarted(startToFireTimeout: string): { timerId: string; startedEventId: string } {
    const timerId = String(++this.timerSeq);
    const startedEventId = this.add('TIMER_STARTED', 'timerStartedEventAttributes', { timerId, startToFireTimeout, workflowTaskCompletedEventId: this.lastTaskCompleted });
    return { timerId, startedEventId };
  }

  timerFired(timer: { timerId: string; startedEventId: string }): void {
    this.add('TIMER_FIRED', 'timerFiredEventAttributes', { timerId: timer.timerId, startedEventId: timer.startedEventId });
  }

  /** A child workflow started by the last workflow task; returns ids for its started/completed events. */
  childInitiated(workflowType: string, workflowId: string, args: unknown[] = []): { initiatedEventId: string; workflowId: string; workflowType: string } {
    const initiatedEventId = this.add('START_CHILD_WORKFLOW_EXECUTION_INITIATED', 'startChildWorkflowExecutionInitiatedEventAttributes', {
      namespace: 'default',
      workflowId,
      workflowType: { name: workflowType },
      taskQueue: TASK_QUEUE,
      input: { payloads: args.map(payload) },
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      parentClosePolicy: 'PARENT_CLOSE_POLICY_TERMINATE',
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE',
      header: {},
    });
    return { initiatedEventId, workflowId, workflowType };
  }

  childStarted(child: { initiatedEventId: string; workflowId: string; workflowType: string }): string {
    return this.add('CHILD_WORKFLOW_EXECUTION_STARTED', 'childWorkflowExecutionStartedEventAttributes', {
      namespace: 'default',
      initiatedEventId: child.initiatedEventId,
      workflowExecution: { workflowId: child.workflowId, runId: `00000000-0000-4000-8000-${child.initiatedEventId.padStart(12, '0')}` },
      workflowType: { name: child.workflowType },
      header: {},
    });
  }

  childCompleted(child: { initiatedEventId: string; workflowId: string; workflowType: string }, startedEventId: string, result?: unknown): void {
    this.add('CHILD_WORKFLOW_EXECUTION_COMPLETED', 'childWorkflowExecutionCompletedEventAttributes', {
      result: { payloads: [payload(result)] },
      namespace: 'default',
      workflowExecution: { workflowId: child.workflowId, runId: `00000000-0000-4000-8000-${child.initiatedEventId.padStart(12, '0')}` },
      workflowType: { name: child.workflowType },
      initiatedEventId: child.initiatedEventId,
      startedEventId,
    });
  }

  signaled(signalName: string, args: unknown[] = []): void {
    this.add('WORKFLOW_EXECUTION_SIGNALED', 'workflowExecutionSignaledEventAttributes', { signalName, input: { payloads: args.map(payload) }, identity: 'wfo-test' });
  }

  /** A `patched(id)` marker, as the SDK records it. */
  patchMarker(patchId: string, deprecated = false): void {
    this.add('MARKER_RECORDED', 'markerRecordedEventAttributes', {
      markerName: 'core_patch',
      details: { patch_data: { payloads: [payload({ id: patchId, deprecated })] } },
      workflowTaskCompletedEventId: this.lastTaskCompleted,
    });
  }

  workflowCompleted(result?: unknown): void {
    this.add('WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', { result: { payloads: [payload(result)] }, workflowTaskCompletedEventId: this.lastTaskCompleted });
  }

  workflowFailed(message: string, type = 'Error'): void {
    this.add('WORKFLOW_EXECUTION_FAILED', 'workflowExecutionFailedEventAttributes', {
      failure: { message, source: 'TypeScriptSDK', applicationFailureInfo: { type, nonRetryable: true } },
      retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE',
      workflowTaskCompletedEventId: this.lastTaskCompleted,
    });
  }

  toJSON(): { events: HistoryEvent[] } {
    return { events: this.events };
  }

  private activityStarted(scheduledEventId: string): string {
    return this.add('ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', { scheduledEventId, identity: 'wfo-test', requestId: `request-${scheduledEventId}`, attempt: 1 });
  }

  private add(type: string, key: string, attributes: Attributes): string {
    const eventId = String(this.events.length + 1);
    this.events.push({
      eventId,
      eventTime: new Date(this.time + this.events.length * 1000).toISOString(),
      eventType: `EVENT_TYPE_${type}`,
      taskId: String(1_000_000 + this.events.length),
      [key]: attributes,
    });
    return eventId;
  }
}
