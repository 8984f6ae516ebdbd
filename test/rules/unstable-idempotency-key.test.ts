import rule from '../../rules/unstable-idempotency-key.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a key from the activity info', code: `import { Context } from '@temporalio/activity';\nexport async function pay(): Promise<void> {\n  const info = Context.current().info;\n  await fetch('https://psp', { method: 'POST', headers: { 'Idempotency-Key': info.workflowExecution.workflowId + '-' + info.activityId } });\n}\n` },
    { name: 'a key the workflow passed in', code: `import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\nexport async function pay(input: { idempotencyKey: string }): Promise<void> {\n  const { idempotencyKey } = input;\n  await fetch('https://psp', { method: 'POST', headers: { 'idempotency-key': input.idempotencyKey } });\n  await stripe.charges.create({ amount: 1 }, { idempotencyKey });\n}\n` },
    { name: 'random ids that are not keys, and a fresh X-Request-Id (a trace id)', code: `import { randomUUID } from 'node:crypto';\nexport async function create(): Promise<string> {\n  const traceId = randomUUID();\n  await fetch('https://api', { headers: { 'X-Request-Id': randomUUID() } });\n  return traceId;\n}\n` },
    { name: 'a key set on Headers from the activity info', code: `import { activityInfo } from '@temporalio/activity';\nexport async function pay(): Promise<void> {\n  const headers = new Headers();\n  headers.set('Idempotency-Key', \`\${activityInfo().workflowExecution.workflowId}-\${activityInfo().activityId}\`);\n  await fetch('https://psp', { method: 'POST', headers });\n}\n` },
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
    {
      name: 'a shorthand key from nanoid(), a Headers key from uuid()',
      code: `import { nanoid } from 'nanoid';\nimport { v4 as uuid } from 'uuid';\nimport Stripe from 'stripe';\nconst stripe = new Stripe('sk');\nexport async function pay(): Promise<void> {\n  const idempotencyKey = nanoid();\n  await stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey });\n  const headers = new Headers();\n  headers.set('Idempotency-Key', uuid());\n  await fetch('https://psp', { method: 'POST', headers });\n}\n`,
      errors: [
        { messageId: 'fresh', line: 7, column: 53, message: 'idempotencyKey = nanoid()' },
        { messageId: 'fresh', line: 9, column: 34, message: 'uuid()' },
      ],
    },
  ],
});
