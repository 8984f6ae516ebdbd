import rule from '../../rules/unbounded-history.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { allHandlersFinished, condition, continueAsNew, defineSignal, executeChild, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type * as activities from './activities';

const { poll, list } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
export const changed = defineSignal('changed');
`;

const FILES = { 'src/activities.ts': 'export async function poll(id?: string): Promise<string> { return id ?? ""; }\nexport async function list(folder: string): Promise<string[]> { return [folder]; }\n' };

testRule(rule, {
  valid: [
    {
      name: 'continueAsNew when the SDK suggests it',
      code: `${head}export async function monitor(count = 0): Promise<void> {
  for (;;) {
    await poll();
    await sleep('1 hour');
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof monitor>(count + 1);
  }
}
`,
    },
    {
      name: 'a loop with a way out',
      code: `${head}export async function retry(): Promise<void> {
  while (true) {
    try {
      await poll();
      break;
    } catch {
      await sleep('1 minute');
    }
  }
}
`,
    },
    {
      name: 'a bounded loop',
      code: `${head}export async function batch(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await poll();
}
`,
    },
    {
      name: 'an endless loop that awaits nothing durable (and a break of an inner loop does not count)',
      code: `${head}export async function spin(): Promise<number> {
  let x = 0;
  while (true) {
    x++;
    if (x > 10) return x;
  }
}
`,
    },
    {
      name: 'a message-driven loop whose turns wait for a signal, ended by one of them',
      code: `${head}export async function versioned(): Promise<void> {
  const signals: string[] = [];
  setHandler(changed, () => void signals.push('x'));
  while (true) {
    await condition(() => signals.length > 0);
    const next = signals.shift();
    if (next === 'do') await poll();
    else if (next === 'conclude') return;
  }
}
`,
    },
    {
      name: 'an entity loop on a timer that continues as new on a count of its own turns, or when the SDK suggests it',
      code: `${head}export async function sweeper(): Promise<void> {
  let turns = 0;
  let signals = 0;
  setHandler(changed, () => void signals++);
  while (true) {
    await sleep('5 minutes');
    await poll();
    turns++;
    if (turns >= 100 || signals >= 100) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof sweeper>();
    }
  }
}
export async function sweeper2(): Promise<void> {
  let signals = 0;
  setHandler(changed, () => void signals++);
  while (true) {
    await condition(() => signals > 0, '5 minutes');
    await poll();
    if (signals >= 100 || workflowInfo().continueAsNewSuggested) await continueAsNew<typeof sweeper2>();
  }
}
`,
    },
    {
      name: 'loops over bounded inputs: sliced, length-checked, continuing as new, built by the workflow',
      code: `${head}export async function a(ids: string[]): Promise<void> {
  for (const id of ids.slice(0, 100)) await poll(id);
}
export async function b(input: { ids: string[] }): Promise<void> {
  if (input.ids.length > 500) throw new Error('too many');
  for (const id of input.ids) await poll(id);
}
export async function c(folder: string, done = 0): Promise<void> {
  const files = await list(folder);
  for (const f of files) {
    await poll(f);
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof c>(folder, done + 1);
  }
}
export async function d(): Promise<void> {
  for (const step of ['a', 'b', 'c']) await poll(step);
  const local = ['x', 'y'];
  for (let i = 0; i < local.length; i++) await poll(local[i]);
}
`,
      files: { 'src/activities.ts': 'export async function poll(id?: string): Promise<string> { return id ?? ""; }\nexport async function list(folder: string): Promise<string[]> { return [folder]; }\n' },
    },
    {
      name: 'a queue-draining while (true) that leaves when the signal-fed queue is empty (one turn per message received)',
      code: `${head}export async function drain(): Promise<string> {
  const queue: string[] = [];
  setHandler(changed, () => void queue.push('op'));
  await condition(() => queue.length > 0);
  work: while (true) {
    if (queue.length === 0) break;
    const op = queue.shift();
    if (!op) break;
    const result = await poll(op);
    switch (result) {
      case 'failed':
        break work;
      default:
        break;
    }
  }
  for (;;) {
    const next = queue.pop();
    if (next === undefined) return 'done';
    await poll(next);
  }
}
`,
      files: FILES,
    },
  ],
  invalid: [
    {
      name: 'drain loops that are not bounded by messages: refilled by the loop (a crawler), or draining an activity result (a warning)',
      code: `${head}export async function crawl(start: string): Promise<void> {
  const queue = [start];
  while (true) {
    if (!queue.length) break;
    const url = queue.shift()!;
    const links = await list(url);
    queue.push(...links);
  }
}
export async function each(folder: string): Promise<void> {
  const files = await list(folder);
  while (true) {
    if (files.length === 0) return;
    await poll(files.shift());
  }
}
`,
      files: FILES,
      errors: [
        { messageId: 'conditionalExits', line: 8, column: 3, severity: 'error' },
        { messageId: 'perElement', line: 17, column: 3, severity: 'warn', message: "'files' (the result of the activity 'list', which nothing bounds)" },
      ],
    },
    {
      name: 'an entity loop with no continueAsNew',
      code: `${head}export async function entity(): Promise<void> {
  const queue: string[] = [];
  while (true) {
    await condition(() => queue.length > 0);
    await poll();
  }
}
`,
      errors: [{ messageId: 'endless', line: 8, column: 3, message: 'condition' }],
    },
    {
      name: 'for (;;) with a sleep, and a break that only leaves the inner loop',
      code: `${head}export async function cron(): Promise<void> {
  for (;;) {
    for (const x of [1, 2]) {
      if (x > 1) break;
    }
    await Promise.race([sleep('1 day'), poll()]);
  }
}
`,
      errors: [{ messageId: 'endless', line: 7, column: 3, message: 'timer (sleep)' }],
    },
    {
      name: 'while (true) whose only exits are conditional returns (a token refresher)',
      code: `${head}export async function refresher(id: string): Promise<string> {
  let failures = 0;
  while (true) {
    const ok = await poll(id);
    if (ok === 'revoked') return 'revoked';
    failures = ok ? 0 : failures + 1;
    if (failures > 5) throw new Error('gave up');
    await sleep('1 hour');
  }
}
`,
      errors: [{ messageId: 'conditionalExits', line: 8, column: 3, message: '(return on line 10, throw on line 12)' }],
    },
    {
      name: 'an entity loop on a timer that continues as new only after a count of signals',
      code: `${head}export async function inventory(): Promise<void> {
  let signalCount = 0;
  setHandler(changed, () => void signalCount++);
  while (true) {
    await condition(() => signalCount > 0, '5 minutes');
    await poll();
    if (signalCount >= 100) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof inventory>();
    }
  }
}
`,
      errors: [{ messageId: 'signalCount', line: 9, column: 3, message: '`signalCount >= 100`' }],
    },
    {
      name: 'one child or activity per element of an activity result or a workflow input (warnings)',
      code: `${head}export async function transcribeAll(folder: string): Promise<void> {
  const files = await list(folder);
  for (const f of files) {
    await executeChild(transcribeAll, { args: [f], workflowId: f });
  }
}
export async function each(input: { ids: string[] }): Promise<void> {
  for (let i = 0; i < input.ids.length; i++) await poll(input.ids[i]);
  for (const id of (await list('x'))) await poll(id);
}
`,
      files: { 'src/activities.ts': 'export async function poll(id?: string): Promise<string> { return id ?? ""; }\nexport async function list(folder: string): Promise<string[]> { return [folder]; }\n' },
      errors: [
        { messageId: 'perElement', line: 8, column: 3, severity: 'warn', message: "'files' (the result of the activity 'list', which nothing bounds)" },
        { messageId: 'perElement', line: 13, column: 3, severity: 'warn', message: 'a workflow input' },
        { messageId: 'perElement', line: 14, column: 3, severity: 'warn' },
      ],
    },
  ],
});
