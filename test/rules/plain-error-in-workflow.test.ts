import rule from '../../rules/plain-error-in-workflow.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/workflow';
import type * as activities from './activities';
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export const setLimit = wf.defineUpdate<number, [number]>('setLimit');
export const getLimit = wf.defineQuery<number, [string]>('getLimit');
`;

testRule(rule, {
  valid: [
    {
      name: 'ApplicationFailure fails the workflow; an Error caught in the same function',
      code: `${HEAD}export async function wf1(amount: number): Promise<string> {
  if (amount < 0) throw ApplicationFailure.create({ message: 'negative amount', type: 'InvalidAmount' });
  if (amount > 1000) throw new ApplicationFailure('too large', 'InvalidAmount', true);
  try {
    if (amount === 0) throw new Error('retry with default');
  } catch {
    amount = 1;
  }
  return greet(String(amount));
}
`,
    },
    {
      name: 'update validators reject the update with any error; query handlers fail only the query',
      code: `${HEAD}export async function wf1(): Promise<number> {
  let limit = 0;
  const validator = (value: number) => {
    if (value < 0) throw new Error('limit must not be negative');
  };
  wf.setHandler(setLimit, (value) => (limit = value), { validator });
  wf.setHandler(getLimit, (unit) => {
    if (unit !== 'eur') throw new RangeError('unknown unit');
    return limit;
  });
  await wf.condition(() => limit > 10, '1 day');
  return limit;
}
`,
    },
    {
      name: 'exhaustiveness guards and the dead throw after continueAsNew',
      code: `${HEAD}function assertNever(value: never): never {
  throw new Error('unexpected ' + String(value));
}
export async function wf1(kind: 'a' | 'b', n: number): Promise<void> {
  if (kind === 'a' || kind === 'b') await greet(kind);
  else assertNever(kind);
  await wf.continueAsNew<typeof wf1>(kind, n + 1);
  throw new Error('unreachable');
}
`,
    },
    {
      name: 'a local class named Error, and a subclass of ApplicationFailure',
      code: `${HEAD}class Error { constructor(readonly m: string) {} }
class OutOfStock extends ApplicationFailure {}
export async function wf1(n: number): Promise<void> {
  if (n < 0) throw new OutOfStock('none left');
  if (n > 5) throw new Error('shadowed');
}
`,
    },
    {
      name: 'a project whose worker makes Error fail the workflow (workflowFailureErrorTypes)',
      code: `${HEAD}export async function wf1(n: number): Promise<void> {
  if (n < 0) throw new Error('negative');
}
`,
      files: {
        'src/worker.ts': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';
export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'test', workflowsPath: require.resolve('./workflows'), activities, workflowFailureErrorTypes: { '*': ['Error'] } });
  await worker.run();
}
`,
      },
    },
    {
      name: 'a workflow with failureExceptionTypes set by setWorkflowOptions',
      code: `${HEAD}export async function wf1(n: number): Promise<void> {
  if (n < 0) throw new TypeError('negative');
}
wf.setWorkflowOptions({ failureExceptionTypes: [TypeError] }, wf1);
`,
    },
  ],
  invalid: [
    {
      name: 'new Error, Error() and a TypeError in a workflow and its helper',
      code: `${HEAD}function check(order: { id?: string }): void {
  if (!order.id) throw new TypeError('order has no id');
}
export async function wf1(order: { id?: string; total: number }): Promise<void> {
  check(order);
  if (order.total <= 0) throw new Error('Order total must be positive');
  const reply = await greet(order.id!);
  if (!reply) throw Error('no reply');
}
`,
      errors: [
        { messageId: 'plainError', line: 8, column: 18, message: 'a plain TypeError' },
        { messageId: 'plainError', line: 12, column: 25, message: 'ApplicationFailure.create' },
        { messageId: 'plainError', line: 14, column: 15 },
      ],
    },
    {
      name: 'an Error subclass of the file, thrown from an update handler; a rethrow from catch',
      code: `${HEAD}class LimitError extends Error {}
export async function wf1(): Promise<void> {
  wf.setHandler(setLimit, async (value) => {
    if (value > 100) throw new LimitError('over the limit');
    return value;
  });
  try {
    await greet('x');
  } catch (err) {
    throw new Error('greeting failed');
  }
}
`,
      errors: [
        { messageId: 'plainError', line: 10, column: 22, message: 'LimitError (an Error subclass) from workflow code does not fail the workflow or the update' },
        { messageId: 'plainError', line: 16, column: 5 },
      ],
    },
  ],
});
