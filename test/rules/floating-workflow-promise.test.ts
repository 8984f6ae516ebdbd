import rule from '../../rules/floating-workflow-promise.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import * as wf from '@temporalio/workflow';
import { condition, executeChild, sleep, startChild } from '@temporalio/workflow';
import type * as activities from './activities';
const acts = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export async function child(): Promise<void> {}
`;

testRule(rule, {
  valid: [
    {
      name: 'awaited, returned, kept and passed on',
      code: `${HEAD}export async function wf1(names: string[]): Promise<string> {
  await greet('a');
  const p = acts.greet('b');
  const timer = sleep('1 day');
  const all = await Promise.all(names.map((n) => greet(n)));
  const first = await Promise.race([timer, condition(() => all.length > 3)]);
  const pending: Promise<string>[] = [];
  for (const n of names) pending.push(greet(n));
  await wf.CancellationScope.nonCancellable(() => executeChild(child));
  const handle = await startChild(child);
  await handle.result();
  const answer = (await p) + String(first) + (await Promise.all(pending)).join();
  return names.length ? answer : greet('none');
}
`,
    },
    {
      name: 'arrow bodies return the promise; a chain that is awaited',
      code: `${HEAD}export async function wf1(): Promise<void> {
  const later = () => sleep(100);
  await acts.greet('x').then((s) => s.trim());
  await later();
  await (Math.random() > 0.5 ? sleep(1) : condition(() => true));
}
`,
    },
    {
      name: 'void on a timer or a condition says out loud that nothing waits; so does a child meant to outlive its parent',
      code: `${HEAD}export async function wf1(): Promise<void> {
  void sleep('1 minute');
  void condition(() => true);
  void startChild(child, { parentClosePolicy: wf.ParentClosePolicy.ABANDON });
  await greet('x');
}
`,
    },
    {
      name: 'helpers without workflow steps, and method calls of the same name elsewhere',
      code: `${HEAD}async function log(s: string): Promise<void> { console.log(s); }
const other = { greet: async (s: string) => s };
export async function wf1(): Promise<void> {
  log('x');
  other.greet('y');
  [1, 2].forEach(async (n) => { await log(String(n)); });
  await greet('z');
}
`,
    },
  ],
  invalid: [
    {
      name: 'an activity, a child, a timer and a condition left floating',
      code: `${HEAD}export async function wf1(): Promise<void> {
  greet('a');
  acts.greet('b');
  executeChild(child, { args: [] });
  sleep('1 hour');
  condition(() => true);
  await greet('c');
}
`,
      errors: [
        { messageId: 'floating', line: 8, column: 3, message: "activity call greet()" },
        { messageId: 'floating', line: 9, column: 3 },
        { messageId: 'floating', line: 10, column: 3, message: 'child workflow' },
        { messageId: 'floating', line: 11, column: 3, message: 'durable timer' },
        { messageId: 'floating', line: 12, column: 3 },
      ],
    },
    {
      name: 'a floating continueAsNew, a .then/.finally chain and a short-circuit',
      code: `${HEAD}export async function wf1(n: number): Promise<void> {
  if (n > 10) wf.continueAsNew<typeof wf1>(0);
  greet('x').then((s) => s).finally(() => undefined);
  n > 2 && sleep(5);
}
`,
      errors: [
        { messageId: 'floating', line: 8, column: 15, message: 'continuing as new' },
        { messageId: 'floating', line: 9, column: 3 },
        { messageId: 'floating', line: 10, column: 12 },
      ],
    },
    {
      name: 'scheduleActivity called directly (the function proxies use)',
      code: `${HEAD}export async function wf1(): Promise<void> {
  wf.scheduleActivity('greet', ['x'], { startToCloseTimeout: '1 minute' });
}
`,
      errors: [{ messageId: 'floating', line: 8, column: 3, message: 'the activity call wf.scheduleActivity()' }],
    },
    {
      name: 'void or .catch on an activity or a child: deliberate, still lost when the workflow ends (warning)',
      code: `${HEAD}export async function wf1(): Promise<void> {
  void greet('fire-and-forget');
  acts.greet('x').catch(() => undefined);
  void startChild(child);
}
`,
      errors: [
        { messageId: 'detached', line: 8, column: 8, severity: 'warn', message: 'may never run' },
        { messageId: 'detached', line: 9, column: 3, severity: 'warn' },
        { messageId: 'detached', line: 10, column: 8, severity: 'warn', message: 'terminated when the parent closes' },
      ],
    },
    {
      name: 'an async helper of the file that runs activities, called without await; forEach with an async callback',
      code: `${HEAD}async function notifyAll(names: string[]): Promise<void> {
  for (const n of names) await greet(n);
}
export async function wf1(names: string[]): Promise<void> {
  notifyAll(names);
  names.forEach(async (n) => {
    await acts.greet(n);
  });
}
`,
      errors: [
        { messageId: 'floating', line: 11, column: 3, message: 'notifyAll() (an async function' },
        { messageId: 'forEach', line: 12, column: 17 },
      ],
    },
  ],
});
