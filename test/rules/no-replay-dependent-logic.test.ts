import rule from '../../rules/no-replay-dependent-logic.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { notify } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\n`;
const sinks = `import { log, metricMeter, patched, proxyActivities, proxySinks, workflowInfo, type Sinks } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { notify } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\ninterface MetricSinks extends Sinks { metrics: { increment(name: string, by?: number): void } }\nconst { metrics } = proxySinks<MetricSinks>();\nconst state = { count: 0, replayed: false };\n`;

testRule(rule, {
  valid: [
    { name: 'isReplaying only silences logging', code: `${head}export async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) log.info('first run');\n  await notify();\n}\n` },
    { name: 'unsafe.now() straight into a logger', code: `${head}export async function wf(): Promise<void> {\n  log.info('at', { now: workflowInfo().unsafe.now() });\n}\n` },
    {
      name: 'sink calls, metricMeter instruments and console behind isReplaying / isReplayingHistoryEvents, as if, && and ?: statements',
      code: `${sinks}const ticks = metricMeter.createCounter('ticks');\nexport async function wf(items: string[]): Promise<void> {\n  await notify();\n  if (!workflowInfo().unsafe.isReplaying) metrics.increment('ticks');\n  !workflowInfo().unsafe.isReplayingHistoryEvents && console.log('items', items.map((i) => i.toUpperCase()).join());\n  if (!workflowInfo().unsafe.isReplaying) {\n    ticks.add(items.length);\n    metricMeter.createHistogram('size').record(items.length, { kind: String(items[0]) });\n  } else log.debug('replaying');\n  workflowInfo().unsafe.isReplaying ? log.debug('replay') : metrics.increment('live', 1);\n}\n`,
    },
    {
      name: 'an early return or continue before code that only observes',
      code: `${sinks}function report(n: number): void {\n  if (workflowInfo().unsafe.isReplaying) return;\n  const tags = { n: String(n) };\n  metrics.increment('reported', n);\n  log.info('reported', tags);\n}\nexport async function wf(items: string[]): Promise<void> {\n  for (const item of items) {\n    await notify();\n    if (workflowInfo().unsafe.isReplaying) continue;\n    log.info('item', { item });\n  }\n  report(items.length);\n}\n`,
    },
    {
      name: 'the flag held in a constant or destructured, the unsafe object destructured, a namespace import',
      code: `import * as wf from '@temporalio/workflow';\nconst { metrics } = wf.proxySinks<{ metrics: { increment(n: string): void } } & wf.Sinks>();\nexport async function run(): Promise<void> {\n  const replaying = wf.workflowInfo().unsafe.isReplaying;\n  const { isReplayingHistoryEvents } = wf.workflowInfo().unsafe;\n  const { unsafe } = wf.workflowInfo();\n  replaying || metrics.increment('a');\n  if (!isReplayingHistoryEvents) wf.log.info('b');\n  if (!unsafe.isReplaying) wf.log.info('c', { replaying });\n}\n`,
    },
    {
      name: 'unsafe.now() held in a constant that only reaches a metric',
      code: `${sinks}export async function wf(): Promise<void> {\n  const started = workflowInfo().unsafe.now();\n  await notify();\n  metrics.increment('took', workflowInfo().unsafe.now() - started);\n}\n`,
    },
    {
      name: "the SDK's metric instruments: a sink bound below the class that uses it, proxySinks imported from the SDK's own module",
      filename: 'src/metrics.ts',
      code: `import { proxySinks, type Sinks } from './sinks';\nimport { workflowInfo } from './workflow';\nexport class Counter {\n  constructor(private readonly name: string) {}\n  add(value: number): void {\n    if (value < 0) throw new Error('negative');\n    if (!workflowInfo().unsafe.isReplaying) {\n      metricSink.addValue(this.name, value, {});\n    }\n  }\n}\ninterface MetricSinks extends Sinks { m: { addValue(n: string, v: number, tags: object): void } }\nconst metricSink = proxySinks<MetricSinks>().m;\n`,
      files: {
        'src/sinks.ts': `export type Sinks = Record<string, Record<string, (...a: any[]) => void>>;\nexport function proxySinks<T extends Sinks>(): T { return {} as T; }\n`,
        'src/workflow.ts': `export function workflowInfo(): { unsafe: { isReplaying: boolean } } { return { unsafe: { isReplaying: false } }; }\n`,
        'src/workflows.ts': `import { Counter } from './metrics';\nexport async function wf(): Promise<void> { new Counter('n').add(1); }\n`,
      },
    },
    {
      name: 'a flag returned by a local function whose calls only steer sink calls; a sink returned by a local function; helpers that only compute, here and imported',
      code: `import { proxySinks, workflowInfo, type Sinks } from '@temporalio/workflow';\nimport { currentConfig } from './config-store';\ninterface TraceSinks extends Sinks { tracing: { dispatch(event: object): void } }\nconst SINK = 'tracing';\nfunction isReplayingHistoryEvents(): boolean {\n  return workflowInfo().unsafe.isReplayingHistoryEvents;\n}\nconst notReplaying = () => !workflowInfo().unsafe.isReplaying;\nfunction tracingSink(): TraceSinks[typeof SINK] {\n  return proxySinks<TraceSinks>()[SINK];\n}\nfunction shouldForward(): boolean {\n  return currentConfig()?.forward === true;\n}\nfunction serialize(span: { id: string; data: object; end?: string }, endedAt?: string | null): object {\n  return { id: span.id, data: { ...span.data }, endedAt: endedAt !== undefined ? endedAt : span.end! };\n}\nexport async function onSpanEnd(span: { id: string; data: object }): Promise<void> {\n  if (isReplayingHistoryEvents()) return;\n  tracingSink().dispatch({ kind: 'span_end', span: serialize(span), forward: shouldForward() });\n}\nexport async function flush(spans: Map<string, { id: string; data: object }>): Promise<void> {\n  if (!isReplayingHistoryEvents()) {\n    const sink = tracingSink();\n    const forward = shouldForward();\n    for (const span of spans.values()) sink.dispatch({ span: serialize(span, new Date().toISOString()), forward });\n  }\n  const live = notReplaying();\n  if (live) tracingSink().dispatch({ kind: 'flushed' });\n}\n`,
      files: { 'src/config-store.ts': `import { workflowInfo } from '@temporalio/workflow';\nconst configs = new Map<string, { forward: boolean }>();\nfunction key(): string {\n  const info = workflowInfo();\n  return \`\${info.workflowId}/\${info.runId}\`;\n}\nexport function currentConfig(): { forward: boolean } | undefined {\n  return configs.get(key());\n}\n` },
    },
    {
      name: 'a check on the first execution only that fails the workflow task (a built-in error, not a Temporal failure)',
      code: `${head}const registered = new Set<string>(['notify']);\nexport async function schedule(type: string): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying && !registered.has(type)) {\n    throw new ReferenceError(\`Local activity of type '\${type}' not registered on worker\`);\n  }\n  await notify();\n}\n`,
    },
  ],
  invalid: [
    {
      name: 'a side effect only on the first run, and real time steering logic',
      code: `${head}export async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) await notify();\n  if (workflowInfo().unsafe.now() > 0) await notify();\n}\n`,
      errors: [
        { messageId: 'replaying', line: 5, column: 8 },
        { messageId: 'now', line: 6, column: 7 },
      ],
    },
    {
      name: 'a branch with telemetry and a command, an else with a command, a sink argument that awaits an activity',
      code: `${sinks}export async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) {\n    metrics.increment('sent');\n    await notify();\n  }\n  if (workflowInfo().unsafe.isReplayingHistoryEvents) log.info('replay');\n  else await notify();\n  if (!workflowInfo().unsafe.isReplaying) metrics.increment(String(await notify()));\n}\n`,
      errors: [
        { messageId: 'replaying', line: 8, column: 8 },
        { messageId: 'replaying', line: 12, column: 7 },
        { messageId: 'replaying', line: 14, column: 8 },
      ],
    },
    {
      name: 'an early return before a command or a state change',
      code: `${sinks}export async function wf(): Promise<void> {\n  if (workflowInfo().unsafe.isReplaying) return;\n  await notify();\n}\nfunction count(): void {\n  if (workflowInfo().unsafe.isReplaying) return;\n  metrics.increment('n');\n  state.count++;\n}\nexport async function wf2(): Promise<void> {\n  count();\n}\n`,
      errors: [
        { messageId: 'replaying', line: 8, column: 7 },
        { messageId: 'replaying', line: 12, column: 7 },
      ],
    },
    {
      name: 'the flag flowing into state, a return value, a value, or a short-circuited patched()',
      code: `${sinks}export async function wf(): Promise<boolean> {\n  state.replayed = workflowInfo().unsafe.isReplaying;\n  const label = workflowInfo().unsafe.isReplaying ? 'replay' : 'live';\n  if (!workflowInfo().unsafe.isReplaying && patched('v2')) log.info(label);\n  return workflowInfo().unsafe.isReplaying;\n}\n`,
      errors: [
        { messageId: 'replaying', line: 8, column: 20 },
        { messageId: 'replaying', line: 9, column: 17 },
        { messageId: 'replaying', line: 10, column: 8 },
        { messageId: 'replaying', line: 11, column: 10 },
      ],
    },
    {
      name: 'the flag held in a constant or destructured, then steering a command',
      code: `${sinks}export async function wf(): Promise<void> {\n  const replaying = workflowInfo().unsafe.isReplaying;\n  const { isReplayingHistoryEvents: historic } = workflowInfo().unsafe;\n  if (!replaying) log.info('live');\n  if (!replaying || historic) await notify();\n}\n`,
      errors: [
        { messageId: 'replaying', line: 8, column: 21 },
        { messageId: 'replaying', line: 9, column: 11 },
      ],
    },
    {
      name: 'a flag returned by a function that is exported, passed on as a value, or whose call steers a command',
      code: `${sinks}export function replaying(): boolean {\n  return workflowInfo().unsafe.isReplaying;\n}\nfunction live(): boolean {\n  return !workflowInfo().unsafe.isReplaying;\n}\nconst historic = () => workflowInfo().unsafe.isReplayingHistoryEvents;\nexport async function wf(check: (f: () => boolean) => void): Promise<void> {\n  if (live()) metrics.increment('live');\n  if (live()) await notify();\n  check(historic);\n}\n`,
      errors: [
        { messageId: 'replaying', line: 8, column: 10 },
        { messageId: 'replaying', line: 11, column: 11 },
        { messageId: 'replaying', line: 13, column: 24 },
      ],
    },
    {
      name: 'telemetry whose arguments or sink come from helpers that do more than compute',
      code: `${sinks}import { nextLabel } from './labels';\nfunction label(): string {\n  state.count++;\n  return String(state.count);\n}\nfunction sink(): MetricSinks['metrics'] {\n  void notify();\n  return proxySinks<MetricSinks>().metrics;\n}\nexport async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) log.info(label());\n  if (!workflowInfo().unsafe.isReplaying) sink().increment('n');\n  if (!workflowInfo().unsafe.isReplaying) log.info(nextLabel());\n}\n`,
      files: { 'src/labels.ts': `let n = 0;\nexport function nextLabel(): string {\n  n += 1;\n  return String(n);\n}\n` },
      errors: [
        { messageId: 'replaying', line: 17, column: 8 },
        { messageId: 'replaying', line: 18, column: 8 },
        { messageId: 'replaying', line: 19, column: 8 },
      ],
    },
    {
      name: 'throwing only on replay, throwing a Temporal failure, or a condition that does not show the first execution',
      code: `import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';\nexport async function wf(bad: boolean): Promise<void> {\n  if (workflowInfo().unsafe.isReplaying) throw new Error('replayed');\n  if (!workflowInfo().unsafe.isReplaying) throw ApplicationFailure.nonRetryable('first run');\n  if (!workflowInfo().unsafe.isReplaying || bad) throw new TypeError('bad');\n}\n`,
      errors: [
        { messageId: 'replaying', line: 3, column: 7 },
        { messageId: 'replaying', line: 4, column: 8 },
        { messageId: 'replaying', line: 5, column: 8 },
      ],
    },
  ],
});
