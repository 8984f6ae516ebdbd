import rule from '../../rules/unstable-idempotency-key.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a key from the activity info', code: `import { Context } from '@temporalio/activity';\nexport async function pay(): Promise<void> {\n  const info = Context.current().info;\n  await fetch('https://psp', { method: 'POST', headers: { 'Idempotency-Key': info.workflowExecution.workflowId + '-' + info.activityId } });\n}\n` },
    { name: 'a key the workflow passed in', code: `export async function pay(input: { idempotencyKey: string }): Promise<void> {\n  await fetch('https://psp', { method: 'POST', headers: { 'idempotency-key': input.idempotencyKey } });\n}\n` },
    { name: 'random ids that are not keys', code: `import { randomUUID } from 'node:crypto';\nexport async function create(): Promise<string> {\n  const traceId = randomUUID();\n  return traceId;\n}\n` },
  ],
  invalid: [
    {
      name: 'randomUUID() and Date.now() as keys',
      code: `import { randomUUID } from 'node:crypto';\nimport Stripe from 'stripe';\nconst stripe = new Stripe('sk');\nexport async function pay(): Promise<void> {\n  await fetch('https://psp', { method: 'POST', headers: { 'Idempotency-Key': randomUUID() } });\n  const key = \`pay-\${Date.now()}\`;\n  await stripe.charges.create({ amount: 1 }, { idempotencyKey: key });\n}\n`,
      errors: [
        { messageId: 'fresh', line: 5, column: 78, message: 'randomUUID()' },
        { messageId: 'fresh', line: 7, column: 64, message: 'Date.now()' },
      ],
    },
  ],
});
