import rule from '../../rules/non-idempotent-write.js';
import { testRule } from '../support/rule-tester.js';

/** Clients made once in a module of the project and imported by activities (db-client-from-another-module). */
const DB = `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n`;
const CLIENTS = `import Stripe from 'stripe';\nimport axios from 'axios';\nimport knex from 'knex';\nimport { MongoClient } from 'mongodb';\nexport const stripe = new Stripe('sk');\nexport const api = axios.create({ baseURL: 'https://api' });\nexport const db = knex({ client: 'pg' });\nexport const uploads = new MongoClient('mongodb://x').db('files').collection('uploads');\n`;

testRule(rule, {
  valid: [
    { name: 'POST with an idempotency key derived from the activity', code: `import { Context } from '@temporalio/activity';\nexport async function charge(amount: number): Promise<void> {\n  const { workflowExecution, activityId } = Context.current().info;\n  await fetch('https://psp/charges', { method: 'POST', headers: { 'Idempotency-Key': \`\${workflowExecution.workflowId}-\${activityId}\` }, body: String(amount) });\n}\n` },
    { name: 'got, ky and axios with an Idempotency-Key header', code: `import axios from 'axios';\nimport got from 'got';\nimport ky from 'ky';\nexport async function send(key: string): Promise<void> {\n  await got.post('https://api/a', { json: {}, headers: { 'idempotency-key': key } });\n  await ky.post('https://api/b', { headers: { 'Idempotency-Key': key } });\n  await axios.post('https://api/c', {}, { headers: { Idempotency_Key: key } });\n}\n` },
    { name: 'PUT and GET are idempotent', code: `import { request } from 'undici';\nexport async function save(id: string): Promise<void> {\n  await fetch('https://api/x/' + id, { method: 'PUT', body: '{}' });\n  await fetch('https://api/x/' + id);\n  await request('https://api/x/' + id, { method: 'DELETE' });\n}\n` },
    { name: 'headers wfo cannot see are not guessed at', code: `import axios from 'axios';\nexport async function post(headers: Record<string, string>, config: object): Promise<void> {\n  await fetch('https://api', { method: 'POST', headers });\n  await axios.post('https://api', {}, config);\n  await fetch('https://api', { method: 'POST', headers: { ...headers, accept: 'json' } });\n}\n` },
    { name: 'a fetch of the project\'s own is not the HTTP fetch', code: `function fetch(url: string, init: { method: string }): Promise<void> { return Promise.resolve(); }\nexport async function load(): Promise<void> {\n  await fetch('cache://a', { method: 'POST' });\n}\n` },
    { name: 'INSERT … ON CONFLICT DO NOTHING and ON DUPLICATE KEY UPDATE', code: `declare const db: { query(sql: string, args: unknown[]): Promise<void>; execute(sql: string, args: unknown[]): Promise<void> };\nexport async function record(id: string): Promise<void> {\n  await db.query('INSERT INTO payments (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [id]);\n  await db.execute(\`INSERT INTO ledger (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id\`, [id]);\n}\n` },
    { name: 'Stripe with idempotencyKey', code: `import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\nexport async function pay(key: string): Promise<void> {\n  await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }, { idempotencyKey: key });\n}\n` },
    { name: 'Prisma upsert, MongoDB updateOne with upsert', code: `import { PrismaClient } from '@prisma/client';\nimport { MongoClient } from 'mongodb';\nconst prisma = new PrismaClient();\nconst orders = new MongoClient('mongodb://x').db('shop').collection('orders');\nexport async function save(id: string): Promise<void> {\n  await prisma.order.upsert({ where: { id }, create: { id }, update: {} });\n  await orders.updateOne({ _id: id }, { $set: { id } }, { upsert: true });\n}\n` },
    { name: 'create() of something that is not an ORM or Stripe', code: `import { createHash } from 'node:crypto';\nconst factory = { create: (s: string) => s };\nexport async function make(): Promise<string> {\n  return factory.create(createHash('sha256').digest('hex'));\n}\n` },
    { name: 'an imported Prisma client used with upsert', code: `import { prisma } from './db';\nexport async function save(id: string): Promise<void> {\n  await prisma.upload.upsert({ where: { id }, create: { id }, update: {} });\n}\n`, files: { 'src/db.ts': DB } },
    { name: 'an imported object named prisma that is not a Prisma client', code: `import { prisma } from './fake-db';\nexport async function save(id: string): Promise<void> {\n  await prisma.upload.create({ data: { id } });\n}\n`, files: { 'src/fake-db.ts': `export const prisma = { upload: { create: async (_: unknown) => undefined } };\n` } },
    { name: 'a client imported from a package wfo cannot read', code: `import { prisma } from '@acme/db';\nexport async function save(id: string): Promise<void> {\n  await prisma.upload.create({ data: { id } });\n}\n` },
    {
      name: 'imported clients used safely: Stripe with idempotencyKey, an axios instance with the header, Knex onConflict, Mongo upsert',
      code: `import { api, db, stripe, uploads } from './clients';\nexport async function save(id: string): Promise<void> {\n  await stripe.refunds.create({ payment_intent: id }, { idempotencyKey: id });\n  await api.post('/files', {}, { headers: { 'Idempotency-Key': id } });\n  await db('uploads').insert({ id }).onConflict('id').ignore();\n  await uploads.updateOne({ _id: id }, { $set: { id } }, { upsert: true });\n}\n`,
      files: { 'src/clients.ts': CLIENTS },
    },
    {
      name: 'POSTs to read-style endpoints: search and query APIs, an OAuth token exchange',
      code: `import axios from 'axios';\nimport got from 'got';\nconst CRM = 'https://crm.example.com';\nexport async function find(token: string, email: string, index: string): Promise<void> {\n  const url = \`\${CRM}/crm/v3/objects/contacts/search\`;\n  await axios.post(url, { filterGroups: [{ filters: [{ propertyName: 'email', value: email }] }] }, { headers: { authorization: token } });\n  await fetch(\`https://es:9200/\${index}/_search?size=10\`, { method: 'POST', body: '{}' });\n  await got.post('https://search.example.com/1/indexes/products/query', { json: { query: email } });\n  await axios({ method: 'post', url: 'https://api.example.com/oauth/v1/token', data: 'grant_type=refresh_token' });\n}\n`,
    },
    {
      name: 'an idempotency key in the request body, or a header added to the headers object after it is made',
      code: `import axios from 'axios';\nimport got from 'got';\nexport async function pay(key: string, auth: string): Promise<void> {\n  await axios.post('https://squareup.example/v2/payments', { idempotency_key: key, amount: 100 });\n  await fetch('https://psp.example/charges', { method: 'POST', body: JSON.stringify({ idempotencyKey: key }) });\n  await got.post('https://psp.example/refunds', { json: { clientToken: key } });\n  const headers: Record<string, string> = { authorization: auth };\n  headers['Idempotency-Key'] = key;\n  await axios.post('https://psp.example/payouts', {}, { headers });\n  await axios.post('https://api-m.paypal.example/v2/checkout/orders', {}, { headers: { 'PayPal-Request-Id': key } });\n}\n`,
    },
    { name: 'the same calls in workflow code are not this rule\'s business', filename: 'src/workflows.ts', code: `export async function wf(): Promise<void> {}\n` },
  ],
  invalid: [
    {
      name: 'writes that only look like reads or keyed: a saved search created, a header added that is no key, a body with only an id',
      code: `import axios from 'axios';\nexport async function save(auth: string, id: string): Promise<void> {\n  await axios.post('https://api.example/saved-searches', { name: 'mine' });\n  const headers: Record<string, string> = { authorization: auth };\n  headers['X-Trace'] = id;\n  await axios.post('https://api.example/orders?search=1', { id }, { headers });\n}\n`,
      errors: [
        { messageId: 'write', line: 3, column: 9, message: 'POST with axios' },
        { messageId: 'write', line: 6, column: 9, message: 'POST with axios' },
      ],
    },
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
      name: 'axios(config), got(url, options), ky.post, undici request and node-fetch',
      code: `import axios from 'axios';\nimport got from 'got';\nimport ky from 'ky';\nimport { request } from 'undici';\nimport fetch from 'node-fetch';\nexport async function notify(): Promise<void> {\n  await axios({ url: 'https://api', method: 'post' });\n  await got('https://api', { method: 'POST' });\n  await ky.post('https://api', { json: {} });\n  await request('https://api', { method: 'POST', body: '{}' });\n  await fetch('https://api', { method: 'PATCH' });\n}\n`,
      errors: [
        { messageId: 'write', line: 7, column: 9, message: 'POST with axios' },
        { messageId: 'write', line: 8, column: 9, message: 'POST with got' },
        { messageId: 'write', line: 9, column: 9, message: 'POST with ky' },
        { messageId: 'write', line: 10, column: 9, message: 'POST with undici' },
        { messageId: 'write', line: 11, column: 9, message: 'PATCH with node-fetch' },
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
    {
      name: 'INSERT in a query string, MongoDB insertOne, Stripe capture',
      code: `import Stripe from 'stripe';\nimport { MongoClient } from 'mongodb';\nconst stripe = new Stripe('sk');\nconst orders = new MongoClient('mongodb://x').db('shop').collection('orders');\ndeclare const pool: { query(sql: string, args: unknown[]): Promise<void> };\nexport async function order(id: string): Promise<void> {\n  await pool.query(\`INSERT INTO orders (id) VALUES ($1)\`, [id]);\n  await orders.insertOne({ _id: id });\n  await stripe.paymentIntents.capture(id);\n}\n`,
      errors: [
        { messageId: 'write', line: 7, column: 9, message: 'a unique constraint elsewhere' },
        { messageId: 'write', line: 8, column: 9, message: 'MongoDB insertOne()' },
        { messageId: 'write', line: 9, column: 9, message: 'Stripe paymentIntents.capture()' },
      ],
    },
    {
      name: 'a Prisma client created in another module and imported (the recall case)',
      code: `import { prisma } from './db';\n\nexport async function createUploadRecord(userId: string, fileName: string): Promise<string> {\n  const row = await prisma.upload.create({ data: { userId, fileName } });\n  return row.id;\n}\n`,
      files: { 'src/db.ts': DB },
      errors: [{ messageId: 'write', line: 4, column: 21, message: 'Prisma create()' }],
    },
    {
      name: 'a Prisma client exported by default, through a barrel',
      code: `import prisma from './db';\nimport { client } from './data';\nexport async function save(id: string): Promise<void> {\n  await prisma.upload.create({ data: { id } });\n  await client.upload.createMany({ data: [{ id }] });\n}\n`,
      files: { 'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport default new PrismaClient();\n`, 'src/data/index.ts': `export * from './client';\n`, 'src/data/client.ts': `import { PrismaClient } from '@prisma/client';\nconst client = new PrismaClient();\nexport { client };\n` },
      errors: [
        { messageId: 'write', line: 4, column: 9, message: 'Prisma create()' },
        { messageId: 'write', line: 5, column: 9, message: 'Prisma createMany()' },
      ],
    },
    {
      name: 'Stripe, an axios instance, Knex and a MongoDB collection made in another module',
      code: `import { api, db, stripe, uploads } from './clients';\nexport async function save(id: string): Promise<void> {\n  await stripe.refunds.create({ payment_intent: id });\n  await api.post('/files', { id });\n  await db('uploads').insert({ id }).returning('id');\n  await uploads.insertOne({ _id: id });\n}\n`,
      files: { 'src/clients.ts': CLIENTS },
      errors: [
        { messageId: 'write', line: 3, column: 9, message: 'Stripe refunds.create()' },
        { messageId: 'write', line: 4, column: 9, message: 'POST with axios' },
        { messageId: 'write', line: 5, column: 9, message: 'Knex insert()' },
        { messageId: 'write', line: 6, column: 9, message: 'MongoDB insertOne()' },
      ],
    },
  ],
});
