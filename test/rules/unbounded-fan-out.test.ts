import rule from '../../rules/unbounded-fan-out.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import * as wf from '@temporalio/workflow';
import { executeChild } from '@temporalio/workflow';
import type * as activities from './activities';
const acts = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export async function child(name: string): Promise<void> {}
`;

testRule(rule, {
  valid: [
    {
      name: 'batches of a slice, awaited one batch at a time',
      code: `${HEAD}export async function wf1(names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 100) {
    const batch = names.slice(i, i + 100);
    await Promise.all(batch.map((n) => greet(n)));
  }
  await Promise.all(names.slice(0, 50).map((n) => acts.greet(n)));
}
`,
    },
    {
      name: 'a workflow that continues as new with the rest',
      code: `${HEAD}export async function wf1(names: string[]): Promise<void> {
  await Promise.all(names.map((n) => greet(n)));
  if (names.length) await wf.continueAsNew<typeof wf1>([]);
}
`,
    },
    {
      name: 'an input the workflow bounds itself',
      code: `${HEAD}export async function wf1(input: { names: string[] }): Promise<void> {
  if (input.names.length > 100) throw wf.ApplicationFailure.create({ message: 'too many names' });
  await Promise.all(input.names.map((n) => executeChild(child, { args: [n] })));
}
`,
    },
    {
      name: 'arrays the workflow builds, callbacks without activities, and non-exported helpers',
      code: `${HEAD}async function helper(names: string[]): Promise<void> {
  await Promise.all(names.map((n) => greet(n)));
}
export async function wf1(names: string[]): Promise<number[]> {
  const regions = ['eu', 'us'];
  await Promise.all(regions.map((r) => greet(r)));
  await helper(names);
  return Promise.all(names.map(async (n) => n.length));
}
`,
    },
  ],
  invalid: [
    {
      name: 'one activity per element of an input array',
      code: `${HEAD}export async function wf1(urls: string[]): Promise<string[]> {
  return wf.CancellationScope.withTimeout(1000, () => Promise.all(urls.map((url) => greet(url))));
}
`,
      errors: [{ messageId: 'unbounded', line: 8, column: 55, message: "one activity per element of 'urls'" }],
    },
    {
      name: 'child workflows per element of a destructured input, through a const alias; activity passed by reference',
      code: `${HEAD}export const wf1 = async ({ order }: { order: { lines: string[] } }): Promise<void> => {
  const lines = order.lines;
  await Promise.allSettled(lines.map((line) => executeChild(child, { args: [line] })));
  await Promise.all(order.lines.map(acts.greet));
};
`,
      errors: [
        { messageId: 'unbounded', line: 9, column: 9, message: "Promise.allSettled starts one child workflow per element of 'order.lines'" },
        { messageId: 'unbounded', line: 10, column: 9, message: 'one activity' },
      ],
    },
    {
      name: 'through an async function of the file that runs the activity',
      code: `${HEAD}async function notify(name: string): Promise<void> {
  await greet(name);
}
export async function wf1(names: string[]): Promise<void> {
  await Promise.all(names.map(notify));
  await Promise.all(names.map(async (n) => { await notify(n); }));
}
`,
      errors: [
        { messageId: 'unbounded', line: 11, column: 9 },
        { messageId: 'unbounded', line: 12, column: 9 },
      ],
    },
  ],
});
