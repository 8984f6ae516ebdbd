import rule from '../../rules/handlers-registered-after-await.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import * as wf from '@temporalio/workflow';
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export const setAddress = defineUpdate<void, [string]>('setAddress');
export const cancelOrder = defineSignal('cancelOrder');
export const status = defineQuery<string>('status');
`;

testRule(rule, {
  valid: [
    {
      name: 'handlers registered before the first await; signals after it; awaits in nested functions and early-return branches',
      code: `${HEAD}export async function order(id: string, dryRun: boolean): Promise<string> {
  let address = '';
  let cancelled = false;
  const later = async (): Promise<void> => { await greet('x'); };
  if (dryRun) {
    await greet('dry');
    return 'dry';
  }
  setHandler(setAddress, (a) => { address = a; });
  setHandler(status, () => address);
  await greet(id);
  setHandler(cancelOrder, () => { cancelled = true; });
  await condition(() => address !== '' || cancelled, '1 day');
  void later;
  return address;
}
`,
    },
    {
      name: 'after awaiting an async function of the file that only validates (it settles in the same activation)',
      code: `${HEAD}async function assertValid(id: string): Promise<void> {
  if (!id) throw new Error('id is required');
}
export async function order(id: string): Promise<string> {
  await assertValid(id);
  setHandler(status, () => id);
  await greet(id);
  return id;
}
`,
    },
    {
      name: 'a handler registered in a helper (when it runs cannot be seen)',
      code: `${HEAD}function register(state: { a: string }): void {
  setHandler(status, () => state.a);
}
export async function order(id: string): Promise<string> {
  const state = { a: '' };
  await greet(id);
  register(state);
  return state.a;
}
`,
    },
  ],
  invalid: [
    {
      name: 'an update and a query handler registered after awaiting an activity (also inside a block, and with for await)',
      code: `${HEAD}export async function order(id: string): Promise<string> {
  await greet(id);
  let address = '', cancelled = false;
  setHandler(setAddress, (a) => { address = a; });
  setHandler(cancelOrder, () => { cancelled = true; });
  if (id) {
    wf.setHandler(status, () => address);
  }
  await condition(() => address !== '' || cancelled, '1 day');
  return address;
}
export const other = async (ids: AsyncIterable<string>): Promise<void> => {
  for await (const id of ids) void id;
  wf.setDefaultQueryHandler(() => 'x');
};
`,
      errors: [
        { messageId: 'late', line: 12, column: 3, message: "update handler is registered only after 'order' awaits (`await greet(id)`, line 10)" },
        { messageId: 'late', line: 15, column: 5, message: 'a query sent before then fails' },
        { messageId: 'late', line: 22, column: 3, message: '`for await`' },
      ],
    },
  ],
});
