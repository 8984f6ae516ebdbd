import rule from '../../rules/heartbeat-timeout-without-heartbeat.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\n`;
const SILENT = `export async function transcode(file: string): Promise<void> { await fetch(file, { method: 'PUT' }); }\n`;
const BEATING = `import { heartbeat } from '@temporalio/activity';\nexport async function transcode(file: string): Promise<void> { heartbeat(file); await fetch(file, { method: 'PUT' }); }\n`;
const BEATING_HELPER = `import { Context } from '@temporalio/activity';\nasync function step(file: string): Promise<void> { Context.current().heartbeat(file); }\nexport async function transcode(file: string): Promise<void> { await step(file); }\n`;
const FACTORY = `export const createActivities = () => ({ async transcode(file: string): Promise<void> { await fetch(file); } });\n`;
const FACTORY_BEATING = `import { heartbeat } from '@temporalio/activity';\nexport function createActivities(db: { put(f: string): Promise<void> }) {\n  async function transcode(file: string): Promise<void> { heartbeat(); await db.put(file); }\n  return { transcode };\n}\n`;
const FACTORY_BOUND = `export function createActivities(client: { transcode(f: string): Promise<void> }) {\n  return { transcode: client.transcode.bind(client) };\n}\n`;
const factoryHead = `import { proxyActivities } from '@temporalio/workflow';\nimport type { createActivities } from './activities';\nconst { transcode } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`;

const CLASS = `export class MediaActivities {\n  constructor(private readonly base: string) {}\n  async transcode(file: string): Promise<void> { await fetch(this.base + file, { method: 'PUT' }); }\n}\nexport interface MediaApi { transcode(file: string): Promise<void> }\n`;
const classHead = (type: string): string => `import { proxyActivities } from '@temporalio/workflow';\nimport type { MediaActivities, MediaApi } from './media';\nconst { transcode } = proxyActivities<${type}>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`;

testRule(rule, {
  valid: [
    { name: 'the activity heartbeats', code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`, files: { 'src/activities.ts': BEATING } },
    { name: 'a helper of the activity heartbeats for it', code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`, files: { 'src/activities.ts': BEATING_HELPER } },
    { name: 'no heartbeatTimeout', code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`, files: { 'src/activities.ts': SILENT } },
    { name: 'a factory whose activity (a function it returns by name) heartbeats', code: factoryHead, files: { 'src/activities.ts': FACTORY_BEATING } },
    { name: 'an implementation wfo cannot see (a bound client method) is not judged', code: factoryHead, files: { 'src/activities.ts': FACTORY_BOUND } },
    { name: 'an interface names the activities: the implementation is not guessed', code: classHead('MediaApi'), files: { 'src/media.ts': CLASS } },
    {
      name: 'a heartbeatTimeout at least as long as startToCloseTimeout or scheduleToCloseTimeout never fires first',
      code: `${head}const same = proxyActivities<typeof activities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '5m' });\nconst longer = proxyActivities<typeof activities>({ startToCloseTimeout: 60_000, heartbeatTimeout: '2 minutes' });\nconst capped = proxyActivities<typeof activities>({ scheduleToCloseTimeout: '1h', heartbeatTimeout: 2 * 60 * 60 * 1000 });\nexport async function wf(): Promise<void> { await same.transcode('a'); await longer.transcode('b'); await capped.transcode('c'); }\n`,
      files: { 'src/activities.ts': SILENT },
    },
    {
      name: "the activity hands its Context to code wfo cannot read (a service object's method), which may heartbeat through it",
      code: `${head}const { sync } = proxyActivities<typeof activities>({ startToCloseTimeout: '24h', heartbeatTimeout: '30m' });\nexport async function wf(): Promise<void> { await sync('a'); }\n`,
      files: { 'src/activities.ts': `import { Context } from '@temporalio/activity';\nimport { runner } from './runner';\nexport async function sync(id: string): Promise<void> {\n  const context: Context = Context.current();\n  await runner.run({ id, temporalContext: context });\n}\n`, 'src/runner.ts': `export const runner: { run(o: object): Promise<void> } = { run: async () => undefined };\n` },
    },
    { name: 'a class whose module heartbeats', code: classHead('MediaActivities'), files: { 'src/media.ts': `import { heartbeat } from '@temporalio/activity';\n${CLASS.replace('{ await fetch', '{ heartbeat(); await fetch')}` } },
  ],
  invalid: [
    {
      name: 'an activity made by a factory (proxyActivities<ReturnType<typeof createActivities>>) that never heartbeats',
      code: factoryHead,
      files: { 'src/activities.ts': FACTORY },
      errors: [{ messageId: 'never', line: 4, column: 51, message: "'transcode' is called with heartbeatTimeout '30s', but its implementation (src/activities.ts) never calls heartbeat()" }],
    },
    {
      name: 'heartbeatTimeout for an activity that never heartbeats, found through a barrel',
      code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); await transcode('b'); }\n`,
      files: { 'src/activities.ts': `export * from './media';\n`, 'src/media.ts': SILENT },
      errors: [{ messageId: 'never', line: 4, column: 51, message: "'transcode' is called with heartbeatTimeout '30s', but its implementation (src/media.ts) never calls heartbeat()" }],
    },
    {
      name: 'a heartbeatTimeout shorter than startToCloseTimeout, the schedule-to-close one longer',
      code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 minutes', scheduleToCloseTimeout: '1 hour', heartbeatTimeout: '9m' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`,
      files: { 'src/activities.ts': SILENT },
      errors: [{ messageId: 'never', line: 4, message: "heartbeatTimeout '9m'" }],
    },
    {
      name: 'a Context handed to a helper wfo can read, which only reads its info',
      code: `${head}const { sync } = proxyActivities<typeof activities>({ startToCloseTimeout: '24h', heartbeatTimeout: '30m' });\nexport async function wf(): Promise<void> { await sync('a'); }\n`,
      files: { 'src/activities.ts': `import { Context } from '@temporalio/activity';\nfunction describe(ctx: Context): string { return ctx.info.activityId; }\nexport async function sync(id: string): Promise<void> {\n  await fetch(id + describe(Context.current()), { method: 'PUT' });\n}\n` },
      errors: [{ messageId: 'never', line: 4, message: "'sync' is called with heartbeatTimeout '30m'" }],
    },
    {
      name: 'options held in a const object, called through the proxy object',
      code: `${head}const OPTIONS = { startToCloseTimeout: '1h', heartbeatTimeout: '1 minute' } as const;\nconst acts = proxyActivities<typeof activities>(OPTIONS);\nexport async function wf(): Promise<void> { await acts.transcode('a'); }\n`,
      files: { 'src/activities.ts': SILENT },
      errors: [{ messageId: 'never', line: 5, column: 51, message: "heartbeatTimeout '1 minute'" }],
    },
    {
      name: 'a class the worker registers as an instance, named as proxyActivities<MediaActivities>',
      code: classHead('MediaActivities'),
      files: { 'src/media.ts': CLASS },
      errors: [{ messageId: 'never', line: 4, message: "'transcode' is called with heartbeatTimeout '30s', but its implementation (src/media.ts) never calls heartbeat()" }],
    },
    {
      name: 'the same class named as InstanceType<typeof MediaActivities>',
      code: classHead('InstanceType<typeof MediaActivities>'),
      files: { 'src/media.ts': CLASS },
      errors: [{ messageId: 'never', line: 4, message: 'src/media.ts' }],
    },
  ],
});
