import rule from '../../rules/unfinished-async-handlers.js';
import { testRule } from '../support/rule-tester.js';

const DEFS = `import * as wf from '@temporalio/workflow';
import type * as activities from './activities';
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export const addItem = wf.defineUpdate<number, [string]>('addItem');
export const ping = wf.defineSignal<[string]>('ping');
`;

testRule(rule, {
  valid: [
    {
      name: 'the workflow waits for condition(allHandlersFinished) before it returns',
      code: `${DEFS}export async function wf1(): Promise<number> {
  const items: string[] = [];
  wf.setHandler(addItem, async (item) => {
    items.push(await greet(item));
    return items.length;
  });
  await wf.condition(() => items.length > 2, '1 day');
  await wf.condition(wf.allHandlersFinished);
  return items.length;
}
`,
    },
    {
      name: 'allHandlersFinished inside a combined condition, and through a helper of the file',
      code: `import { allHandlersFinished, condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';
export const ping = defineSignal('ping');
async function drain(): Promise<void> {
  await condition(allHandlersFinished);
}
export async function a(): Promise<void> {
  let done = false;
  setHandler(ping, async () => { await sleep(10); done = true; });
  await condition(() => done && allHandlersFinished());
}
export async function b(): Promise<void> {
  setHandler(ping, async () => { await sleep(10); });
  await sleep('1 hour');
  await drain();
}
`,
    },
    {
      name: 'handlers registered with unfinishedPolicy ABANDON',
      code: `${DEFS}import { HandlerUnfinishedPolicy } from '@temporalio/common';
export async function wf1(): Promise<void> {
  wf.setHandler(ping, async (name) => { await greet(name); }, { unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON });
  wf.setHandler(addItem, async (name) => (await greet(name)).length, { unfinishedPolicy: 'ABANDON' });
  await wf.sleep('1 day');
}
`,
    },
    {
      name: 'sync handlers, async handlers that never await, and query handlers',
      code: `${DEFS}export async function wf1(): Promise<number> {
  let n = 0;
  wf.setHandler(ping, () => { n++; });
  wf.setHandler(addItem, async () => ++n);
  wf.setHandler(wf.defineQuery<number>('n'), () => n);
  await wf.sleep('1 day');
  return n;
}
`,
    },
    {
      name: 'an entity workflow that never finishes by itself',
      code: `${DEFS}export async function entity(): Promise<never> {
  const queue: string[] = [];
  wf.setHandler(ping, async (name) => { queue.push(await greet(name)); });
  for (;;) {
    await wf.condition(() => queue.length > 0);
    await greet(queue.shift()!);
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'an async update handler that runs an activity, in a workflow that returns after a condition',
      code: `${DEFS}export async function wf1(): Promise<number> {
  const items: string[] = [];
  wf.setHandler(addItem, async (item) => {
    items.push(await greet(item));
    return items.length;
  });
  await wf.condition(() => items.length > 2, '1 day');
  return items.length;
}
`,
      errors: [{ messageId: 'unfinished', line: 8, column: 26, message: "'wf1' can return" }],
    },
    {
      name: 'an async signal handler bound to a name, in a loop that continues as new',
      code: `${DEFS}export const loop = async (count: number): Promise<void> => {
  async function onPing(name: string): Promise<void> {
    await greet(name);
  }
  wf.setHandler(ping, onPing, { description: 'ping' });
  while (true) {
    await wf.sleep('1 hour');
    if (wf.workflowInfo().continueAsNewSuggested) await wf.continueAsNew<typeof loop>(count + 1);
  }
};
`,
      errors: [{ messageId: 'unfinished', line: 7, column: 3, message: "async signal handler awaits, and 'loop'" }],
    },
  ],
});
