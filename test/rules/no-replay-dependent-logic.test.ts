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
  ],
});
