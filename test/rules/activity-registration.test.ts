/**
 * Activities registered as objects and classes (issue 15, item 12): the modules that declare
 * what `Worker.create({ activities })` registers as a class instance, a spread of several modules,
 * a factory's result (also through a `const` of the worker file), and the classes a NestJS Temporal
 * integration registers by decorator, are activity code; what they are given or import is not.
 * Probed with non-idempotent-write, which reports anywhere in activity code.
 */
import rule from '../../rules/non-idempotent-write.js';
import { testRule } from '../support/rule-tester.js';

const POST = `await fetch('https://psp/charges', { method: 'POST', body: '{}' });`;
const CLASS = `export class OrderActivities {\n  constructor(private readonly db: unknown) {}\n  async charge(): Promise<void> {\n    ${POST}\n  }\n}\n`;
const worker = (imports: string, activities: string, before = ''): string =>
  `import { Worker } from '@temporalio/worker';\n${imports}\nexport async function run(): Promise<void> {\n${before}  const worker = await Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities: ${activities} });\n  await worker.run();\n}\n`;
const NEST_CORE = `import { Activity, ActivityMethod } from 'nestjs-temporal-core';\n\n@Activity({ name: 'payments' })\nexport class PaymentActivities {\n  @ActivityMethod()\n  async charge(): Promise<void> {\n    ${POST}\n  }\n}\n`;
const NEST = `import { Injectable } from '@nestjs/common';\nimport { Activities, Activity } from 'nestjs-temporal';\n\n@Injectable()\n@Activities()\nexport class PaymentActivities {\n  @Activity()\n  async charge(): Promise<void> {\n    ${POST}\n  }\n}\n`;

testRule(rule, {
  valid: [
    {
      name: 'a class instance handed to something other than Worker.create',
      filename: 'src/orders.ts',
      code: CLASS,
      files: { 'src/worker.ts': `import { OrderActivities } from './orders';\ndeclare const container: { register(x: unknown): void };\ncontainer.register({ activities: new OrderActivities(null) });\n` },
    },
    {
      name: 'what a factory is given is not activity code',
      filename: 'src/db.ts',
      code: `export async function open(): Promise<void> {\n  ${POST}\n}\nexport const db = {};\n`,
      files: { 'src/worker.ts': worker(`import { createActivities } from './activities';\nimport { db } from './db';`, 'createActivities(db)'), 'src/activities.ts': `export const createActivities = (db: unknown) => ({ async greet(): Promise<void> { void db; } });\n` },
    },
    { name: 'a decorator imported only as a type', filename: 'src/payments.ts', code: NEST_CORE.replace("import { Activity, ActivityMethod }", "import type { Activity, ActivityMethod }"), files: { 'src/worker.ts': `export const nothing = 1;\n` } },
    { name: 'a class decorator named Activities from another package', filename: 'src/payments.ts', code: NEST.replace("from 'nestjs-temporal'", "from '@acme/decorators'"), files: { 'src/worker.ts': `export const nothing = 1;\n` } },
  ],
  invalid: [
    {
      name: 'activities: new OrderActivities(db)',
      filename: 'src/orders.ts',
      code: CLASS,
      files: { 'src/worker.ts': worker(`import { OrderActivities } from './orders';`, 'new OrderActivities(null)') },
      errors: [{ messageId: 'write', line: 4 }],
    },
    {
      name: 'a class instance held in a const of the worker file',
      filename: 'src/orders.ts',
      code: CLASS,
      files: { 'src/worker.ts': worker(`import { OrderActivities } from './orders';`, 'activities', `  const activities = new OrderActivities(null);\n`) },
      errors: [{ messageId: 'write', line: 4 }],
    },
    {
      name: 'activities: { ...a, ...b } through a const of the worker file',
      filename: 'src/billing.ts',
      code: `export async function charge(): Promise<void> {\n  ${POST}\n}\n`,
      files: { 'src/worker.ts': worker(`import * as greetings from './activities';\nimport * as billing from './billing';`, 'activities', `  const activities = { ...greetings, ...billing };\n`) },
      errors: [{ messageId: 'write', line: 2 }],
    },
    {
      name: 'a factory given its dependencies, through a const of the worker file',
      filename: 'src/factory.ts',
      code: `export function createActivities(db: unknown) {\n  return {\n    async charge(): Promise<void> {\n      void db;\n      ${POST}\n    },\n  };\n}\n`,
      files: { 'src/worker.ts': worker(`import { createActivities } from './factory';`, 'activities', `  const activities = createActivities({});\n`) },
      errors: [{ messageId: 'write', line: 5 }],
    },
    { name: 'a class registered by @Activity() of nestjs-temporal-core', filename: 'src/payments.ts', code: NEST_CORE, files: { 'src/worker.ts': `export const nothing = 1;\n` }, errors: [{ messageId: 'write', line: 7 }] },
    { name: 'a class registered by @Activities() of nestjs-temporal', filename: 'src/payments.ts', code: NEST, files: { 'src/worker.ts': `export const nothing = 1;\n` }, errors: [{ messageId: 'write', line: 9 }] },
  ],
});
