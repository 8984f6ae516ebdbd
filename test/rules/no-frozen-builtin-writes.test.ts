import rule from '../../rules/no-frozen-builtin-writes.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'prototypes of built-ins are not frozen (a polyfill works), nor is the global object',
      code: `declare global { interface Array<T> { lastOne(): T | undefined } }\nArray.prototype.lastOne = function () { return this[this.length - 1]; };\nObject.defineProperty(String.prototype, 'shout', { value() { return 'x'; }, configurable: true });\n(globalThis as any).myConfig = { retries: 3 };\nexport async function wf(): Promise<number | undefined> { return [1, 2].lastOne(); }\n`,
    },
    { name: 'reading, and calling functions of, built-ins', code: `export async function wf(): Promise<number> {\n  const o: { stack?: string } = {};\n  Error.captureStackTrace(o);\n  return Error.stackTraceLimit + Math.random() + JSON.stringify(o).length;\n}\n` },
    {
      name: 'polyfills that write only when the member is missing',
      code: `(Symbol as any).dispose ??= Symbol('Symbol.dispose');\nif (!(Promise as any).withResolvers) {\n  (Promise as any).withResolvers = () => undefined;\n}\n(Array as any).fromAsync || ((Array as any).fromAsync = async () => []);\nexport async function wf(): Promise<void> {}\n`,
    },
    {
      name: "a built-in replaced as a whole, then changed (the SDK's test-isolation.ts): the replacement is not frozen",
      code: `export async function wf(): Promise<unknown> {\n  const originalArray = globalThis.Array;\n  globalThis.Array = ((...args: any[]) => originalArray(...args)) as any;\n  globalThis.Array.from = ((...args: any[]) => (originalArray as any).from(...args)) as any;\n  return globalThis.Array;\n}\n`,
    },
    { name: 'local objects named like built-ins', code: `export async function wf(): Promise<number> {\n  const Math = { random: () => 1, x: 0 };\n  Math.x = 2;\n  return Math.random() + Math.x;\n}\n` },
    { name: 'code that runs only outside a workflow', code: `import { inWorkflowContext } from '@temporalio/workflow';\nif (!inWorkflowContext()) Error.stackTraceLimit = 50;\nexport async function wf(): Promise<void> {}\n` },
    { name: 'worker code', filename: 'src/worker-setup.ts', code: `Error.stackTraceLimit = 50;\nexport const ready = true;\n` },
  ],
  invalid: [
    {
      name: 'Error.stackTraceLimit at the top of a workflow module, and in a workflow',
      code: `Error.stackTraceLimit = 50;\nexport async function wf(): Promise<void> {\n  Error['stackTraceLimit'] += 10;\n}\n`,
      errors: [
        { messageId: 'frozen', line: 1, column: 1, message: "'Error.stackTraceLimit'" },
        { messageId: 'frozen', line: 3, column: 3, message: "worker's own code" },
      ],
    },
    {
      name: 'members of namespace objects, static members, and defining functions',
      code: `export async function wf(): Promise<void> {\n  Math.random = () => 0.5;\n  delete (JSON as any).parse;\n  (Promise as any).delay = (ms: number) => ms;\n  console.log = () => undefined;\n  Object.assign(Math, { tau: 2 * Math.PI });\n  Object.defineProperty(Error, 'stackTraceLimit', { value: 50 });\n  (globalThis.Date as any).now = () => 0;\n  (Intl.DateTimeFormat as any).cached = 1;\n}\n`,
      errors: [
        { messageId: 'frozen', line: 2, column: 3, message: "'Math.random'" },
        { messageId: 'frozen', line: 3, column: 3, message: "'JSON.parse'" },
        { messageId: 'frozen', line: 4, column: 3, message: "'Promise.delay'" },
        { messageId: 'frozen', line: 5, column: 3, message: "'console.log'" },
        { messageId: 'frozen', line: 6, column: 3, message: "'Math'" },
        { messageId: 'frozen', line: 7, column: 3, message: "'Error.stackTraceLimit'" },
        { messageId: 'frozen', line: 8, column: 3, message: "'Date.now'" },
        { messageId: 'frozen', line: 9, column: 3, message: "'Intl.DateTimeFormat.cached'" },
      ],
    },
    {
      name: 'a helper module that workflows import',
      filename: 'src/util/errors.ts',
      code: `export function setup(): void {\n  Error.stackTraceLimit = Infinity;\n}\n`,
      files: { 'src/workflows.ts': `import { setup } from './util/errors';\nexport async function wf(): Promise<void> { setup(); }\n` },
      errors: [{ messageId: 'frozen', line: 2, column: 3, chain: ['src/workflows.ts', 'src/util/errors.ts'] }],
    },
  ],
});
