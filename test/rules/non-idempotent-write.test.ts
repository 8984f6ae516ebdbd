import rule from '../../rules/non-idempotent-write.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'POST with an idempotency key derived from the activity', code: `import { Context } from '@temporalio/activity';\nexport async function charge(amount: number): Promise<void> {\n  const { workflowExecution, activityId } = Context.current().info;\n  await fetch('https://psp/charges', { method: 'POST', headers: { 'Idempotency-Key': \`\${workflowExecution.workflowId}-\${activityId}\` }, body: String(amount) });\n}\n` },
    { name: 'PUT and GET are idempotent', code: `export async function save(id: string): Promise<void> {\n  await fetch('https://api/x/' + id, { method: 'PUT', body: '{}' });\n  await fetch('https://api/x/' + id);\n}\n` },
    { name: 'headers wfo cannot see are not guessed at', code: `export async function post(headers: Record<string, string>): Promise<void> {\n  await fetch('https://api', { method: 'POST', headers });\n}\n` },
    { name: 'INSERT … ON CONFLICT DO NOTHING', code: `declare const db: { query(sql: string, args: unknown[]): Promise<void> };\nexport async function record(id: string): Promise<void> {\n  await db.query('INSERT INTO payments (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [id]);\n}\n` },
    { name: 'Stripe with idempotencyKey', code: `import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\nexport async function pay(key: string): Promise<void> {\n  await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }, { idempotencyKey: key });\n}\n` },
    { name: 'the same calls in workflow code are not this rule\'s business', filename: 'src/workflows.ts', code: `export async function wf(): Promise<void> {}\n` },
  ],
  invalid: [
    {
      name: 'POST with fetch, axios and an axios instance',
      code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://api' });\nexport async function notify(): Promise<void> {\n  await fetch('https://api/mail', { method: 'POST', body: '{}' });\n  await axios.post('https://api/mail', {});\n  await api.patch('/mail/1', {}, { headers: { accept: 'json' } });\n}\n`,
      errors: [
        { messageId: 'write', line: 4, column: 9, message: 'POST with fetch' },
        { messageId: 'write', line: 5, column: 9, message: 'POST with axios' },
        { messageId: 'write', line: 6, column: 9, message: 'PATCH with axios' },
      ],
    },
    {
      name: 'Stripe without idempotencyKey, INSERT without upsert, Prisma create',
      code: `import Stripe from 'stripe';\nimport { PrismaClient } from '@prisma/client';\nconst stripe = new Stripe('sk');\nconst prisma = new PrismaClient();\ndeclare const sql: (s: TemplateStringsArray, ...v: unknown[]) => Promise<void>;\nexport async function pay(id: string): Promise<void> {\n  await stripe.refunds.create({ payment_intent: id });\n  await sql\`INSERT INTO ledger (id) VALUES (\${id})\`;\n  await prisma.order.create({ data: { id } });\n}\n`,
      errors: [
        { messageId: 'write', line: 7, column: 9, message: 'Stripe refunds.create()' },
        { messageId: 'write', line: 8, column: 9, message: 'SQL INSERT' },
        { messageId: 'write', line: 9, column: 9, message: 'upsert()' },
      ],
    },
  ],
});
