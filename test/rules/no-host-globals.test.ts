import rule from '../../rules/no-host-globals.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'deterministic Date, Math.random and setTimeout are sandbox-provided', code: `export async function wf(): Promise<number> {\n  const started = Date.now();\n  const d = new Date();\n  setTimeout(() => undefined, 10);\n  clearTimeout(0 as any);\n  return started + d.getTime() + Math.random();\n}\n` },
    { name: 'URL, TextEncoder, AbortController and console exist in the sandbox', code: `export function wf(): void {\n  const u = new URL('https://example.com');\n  new TextEncoder().encode(u.href);\n  new AbortController();\n  console.log('ok');\n}\n` },
    { name: 'a parameter named fetch is not the global', code: `export async function wf(fetch: (u: string) => Promise<string>): Promise<string> {\n  return fetch('x');\n}\n` },
    { name: 'an imported binding named crypto is not the global', code: `import { crypto } from './helpers';\nexport function wf(): string {\n  return crypto.id();\n}\n`, files: { 'src/helpers.ts': 'export const crypto = { id: () => "a" };\n' } },
    { name: 'type positions are not run-time uses', code: `let handle: ReturnType<typeof setInterval> | undefined;\nlet b: Buffer | undefined;\nexport function wf(): void { void handle; void b; }\n` },
    { name: 'typeof checks and the code they guard', code: `export function env(): string | undefined {\n  if (typeof process !== 'undefined') return process.env.X;\n  return typeof Buffer === 'function' ? Buffer.from('x').toString() : undefined;\n}\n` },
    { name: 'code that only runs outside the workflow context', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {}\nasync function main(): Promise<void> {\n  console.log(__filename);\n}\nif (!inWorkflowContext()) {\n  main().catch(() => process.exit(1));\n}\n` },
    { name: 'property names that match globals', code: `export function wf(o: { process: number; fetch(): void }): number {\n  o.fetch();\n  const x = { process: 1, Buffer: 2 };\n  return o.process + x.process;\n}\n` },
    { name: 'static require is a module load, not a global use', filename: 'src/workflows.js', code: `const helpers = require('./helpers');\nexports.wf = async function wf() { return helpers.x; };\n`, files: { 'src/helpers.js': 'exports.x = 1;\n', 'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows.js') });\n` } },
    { name: 'the same globals in activity code', filename: 'src/activities.ts', code: `export async function callApi(): Promise<string> {\n  const r = await fetch(process.env.URL!);\n  return Buffer.from(await r.text()).toString('base64');\n}\n` },
  ],
  invalid: [
    {
      name: 'process, Buffer and fetch in a workflow',
      code: `export async function wf(): Promise<string> {\n  const url = process.env.API_URL;\n  const body = Buffer.from('x');\n  return String(await fetch(url!)) + body;\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 15, message: "'process'" },
        { messageId: 'missing', line: 3, column: 16, message: "'Buffer'" },
        { messageId: 'missing', line: 4, column: 23, message: "'fetch'" },
      ],
    },
    {
      name: 'globalThis.fetch and setInterval',
      code: `export function wf(): void {\n  globalThis.fetch('x');\n  setInterval(() => undefined, 1000);\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 3, message: 'make the request in an activity' },
        { messageId: 'missing', line: 3, column: 3, message: 'sleep' },
      ],
    },
    {
      name: 'crypto.randomUUID suggests uuid4()',
      code: `export function id(): string {\n  return crypto.randomUUID();\n}\n`,
      errors: [{ messageId: 'missing', line: 2, column: 10, message: 'uuid4()' }],
    },
    {
      name: 'a helper reached from the workflow carries the import chain',
      filename: 'src/util/clock.ts',
      code: `export function uptime(): number {\n  return performance.now();\n}\n`,
      files: { 'src/workflows.ts': `import { uptime } from './util';\nexport async function wf(): Promise<number> { return uptime(); }\n`, 'src/util/index.ts': `export * from './clock';\n` },
      errors: [{ messageId: 'missing', line: 2, column: 10, chain: ['src/workflows.ts', 'src/util/index.ts', 'src/util/clock.ts'] }],
    },
    {
      name: 'require.resolve and __dirname',
      code: `export function where(): string {\n  return require.resolve('./x') + __dirname;\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 10, message: "'require'" },
        { messageId: 'missing', line: 2, column: 35, message: "'__dirname'" },
      ],
    },
  ],
});
