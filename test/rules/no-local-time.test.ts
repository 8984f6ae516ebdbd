import rule from '../../rules/no-local-time.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'UTC getters, ISO strings, explicit locale and time zone', code: `export function wf(): string {\n  const d = new Date();\n  return d.getUTCHours() + d.toISOString() + d.toLocaleDateString('en-US', { timeZone: 'UTC' });\n}\n` },
    { name: 'getHours on something that is not a Date', code: `const clock = { getHours: (): number => 1 };\nexport function wf(): number { return clock.getHours(); }\n` },
    { name: 'host code under !inWorkflowContext() is never replayed', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(d: Date): Promise<string> {\n  return inWorkflowContext() ? d.toISOString() : d.toLocaleString();\n}\n` },
  ],
  invalid: [
    {
      name: 'code guarded to run inside a workflow is still workflow code',
      code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(d: Date): Promise<string> {\n  return inWorkflowContext() ? d.toLocaleString() : d.toISOString();\n}\n`,
      errors: [{ messageId: 'locale', line: 3, column: 32 }],
    },
    {
      name: 'local getters and default locale formatting',
      code: `export function wf(): string {\n  const d = new Date();\n  return d.getHours() + d.toLocaleString();\n}\n`,
      errors: [
        { messageId: 'localGetter', line: 3, column: 10, message: "'getUTCHours()'" },
        { messageId: 'locale', line: 3, column: 25 },
      ],
    },
  ],
});
