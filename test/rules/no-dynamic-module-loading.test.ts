import rule from '../../rules/no-dynamic-module-loading.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'import() and require() of string literals', code: `export async function wf(): Promise<unknown> {\n  const a = await import('./steps');\n  return [a, require('./steps')];\n}\n`, files: { 'src/steps.ts': 'export const x = 1;\n' } },
    { name: 'a load that only runs outside a workflow', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {}\nif (!inWorkflowContext()) require(process.env.WORKER_CONFIG!);\n` },
  ],
  invalid: [
    {
      name: 'a load guarded to run inside a workflow',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(step: string): Promise<unknown> {\n  return inWorkflowContext() ? require(step) : undefined;\n}\n`,
      errors: [{ messageId: 'dynamic', line: 3, column: 32 }],
    },
    {
      name: 'computed specifiers',
      code: `export async function wf(step: string): Promise<unknown> {\n  const a = await import(\`./steps/\${step}\`);\n  return [a, require(step)];\n}\n`,
      errors: [
        { messageId: 'dynamic', line: 2, column: 19 },
        { messageId: 'dynamic', line: 3, column: 14 },
      ],
    },
  ],
});
