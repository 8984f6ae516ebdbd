import rule from '../../rules/retried-write-without-limit.js';
import { testRule } from '../support/rule-tester.js';

const ACTIVITIES = `import axios from 'axios';\nexport async function sendEmail(to: string): Promise<void> {\n  await axios.post('https://mail/send', { to });\n}\nexport async function lookup(id: string): Promise<string> {\n  return (await fetch('https://api/' + id)).text();\n}\nexport async function keyed(to: string, key: string): Promise<void> {\n  await axios.post('https://mail/send', { to }, { headers: { 'Idempotency-Key': key } });\n}\n`;
const head = `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\n`;

testRule(rule, {
  valid: [
    { name: 'bounded by maximumAttempts', code: `${head}const { sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m', retry: { maximumAttempts: 3 } });\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
    { name: 'bounded by scheduleToCloseTimeout', code: `${head}const { sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m', scheduleToCloseTimeout: '10m' });\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
    { name: 'an activity that only reads', code: `${head}const { lookup } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<string> { return await lookup('a'); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
    { name: 'an activity whose write carries an idempotency key', code: `${head}const { keyed } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<void> { await keyed('a', 'k'); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
    { name: 'options wfo cannot see are not guessed at', code: `${head}declare const options: { startToCloseTimeout: string };\nconst { sendEmail } = proxyActivities<typeof activities>(options);\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
  ],
  invalid: [
    {
      name: 'a POST with unlimited retries, found through a barrel',
      code: `${head}const { sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m', retry: { initialInterval: '1s' } });\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`,
      files: { 'src/activities.ts': `export * from './mail';\n`, 'src/mail.ts': ACTIVITIES },
      errors: [{ messageId: 'unlimited', line: 4, column: 51, message: "'sendEmail' does POST with axios (src/mail.ts)" }],
    },
    {
      name: 'a POST made by an activity that a factory returns as a method',
      code: `import { proxyActivities } from '@temporalio/workflow';\nimport type { createActivities } from './activities';\nconst { sendEmail } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`,
      files: { 'src/activities.ts': `import axios from 'axios';\nexport const createActivities = (base: string) => ({\n  async sendEmail(to: string): Promise<void> {\n    await axios.post(base + '/send', { to });\n  },\n});\n` },
      errors: [{ messageId: 'unlimited', line: 4, column: 51, message: "'sendEmail' does POST with axios (src/activities.ts)" }],
    },
    {
      name: 'maximumAttempts: Infinity is no limit',
      code: `${head}const { sendEmail } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m', retry: { maximumAttempts: Infinity } });\nexport async function wf(): Promise<void> { await sendEmail('a'); }\n`,
      files: { 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'unlimited', line: 4, column: 51 }],
    },
    {
      name: 'a Prisma create through a client the activity imports from another module',
      code: `${head}const { record } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<void> { await record('a'); }\n`,
      files: { 'src/activities.ts': `import { prisma } from './db';\nexport async function record(id: string): Promise<void> {\n  await prisma.upload.create({ data: { id } });\n}\n`, 'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n` },
      errors: [{ messageId: 'unlimited', line: 4, message: "'record' does Prisma create() (src/activities.ts)" }],
    },
  ],
});
