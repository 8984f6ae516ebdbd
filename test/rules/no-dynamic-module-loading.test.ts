import rule from '../../rules/no-dynamic-module-loading.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'require() of string literals (webpack bundles them like imports)', code: `export async function wf(): Promise<unknown> {\n  return require('./steps');\n}\n`, files: { 'src/steps.ts': 'export const x = 1;\n' } },
    {
      name: 'import() that webpack keeps in the bundle: webpackMode "eager" or "weak"',
      code: `export async function wf(): Promise<unknown> {\n  const a = await import(/* webpackMode: "eager" */ './steps');\n  return [a, await import(/* webpackMode: 'weak' */ './steps')];\n}\n`,
      files: { 'src/steps.ts': 'export const x = 1;\n' },
    },
    { name: 'a computed load that only runs outside a workflow', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {}\nif (!inWorkflowContext()) require(process.env.WORKER_CONFIG!);\n` },
    { name: 'a computed load in a function no workflow calls', code: `export async function wf(): Promise<void> {}\nexport function load(name: string): unknown {\n  return require(name);\n}\n`, files: { 'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport { load } from './workflows';\nload('x');\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n` } },
    { name: 'import() in activity code', filename: 'src/activities.ts', code: `export async function render(): Promise<unknown> {\n  return import('./pdf');\n}\n`, files: { 'src/pdf.ts': 'export const x = 1;\n' } },
  ],
  invalid: [
    {
      name: 'import() of a literal path, even in a function never called: the chunk loader fails the bundle',
      code: `import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {\n  await sleep(1);\n}\nasync function exportPdf(body: string): Promise<string> {\n  const { toPdf } = await import('./pdf');\n  return toPdf(body);\n}\n`,
      files: { 'src/pdf.ts': 'export const toPdf = (s: string): string => s;\n' },
      errors: [{ messageId: 'chunk', line: 6, column: 27, message: 'Automatic publicPath is not supported' }],
    },
    {
      name: 'import() of patterns webpack turns into a context of chunks, of a package, lazy-once, and one guarded to run outside a workflow',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(step: string): Promise<unknown[]> {\n  return [\n    await import(\`./steps/\${step}\`),\n    await import(step + '.js'),\n    await import('ms'),\n    await import(/* webpackMode: "lazy-once" */ './steps/a'),\n    inWorkflowContext() ? undefined : await import('./steps/a'),\n  ];\n}\n`,
      files: { 'src/steps/a.ts': 'export const a = 1;\n' },
      errors: [
        { messageId: 'chunk', line: 4, column: 11 },
        { messageId: 'chunk', line: 5, column: 11 },
        { messageId: 'chunk', line: 6, column: 11 },
        { messageId: 'chunk', line: 7, column: 11 },
        { messageId: 'chunk', line: 8, column: 45 },
      ],
    },
    {
      name: 'a load guarded to run inside a workflow',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(step: string): Promise<unknown> {\n  return inWorkflowContext() ? require(step) : undefined;\n}\n`,
      errors: [{ messageId: 'dynamic', line: 3, column: 32 }],
    },
    {
      name: 'computed specifiers webpack cannot see into, and webpackIgnore',
      code: `export async function wf(step: string): Promise<unknown> {\n  const a = await import(step);\n  const b = await import(/* webpackIgnore: true */ './steps');\n  return [a, b, require(step), require('./steps/' + step)];\n}\n`,
      files: { 'src/steps.ts': 'export const x = 1;\n' },
      errors: [
        { messageId: 'dynamic', line: 2, column: 19 },
        { messageId: 'ignored', line: 3, column: 19, message: 'A dynamic import callback was not specified' },
        { messageId: 'dynamic', line: 4, column: 17 },
        { messageId: 'dynamic', line: 4, column: 32 },
      ],
    },
  ],
});
