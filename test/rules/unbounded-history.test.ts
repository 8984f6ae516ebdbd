import rule from '../../rules/unbounded-history.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { condition, continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type * as activities from './activities';

const { poll } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
`;

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
  ],
  invalid: [
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
      errors: [{ messageId: 'endless', line: 7, column: 3, message: 'condition' }],
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
      errors: [{ messageId: 'endless', line: 6, column: 3, message: 'timer (sleep)' }],
    },
  ],
});
