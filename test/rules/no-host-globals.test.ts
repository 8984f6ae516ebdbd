import rule from '../../rules/no-host-globals.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'require.resolve(__filename) is compiled to the module id', code: `export const self = require.resolve(__filename);\nexport async function wf(): Promise<string> {\n  return self + require.resolve(__dirname + '/x');\n}\n` },
    { name: 'deterministic Date, Math.random and setTimeout are sandbox-provided', code: `export async function wf(): Promise<number> {\n  const started = Date.now();\n  const d = new Date();\n  setTimeout(() => undefined, 10);\n  clearTimeout(0 as any);\n  return started + d.getTime() + Math.random();\n}\n` },
    { name: 'URL, TextEncoder, AbortController and console exist in the sandbox', code: `export function wf(): void {\n  const u = new URL('https://example.com');\n  new TextEncoder().encode(u.href);\n  new AbortController();\n  console.log('ok');\n}\n` },
    { name: 'a parameter named fetch is not the global', code: `export async function wf(fetch: (u: string) => Promise<string>): Promise<string> {\n  return fetch('x');\n}\n` },
    { name: 'an imported binding named crypto is not the global', code: `import { crypto } from './helpers';\nexport function wf(): string {\n  return crypto.id();\n}\n`, files: { 'src/helpers.ts': 'export const crypto = { id: () => "a" };\n' } },
    { name: 'type positions are not run-time uses', code: `let handle: ReturnType<typeof setInterval> | undefined;\nlet b: Buffer | undefined;\nexport function wf(): void { void handle; void b; }\n` },
    { name: 'typeof checks and the code they guard', code: `export function env(): string | undefined {\n  if (typeof process !== 'undefined') return process.env.X;\n  return typeof Buffer === 'function' ? Buffer.from('x').toString() : undefined;\n}\n` },
    { name: 'code that only runs outside the workflow context', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {}\nasync function main(): Promise<void> {\n  console.log(__filename);\n}\nif (!inWorkflowContext()) {\n  main().catch(() => process.exit(1));\n}\n` },
    { name: 'property names that match globals', code: `export function wf(o: { process: number; fetch(): void }): number {\n  o.fetch();\n  const x = { process: 1, Buffer: 2 };\n  return o.process + x.process;\n}\n` },
    { name: 'static require is a module load, not a global use', filename: 'src/workflows.js', code: `const helpers = require('./helpers');\nexports.wf = async function wf() { return helpers.x; };\n`, files: { 'src/helpers.js': 'exports.x = 1;\n', 'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows.js') });\n` } },
    {
      name: 'webpack replaces __filename, __dirname and require.resolve of a string it can evaluate at bundle time',
      code: `import { log } from '@temporalio/workflow';\nexport const self = require.resolve('./workflows');\nexport async function wf(flag: boolean): Promise<string[]> {\n  log.info('loaded', { file: __filename, dir: __dirname });\n  return [self, require.resolve(\`./activities\`), require.resolve('./work' + 'flows'), require.resolve(flag ? './workflows' : './activities')];\n}\n`,
    },
    {
      name: 'code that runs only outside a workflow: early return or throw, else branch, ternary, ||',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nfunction debugEnabled(): boolean {\n  if (inWorkflowContext()) return false;\n  return process.env.DEBUG === '1';\n}\nfunction hostOnly(): string {\n  if (inWorkflowContext()) {\n    throw new Error('host only');\n  }\n  return Buffer.from('x').toString();\n}\nexport async function wf(): Promise<unknown> {\n  const region = inWorkflowContext() ? 'eu' : process.env.REGION;\n  if (inWorkflowContext()) void region;\n  else setInterval(() => undefined, 1000);\n  const ok = inWorkflowContext() || !!fetch;\n  return [debugEnabled(), ok, inWorkflowContext() ? undefined : hostOnly()];\n}\n`,
    },
    {
      name: 'typeof checks of every polarity, in && || ?: if and early exits, through globalThis and member chains',
      code: `import { uuid4 } from '@temporalio/workflow';\nexport const verbose = typeof process !== 'undefined' && process.env.VERBOSE === '1';\nexport async function wf(keys: string[]): Promise<unknown[]> {\n  const a = typeof process === 'undefined' ? undefined : process.env.A;\n  const b = typeof Buffer === 'undefined' || !Buffer.isBuffer(a);\n  const c = 'undefined' !== typeof fetch && fetch('c');\n  const d = !(typeof performance === 'undefined') && performance.now();\n  const id = typeof globalThis.crypto?.randomUUID === 'function' ? crypto.randomUUID() : uuid4();\n  const out: unknown[] = [a, b, c, d, id];\n  for (const key of keys) {\n    if (typeof process === 'undefined') continue;\n    out.push(process.env[key]);\n  }\n  return out;\n}\nexport async function wf2(): Promise<string | undefined> {\n  if (typeof process === 'undefined' || !process.env) return undefined;\n  return process.env.B;\n}\n`,
    },
    {
      name: "'x' in globalThis, globalThis.x tests, and a helper only guarded code calls",
      code: `function readEnv(): string | undefined {\n  return process.env.X;\n}\nexport async function wf(v: object): Promise<unknown[]> {\n  const id = 'crypto' in globalThis ? crypto.randomUUID() : 'none';\n  const copy = globalThis.structuredClone ? structuredClone(v) : JSON.parse(JSON.stringify(v));\n  const copy2 = globalThis.structuredClone?.(v) ?? v;\n  const hasFetch = globalThis.fetch !== undefined && globalThis.fetch != null;\n  return [id, copy, copy2, hasFetch, typeof process !== 'undefined' ? readEnv() : undefined];\n}\n`,
    },
    {
      name: 'polyfills installed after a feature check are writes, not uses',
      code: `import { uuid4 } from '@temporalio/workflow';\nif (typeof globalThis.structuredClone === 'undefined') {\n  (globalThis as { structuredClone?: <T>(v: T) => T }).structuredClone = <T>(v: T): T => JSON.parse(JSON.stringify(v));\n}\nif (!('crypto' in globalThis)) {\n  Object.defineProperty(globalThis, 'crypto', { value: { randomUUID: () => uuid4() } });\n}\n(globalThis as { queueMicrotask?: (f: () => void) => void }).queueMicrotask ??= (f) => void Promise.resolve().then(f);\nexport async function wf(): Promise<void> {}\n`,
    },
    {
      name: 'a global used after a statement that installs it where it was missing (feature-checked polyfill)',
      code: `import { uuid4 } from '@temporalio/workflow';\nexport function installPolyfills(): void {\n  if (typeof (globalThis as any).crypto === 'undefined') {\n    (globalThis as any).crypto = {};\n  }\n  if (!(globalThis as any).crypto.randomUUID) {\n    (globalThis as any).crypto.randomUUID = (): string => uuid4();\n  }\n}\nexport async function wf(v: object): Promise<unknown[]> {\n  if (!('structuredClone' in globalThis)) {\n    const copy = (x: object): object => JSON.parse(JSON.stringify(x));\n    (globalThis as any).structuredClone = copy;\n  } else log('native');\n  (globalThis as any).performance ??= { now: () => Date.now() };\n  if (globalThis.TextDecoderStream) log('native');\n  else Object.defineProperty(globalThis, 'TextDecoderStream', { value: class {} });\n  return [structuredClone(v), performance.now(), new TextDecoderStream()];\n}\nfunction log(m: string): void { void m; }\n`,
    },
    {
      name: "the sandbox console's own methods, an optional call of another, a local console, and browser globals behind a typeof check",
      code: `export async function wf(rows: string[]): Promise<void> {\n  console.log(rows);\n  console.info('i');\n  console.warn('w');\n  console.error('e');\n  console.debug('d');\n  console.table?.(rows);\n  const theme = typeof localStorage !== 'undefined' ? localStorage.getItem('theme') : 'light';\n  void theme;\n}\nexport function report(console: { table(r: unknown): void }): void {\n  console.table([]);\n}\n`,
    },
    { name: 'the same globals in activity code', filename: 'src/activities.ts', code: `export async function callApi(): Promise<string> {\n  const r = await fetch(process.env.URL!);\n  return Buffer.from(await r.text()).toString('base64');\n}\n` },
  ],
  invalid: [
    {
      name: 'browser globals and console methods the sandbox lacks',
      code: `export async function render(rows: string[]): Promise<string> {\n  const theme = localStorage.getItem('theme') ?? 'light';\n  console.table(rows);\n  sessionStorage.clear();\n  const title = document.title + window.location.href;\n  globalThis.console.time('render');\n  console.dir.call(console, rows);\n  return theme + title;\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 17, message: "'localStorage'" },
        { messageId: 'consoleMethod', line: 3, column: 3, message: "'console.table'" },
        { messageId: 'missing', line: 4, column: 3, message: "'sessionStorage'" },
        { messageId: 'missing', line: 5, column: 17, message: "'document'" },
        { messageId: 'missing', line: 5, column: 34, message: "'window'" },
        { messageId: 'consoleMethod', line: 6, column: 3, message: "'console.time'" },
        { messageId: 'consoleMethod', line: 7, column: 3, message: "'console.dir'" },
      ],
    },
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
      name: 'require.resolve of a name computed at run time: webpack looks it up among the bundled modules',
      code: `export async function where(name: string): Promise<string[]> {\n  return [require.resolve(name), require.resolve('./handlers/' + name), require.resolve(\`./\${name}\`)];\n}\n`,
      errors: [
        { messageId: 'computedResolve', line: 2, column: 11, message: "'require.resolve'" },
        { messageId: 'computedResolve', line: 2, column: 34 },
        { messageId: 'computedResolve', line: 2, column: 73 },
      ],
    },
    {
      name: 'require itself, other than a call or require.resolve',
      code: `export async function wf(): Promise<unknown> {\n  const load = require;\n  return load;\n}\n`,
      errors: [{ messageId: 'missing', line: 2, column: 16, message: "'require'" }],
    },
    {
      name: 'guards of the wrong polarity: inside the workflow, or an early exit when outside it',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<unknown> {\n  if (inWorkflowContext()) void process.env.A;\n  const b = inWorkflowContext() && Buffer.from('b');\n  if (!inWorkflowContext()) return undefined;\n  return [b, fetch('c')];\n}\n`,
      errors: [
        { messageId: 'missing', line: 3, column: 33, message: "'process'" },
        { messageId: 'missing', line: 4, column: 36, message: "'Buffer'" },
        { messageId: 'missing', line: 6, column: 14, message: "'fetch'" },
      ],
    },
    {
      name: 'typeof checks that do not show the global is there',
      code: `export async function wf(): Promise<unknown[]> {\n  const a = typeof process === 'undefined' && process.env.A;\n  const b = typeof Buffer !== 'undefined' || Buffer.from('b');\n  const c = typeof window !== 'undefined' ? fetch('c') : undefined;\n  if (typeof globalThis.structuredClone === 'undefined') structuredClone({});\n  return [a, b, c];\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 47, message: "'process'" },
        { messageId: 'missing', line: 3, column: 46, message: "'Buffer'" },
        { messageId: 'missing', line: 4, column: 45, message: "'fetch'" },
        { messageId: 'missing', line: 5, column: 58, message: "'structuredClone'" },
      ],
    },
    {
      name: 'installs that do not cover the use: conditional inside the branch, the wrong polarity, another global, after the use',
      code: `export function wf(flag: boolean): unknown[] {\n  const early = structuredClone({});\n  if (typeof (globalThis as any).crypto === 'undefined') {\n    if (flag) (globalThis as any).crypto = {};\n  }\n  if (typeof (globalThis as any).performance !== 'undefined') (globalThis as any).performance = {};\n  if (typeof globalThis.structuredClone === 'undefined') (globalThis as any).fetch = () => undefined;\n  (globalThis as any).structuredClone ??= (v: unknown) => v;\n  return [early, crypto.randomUUID(), performance.now(), fetch('x')];\n}\n`,
      errors: [
        { messageId: 'missing', line: 2, column: 17, message: "'structuredClone'" },
        { messageId: 'missing', line: 9, column: 18, message: "'crypto'" },
        { messageId: 'missing', line: 9, column: 39, message: "'performance'" },
        { messageId: 'missing', line: 9, column: 58, message: "'fetch'" },
      ],
    },
    {
      name: 'an if before the use that does not exit, and a polyfill that does not cover a later use',
      code: `import { inWorkflowContext, log } from '@temporalio/workflow';\nif (typeof globalThis.structuredClone === 'undefined') globalThis.structuredClone = (v) => JSON.parse(JSON.stringify(v));\nexport async function wf(): Promise<unknown> {\n  if (inWorkflowContext()) log.info('in');\n  return [process.env.A, globalThis.fetch('b')];\n}\n`,
      errors: [
        { messageId: 'missing', line: 5, column: 11, message: "'process'" },
        { messageId: 'missing', line: 5, column: 26, message: "'fetch'" },
      ],
    },
  ],
});
