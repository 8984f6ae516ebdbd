/**
 * Builds workflow histories in the JSON form `temporal workflow show --output json` prints (and
 * `historyFromJSON` from @temporalio/common/lib/proto-utils reads), so tests can replay workflow
 * code offline with the real SDK (`Worker.runReplayHistory`), which checks the exact sequence of
 * commands the code issues against the events.
 *
 *   const h = new HistoryBuilder('orderWorkflow', [{ id: 'o-1' }]);   // WORKFLOW_EXECUTION_STARTED
 *   h.workflowTask();                               // the first task: the workflow runs until it blocks
 *   const charge = h.activityScheduled('charge', [{ id: 'o-1' }]);
 *   h.activityCompleted(charge, 'ok');             // started + completed
 *   h.workflowTask();
 *   h.workflowCompleted('done');
 *   writeFileSync('histories/order.json', JSON.stringify(h.toJSON()));
 *
 * The API, one method per event (a method that returns an id returns what later events link to):
 *   new HistoryBuilder(workflowType, args?, { workflowId?, taskQueue? })   workflow execution started
 *   workflowTask()                      scheduled + started + completed; returns the completed id
 *   workflowTaskScheduled() / workflowTaskStarted() / workflowTaskCompleted()   the same, one by one
 *   activityScheduled(type, args?) → id; activityStarted(id); activityCompleted(id, result?);
 *     activityFailed(id, message, type?, nonRetryable?)  (completed/failed add the started event if missing)
 *   timerStarted('1s') → timer; timerFired(timer)
 *   childInitiated(type, workflowId, args?) → child; childStarted(child) → id; childCompleted(child, startedId, result?)
 *   signaled(name, args?)               workflow execution signaled
 *   patchMarker(patchId, deprecated?)   what `patched(patchId)` records: the marker and the search attribute
 *   workflowCompleted(result?) / workflowFailed(message, type?) / continuedAsNew(args?, workflowType?)
 *   toJSON()                            { events: [...] }
 *
 * Event ids and the links between events (scheduledEventId, startedEventId, initiatedEventId,
 * workflowTaskCompletedEventId) are filled in; payloads use the default JSON payload converter's
 * encoding. Commands belong to the last completed workflow task, so call workflowTask() before the
 * events of the commands it issued, as a server records them.
 */
type Attributes = Record<string, unknown>;

interface HistoryEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  taskId: string;
  [attributes: string]: unknown;
}

/** The default payload converter's JSON encoding. */
export function payload(value: unknown): { metadata: Record<string, string>; data?: string } {
  if (value === undefined) return { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };
  return { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(JSON.stringify(value)).toString('base64') };
}

export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private lastTaskCompleted = '0';
  private pendingTask: { scheduled?: string; started?: string } = {};
  private readonly activityStartedIds = new Map<string, string>();
  private readonly patchIds = new Set<string>();
  private activitySeq = 0;
  private timerSeq = 0;
  private readonly time = Date.UTC(2026, 0, 1);
  private readonly taskQueue: { name: string; kind: string };

  constructor(
    private readonly workflowType: string,
    args: unknown[] = [],
    options: { workflowId?: string; taskQueue?: string } = {},
  ) {
    this.taskQueue = { name: options.taskQueue ?? 'test', kind: 'TASK_QUEUE_KIND_NORMAL' };
    this.add('WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
      workflowType: { name: workflowType },
      // Servers since 1.27 record the id here too; older exports have no id at all.
      ...(options.workflowId !== undefined ? { workflowId: options.workflowId } : {}),
      taskQueue: this.taskQueue,
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
    this.workflowTaskScheduled();
    this.workflowTaskStarted();
    return this.workflowTaskCompleted();
  }

  workflowTaskScheduled(): string {
    const scheduled = this.add('WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', { taskQueue: this.taskQueue, startToCloseTimeout: '10s', attempt: 1 });
    this.pendingTask = { scheduled };
    return scheduled;
  }

  workflowTaskStarted(): string {
    const scheduledEventId = this.pendingTask.scheduled ?? this.workflowTaskScheduled();
    const started = this.add('WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', { scheduledEventId, identity: 'wfo-test', requestId: `request-${scheduledEventId}` });
    this.pendingTask.started = started;
    return started;
  }

  /** Returns the completed event's id: the commands that follow belong to this task. */
  workflowTaskCompleted(): string {
    const startedEventId = this.pendingTask.started ?? this.workflowTaskStarted();
    const scheduledEventId = this.pendingTask.scheduled!;
    // Core's flags as a current SDK records them: 1 turns on activity id and type checks on replay,
    // 2 the search attribute upsert after a patch marker (sdk-core's internal_flags.rs).
    const sdkMetadata = this.lastTaskCompleted === '0' ? { sdkMetadata: { coreUsedFlags: [1, 2] } } : {};
    this.lastTaskCompleted = this.add('WORKFLOW_TASK_COMPLETED', 'workflowTaskCompletedEventAttributes', { scheduledEventId, startedEventId, identity: 'wfo-test', ...sdkMetadata });
    this.pendingTask = {};
    return this.lastTaskCompleted;
  }

  /** Returns the scheduled event's id, for the activity's result events. */
  activityScheduled(activityType: string, args: unknown[] = [], options: { startToCloseTimeout?: string } = {}): string {
    return this.add('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', {
      activityId: String(++this.activitySeq),
      activityType: { name: activityType },
      taskQueue: this.taskQueue,
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

  activityStarted(scheduledEventId: string): string {
    const started = this.add('ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', { scheduledEventId, identity: 'wfo-test', requestId: `request-${scheduledEventId}`, attempt: 1 });
    this.activityStartedIds.set(scheduledEventId, started);
    return started;
  }

  activityCompleted(scheduledEventId: string, result?: unknown): void {
    const started = this.activityStartedIds.get(scheduledEventId) ?? this.activityStarted(scheduledEventId);
    this.add('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', { result: { payloads: [payload(result)] }, scheduledEventId, startedEventId: started, identity: 'wfo-test' });
  }

  activityFailed(scheduledEventId: string, message: string, type = 'Error', nonRetryable = true): void {
    const started = this.activityStartedIds.get(scheduledEventId) ?? this.activityStarted(scheduledEventId);
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
      taskQueue: this.taskQueue,
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

  /**
   * What `patched(id)` records the first time it returns true: the marker, then the upsert of the
   * TemporalChangeVersion search attribute that Core adds when its flag 2 is on (sdk-core's
   * patch_state_machine.rs: PATCH_MARKER_NAME, PATCHED_MARKER_DETAILS_KEY, VERSION_SEARCH_ATTR_KEY).
   */
  patchMarker(patchId: string, deprecated = false): void {
    this.add('MARKER_RECORDED', 'markerRecordedEventAttributes', {
      markerName: 'core_patch',
      details: { 'patch-data': { payloads: [payload({ id: patchId, deprecated })] } },
      workflowTaskCompletedEventId: this.lastTaskCompleted,
    });
    this.patchIds.add(patchId);
    const changeVersion = payload([...this.patchIds].sort());
    this.add('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'upsertWorkflowSearchAttributesEventAttributes', {
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      searchAttributes: { indexedFields: { TemporalChangeVersion: { ...changeVersion, metadata: { ...changeVersion.metadata, type: Buffer.from('KeywordList').toString('base64') } } } },
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

  /** `continueAsNew(...args)`: this run ends and a new one of `workflowType` (default: the same) starts. */
  continuedAsNew(args: unknown[] = [], workflowType = this.workflowType): void {
    this.add('WORKFLOW_EXECUTION_CONTINUED_AS_NEW', 'workflowExecutionContinuedAsNewEventAttributes', {
      newExecutionRunId: '00000000-0000-4000-8000-000000000002',
      workflowType: { name: workflowType },
      taskQueue: this.taskQueue,
      input: { payloads: args.map(payload) },
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      workflowTaskCompletedEventId: this.lastTaskCompleted,
      initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
      header: {},
    });
  }

  toJSON(): { events: HistoryEvent[] } {
    return { events: this.events };
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
