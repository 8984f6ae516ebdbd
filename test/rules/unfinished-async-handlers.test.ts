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
    {
      name: 'a workflow whose body reaches a wait that never ends, condition(() => false) or new Promise(() => {})',
      code: `${DEFS}export async function holder(): Promise<void> {
  wf.setHandler(ping, async () => {
    await wf.sleep('1s');
  });
  await wf.sleep('3s');
  await wf.condition(() => false);
}
export async function never(): Promise<never> {
  wf.setHandler(addItem, async () => {
    await new Promise(() => {});
    throw new Error('unreachable');
  });
  await new Promise(() => {});
  throw new Error('unreachable');
}
`,
    },
    {
      name: 'predicates that call the function or pass it, and loops that make progress or yield',
      code: `${DEFS}export async function wf1(items: string[]): Promise<void> {
  let ready = false;
  let i = 0;
  const isReady = (): boolean => ready;
  wf.setHandler(ping, () => { ready = true; });
  await wf.condition(() => ready);
  await wf.condition(isReady);
  await wf.condition(() => isReady());
  await wf.condition(wf.allHandlersFinished);
  await wf.condition(() => wf.allHandlersFinished());
  while (!ready) await wf.sleep('1 second');
  while (i < 10) i++;
  for (; i < items.length; i++);
  while (items.length) items.pop();
  do { i = i - 1; } while (i > 0);
  while (false) {}
}
`,
    },
    {
      name: 'an update that only waits for a flag the workflow raises before it can return (an early-return update)',
      code: `${DEFS}export async function transaction(): Promise<string> {
  let confirmed = false;
  wf.setHandler(addItem, async () => {
    await wf.condition(() => confirmed);
    return 1;
  });
  await wf.sleep(500);
  confirmed = true;
  await wf.sleep(5000);
  return 'complete';
}
`,
    },
  ],
  invalid: [
    {
      name: 'a final wait that can end (condition(() => done)) is no endless wait',
      code: `${DEFS}export async function holder(): Promise<void> {
  let done = false;
  wf.setHandler(ping, async () => {
    await wf.sleep('1s');
    done = true;
  });
  await wf.condition(() => done || false);
}
`,
      errors: [{ messageId: 'unfinished', line: 8, column: 23 }],
    },
    {
      name: 'a flag raised only on some paths, a return before it is raised, or a handler that awaits more than the flag',
      code: `${DEFS}export async function branch(ok: boolean): Promise<void> {
  let confirmed = false;
  wf.setHandler(addItem, async () => {
    await wf.condition(() => confirmed);
    return 1;
  });
  await wf.sleep(500);
  if (ok) confirmed = true;
}
export async function early(ok: boolean): Promise<void> {
  let confirmed = false;
  wf.setHandler(addItem, async () => {
    await wf.condition(() => confirmed);
    return 1;
  });
  if (!ok) return;
  confirmed = true;
}
export async function more(): Promise<void> {
  let confirmed = false;
  wf.setHandler(addItem, async (item) => {
    await wf.condition(() => confirmed);
    await greet(item);
    return 1;
  });
  confirmed = true;
}
`,
      errors: [
        { messageId: 'unfinished', line: 8, column: 26 },
        { messageId: 'unfinished', line: 17, column: 26 },
        { messageId: 'unfinished', line: 26, column: 26 },
      ],
    },
    {
      name: 'condition(() => allHandlersFinished): the function itself is truthy (no second report for the handler)',
      code: `${DEFS}export async function wf1(): Promise<void> {
  let done = false;
  wf.setHandler(addItem, async (item) => {
    await greet(item);
    return 1;
  });
  await wf.condition(() => done, '1 day');
  await wf.condition(() => wf.allHandlersFinished);
  const isDone = (): boolean => done;
  await wf.condition(function () { return isDone; });
}
`,
      errors: [
        { messageId: 'uncalled', line: 13, column: 9, message: "returns the function 'wf.allHandlersFinished'" },
        { messageId: 'uncalled', line: 15, column: 9, message: "condition(isDone)" },
      ],
    },
    {
      name: 'busy waits that can only spin until the deadlock detector fails the task',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const state = { ready: false };
  let ready = false;
  wf.setHandler(ping, () => { ready = true; state.ready = true; });
  while (!ready) {}
  while (!state.ready);
  do {} while (!ready);
  for (; !ready; ) {}
}
`,
      errors: [
        { messageId: 'busyWait', line: 10, column: 3, message: '`!ready`' },
        { messageId: 'busyWait', line: 11, column: 3, message: '`!state.ready`' },
        { messageId: 'busyWait', line: 12, column: 3 },
        { messageId: 'busyWait', line: 13, column: 3 },
      ],
    },
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
