import rule from '../../rules/activity-heartbeat.js';
import { testRule } from '../support/rule-tester.js';

const PROGRESS = `import { Context } from '@temporalio/activity';\nexport function reportProgress(done: number): void {\n  Context.current().heartbeat(done);\n}\n`;
const LOGS_ONLY = `import { Context } from '@temporalio/activity';\nexport function heartbeat(done: number): void {\n  Context.current().log.info('progress', { done });\n}\n`;

testRule(rule, {
  valid: [
    { name: 'a loop that heartbeats', code: `import { heartbeat } from '@temporalio/activity';\nexport async function resize(images: string[]): Promise<void> {\n  for (const [i, image] of images.entries()) {\n    heartbeat(i);\n    await fetch(image, { method: 'PUT' });\n  }\n}\n` },
    { name: 'Context.current().heartbeat() and cancellation together', code: `import { Context } from '@temporalio/activity';\nexport async function poll(): Promise<void> {\n  while (!Context.current().cancellationSignal.aborted) {\n    Context.current().heartbeat();\n    await new Promise((r) => setTimeout(r, 1000));\n  }\n}\n` },
    { name: 'a saved context that heartbeats', code: `import { Context } from '@temporalio/activity';\nexport async function copy(rows: string[]): Promise<void> {\n  const ctx = Context.current();\n  for (const row of rows) {\n    await fetch(row, { method: 'PUT' });\n    ctx.heartbeat(row);\n  }\n}\n` },
    { name: 'a loop whose per-item helper heartbeats', code: `import { heartbeat } from '@temporalio/activity';\nasync function processItem(item: string): Promise<void> {\n  heartbeat(item);\n  await fetch(item, { method: 'PUT' });\n}\nexport async function processAll(items: string[]): Promise<void> {\n  for (const item of items) await processItem(item);\n}\n` },
    { name: 'a cancellable fetch that heartbeats while it streams', code: `import { cancellationSignal, heartbeat } from '@temporalio/activity';\nexport async function download(url: string): Promise<number> {\n  const response = await fetch(url, { signal: cancellationSignal() });\n  let bytes = 0;\n  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {\n    bytes += chunk.length;\n    heartbeat(bytes);\n  }\n  return bytes;\n}\n` },
    { name: 'a helper of any name that heartbeats', code: `import { Context } from '@temporalio/activity';\nfunction reportProgress(done: number): void {\n  Context.current().heartbeat(done);\n}\nexport async function syncAll(ids: string[]): Promise<void> {\n  for (const [i, id] of ids.entries()) {\n    await fetch(id, { method: 'PUT' });\n    reportProgress(i);\n  }\n}\n` },
    { name: 'a helper imported from another module that heartbeats, through a barrel', code: `import { reportProgress } from './util';\nexport async function syncAll(ids: string[]): Promise<void> {\n  for (const [i, id] of ids.entries()) {\n    await fetch(id, { method: 'PUT' });\n    reportProgress(i);\n  }\n}\n`, files: { 'src/util/index.ts': "export * from './progress';\n", 'src/util/progress.ts': PROGRESS } },
    { name: 'a progress callback bound to heartbeat inline', code: `import { Context } from '@temporalio/activity';\nimport { copy } from 'blob-store';\nexport async function backup(files: string[]): Promise<void> {\n  for (const file of files) await copy(file, \`backup/\${file}\`, (n: number) => Context.current().heartbeat(n));\n}\n` },
    { name: 'an onProgress option bound to heartbeat', code: `import { heartbeat } from '@temporalio/activity';\nimport { upload } from 'blob-store';\nexport async function uploadAll(files: string[]): Promise<void> {\n  for (const file of files) await upload(file, { onProgress: heartbeat });\n}\n` },
    { name: 'a callback parameter that a caller binds to heartbeat', code: `import { heartbeat } from '@temporalio/activity';\nexport async function copyAll(files: string[], onProgress: (n: number) => void): Promise<void> {\n  for (const [i, file] of files.entries()) {\n    await fetch(file, { method: 'PUT' });\n    onProgress(i);\n  }\n}\nexport async function backup(files: string[]): Promise<void> {\n  await copyAll(files, heartbeat);\n}\n` },
    { name: 'a destructured onProgress option that a caller binds to a heartbeating function', code: `import { Context } from '@temporalio/activity';\nexport async function sync(ids: string[], { onProgress }: { onProgress?: (n: number) => void } = {}): Promise<void> {\n  for (const [i, id] of ids.entries()) {\n    await fetch(id, { method: 'PUT' });\n    onProgress?.(i);\n  }\n}\nexport async function syncAll(ids: string[]): Promise<void> {\n  await sync(ids, { onProgress: (n) => Context.current().heartbeat(n) });\n}\n` },
    { name: 'a loop that awaits nothing', code: `export async function sum(xs: number[]): Promise<number> {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}\n` },
    { name: 'a loop whose awaits are in callbacks it only creates', code: `export async function all(urls: string[]): Promise<void> {\n  const pending: Promise<Response>[] = [];\n  for (const url of urls) pending.push((async () => await fetch(url))());\n  await Promise.all(pending);\n}\n` },
    // Where activities live (issue 15, item 23): traps.
    { name: 'a helper the module does not export is not an activity', code: `async function copyAll(ids: string[]): Promise<void> {\n  for (const id of ids) await fetch(id, { method: 'PUT' });\n}\nexport async function backup(ids: string[]): Promise<void> {\n  await copyAll(ids);\n}\n` },
    { name: 'a private method of an activity class', code: `export class Sync {\n  private async copyAll(ids: string[]): Promise<void> {\n    for (const id of ids) await fetch(id, { method: 'PUT' });\n  }\n  async backup(ids: string[]): Promise<void> {\n    await this.copyAll(ids);\n  }\n}\n` },
    { name: 'a class method whose loop heartbeats through a sibling method', code: `import { heartbeat } from '@temporalio/activity';\nexport class Sync {\n  report(n: number): void {\n    heartbeat(n);\n  }\n  async syncAll(ids: string[]): Promise<void> {\n    for (const [i, id] of ids.entries()) {\n      await fetch(id, { method: 'PUT' });\n      this.report(i);\n    }\n  }\n}\n` },
    { name: 'a method of the object a factory returns that heartbeats', code: `import { heartbeat } from '@temporalio/activity';\nexport function createActivities(db: { put(id: string): Promise<void> }) {\n  return {\n    async syncAll(ids: string[]): Promise<void> {\n      for (const id in ids) {\n        heartbeat(id);\n        await db.put(id);\n      }\n    },\n  };\n}\n` },
    { name: 'a class the module does not export', code: `class Sync {\n  async syncAll(ids: string[]): Promise<void> {\n    for (const id of ids) await fetch(id, { method: 'PUT' });\n  }\n}\nexport const sync = (ids: string[]) => new Sync().syncAll(ids);\n` },
    { name: 'a for…in loop that awaits nothing', code: `export async function count(rows: Record<string, number>): Promise<number> {\n  let n = 0;\n  for (const key in rows) n += rows[key]!;\n  return n;\n}\n` },
    {
      name: 'an activity whose every caller caps an attempt at a minute or less (a dead worker is noticed as soon as a heartbeat would)',
      code: `export async function project(skus: string[]): Promise<void> {\n  for (const batch of [skus, skus]) {\n    for (let i = 0; i < batch.length; i += 20) {\n      await fetch(batch[i]!, { method: 'PUT' });\n    }\n  }\n}\n`,
      files: { 'src/workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { project } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 3 } });\nexport async function wf(): Promise<void> { await project(['a']); }\n`, 'src/other-workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { project } = proxyActivities<typeof activities>({ scheduleToCloseTimeout: 60_000 });\nexport async function wf2(): Promise<void> { await project(['a']); }\n` },
    },
  ],
  invalid: [
    {
      name: 'an activity one of whose callers gives it ten minutes; nested loops are one finding, at the outer loop',
      code: `export async function project(skus: string[]): Promise<void> {\n  for (const batch of [skus, skus]) {\n    for (let i = 0; i < batch.length; i += 20) {\n      await fetch(batch[i]!, { method: 'PUT' });\n    }\n  }\n}\n`,
      files: { 'src/workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { project } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });\nexport async function wf(): Promise<void> { await project(['a']); }\n`, 'src/other-workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { project } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 minutes' });\nexport async function wf2(): Promise<void> { await project(['a']); }\n` },
      errors: [{ messageId: 'loop', line: 2, column: 3 }],
    },
    {
      name: 'a helper named heartbeat that never heartbeats',
      code: `import { Context } from '@temporalio/activity';\nfunction heartbeat(done: number): void {\n  Context.current().log.info('progress', { done });\n}\nexport async function syncSome(ids: string[]): Promise<void> {\n  for (const [i, id] of ids.entries()) {\n    await fetch(id, { method: 'PUT' });\n    heartbeat(i);\n  }\n}\n`,
      errors: [{ messageId: 'loop', line: 6, column: 3 }],
    },
    {
      name: 'an imported helper named heartbeat that never heartbeats, and a cancellation that cannot arrive',
      code: `import { cancelled } from '@temporalio/activity';\nimport { heartbeat } from './progress';\nexport async function syncSome(ids: string[]): Promise<void> {\n  for (const [i, id] of ids.entries()) {\n    await fetch(id, { method: 'PUT' });\n    heartbeat(i);\n  }\n  await cancelled();\n}\n`,
      files: { 'src/progress.ts': LOGS_ONLY },
      errors: [
        { messageId: 'loop', line: 4, column: 3 },
        { messageId: 'cancellation', line: 8, column: 9 },
      ],
    },
    {
      name: 'a callback parameter that no caller binds to heartbeat',
      code: `export async function copyAll(files: string[], onProgress: (n: number) => void): Promise<void> {\n  for (const [i, file] of files.entries()) {\n    await fetch(file, { method: 'PUT' });\n    onProgress(i);\n  }\n}\nexport async function backup(files: string[]): Promise<void> {\n  await copyAll(files, (n) => console.log(n));\n}\n`,
      errors: [{ messageId: 'loop', line: 2, column: 3 }],
    },
    {
      name: 'a loop of awaited calls, no heartbeat',
      code: `export async function resize(images: string[]): Promise<void> {\n  for (const image of images) {\n    await fetch(image, { method: 'PUT' });\n  }\n}\n`,
      errors: [{ messageId: 'loop', line: 2, column: 3, message: 'heartbeatTimeout' }],
    },
    {
      name: 'for await over a stream, and a retry loop, no heartbeat',
      code: `export async function consume(stream: AsyncIterable<string>): Promise<string[]> {\n  const out: string[] = [];\n  for await (const part of stream) out.push(part);\n  return out;\n}\nexport const poll = async (url: string): Promise<void> => {\n  let done = false;\n  while (!done) done = (await fetch(url)).ok;\n};\n`,
      errors: [
        { messageId: 'loop', line: 3, column: 3 },
        { messageId: 'loop', line: 8, column: 3 },
      ],
    },
    {
      name: 'waiting for a cancellation that can never arrive',
      code: `import { cancelled, Context } from '@temporalio/activity';\nexport async function wait(): Promise<void> {\n  await cancelled();\n}\nexport async function get(url: string): Promise<Response> {\n  return fetch(url, { signal: Context.current().cancellationSignal });\n}\n`,
      errors: [
        { messageId: 'cancellation', line: 3, column: 9, message: 'cancelled()' },
        { messageId: 'cancellation', line: 6, column: 31, message: 'Context.current().cancellationSignal' },
      ],
    },
    {
      name: 'a for…in loop over awaited work',
      code: `export async function syncAll(rows: Record<string, string>): Promise<void> {\n  for (const key in rows) {\n    await fetch(rows[key]!, { method: 'PUT' });\n  }\n}\n`,
      errors: [{ messageId: 'loop', line: 2, column: 3 }],
    },
    {
      name: 'functions exported with export { fn } and export { fn as name }',
      code: `async function syncAll(ids: string[]): Promise<void> {\n  for (const id of ids) await fetch(id, { method: 'PUT' });\n}\nconst copyAll = async (ids: string[]): Promise<void> => {\n  while (ids.length) await fetch(ids.pop()!, { method: 'PUT' });\n};\nexport { syncAll, copyAll as copy };\n`,
      errors: [
        { messageId: 'loop', line: 2, column: 3 },
        { messageId: 'loop', line: 5, column: 3 },
      ],
    },
    {
      name: 'methods and functions of the object an activity factory returns',
      code: `export function createActivities(db: { put(id: string): Promise<void> }) {\n  async function copyAll(ids: string[]): Promise<void> {\n    for (const id of ids) await db.put(id);\n  }\n  return {\n    copyAll,\n    async syncAll(ids: string[]): Promise<void> {\n      for (const id in ids) await db.put(id);\n    },\n  };\n}\nexport const makeActivities = (db: { put(id: string): Promise<void> }) => ({\n  backup: async (ids: string[]): Promise<void> => {\n    for (const id of ids) await db.put(id);\n  },\n});\n`,
      errors: [
        { messageId: 'loop', line: 3, column: 5 },
        { messageId: 'loop', line: 8, column: 7 },
        { messageId: 'loop', line: 14, column: 5 },
      ],
    },
    {
      name: 'methods of an activity class and of an exported activities object',
      code: `export class OrderActivities {\n  constructor(private readonly db: { put(id: string): Promise<void> }) {}\n  async syncAll(ids: string[]): Promise<void> {\n    for (const id of ids) await this.db.put(id);\n  }\n}\nexport const activities = {\n  async copyAll(ids: string[]): Promise<void> {\n    for (const id of ids) await fetch(id, { method: 'PUT' });\n  },\n};\n`,
      errors: [
        { messageId: 'loop', line: 4, column: 5 },
        { messageId: 'loop', line: 9, column: 5 },
      ],
    },
  ],
});
