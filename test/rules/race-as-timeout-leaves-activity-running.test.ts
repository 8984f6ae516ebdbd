import rule from '../../rules/race-as-timeout-leaves-activity-running.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import { CancellationScope, condition, executeChild, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { buildReport } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 hour' });
`;

testRule(rule, {
  valid: [
    {
      name: 'withTimeout, a race inside a cancellable scope, and a scope run by hand',
      code: `${HEAD}export async function report(id: string): Promise<string> {
  const a = await CancellationScope.withTimeout('5 minutes', () => buildReport(id));
  const b = await CancellationScope.cancellable(async () => {
    try {
      return await Promise.race([sleep('5 minutes').then(() => 'late'), buildReport(id)]);
    } finally {
      CancellationScope.current().cancel();
    }
  });
  const scope = new CancellationScope();
  const running = scope.run(() => buildReport(id));
  const c = await Promise.race([running, sleep('5 minutes').then(() => 'late')]);
  scope.cancel();
  return a + b + c;
}
`,
    },
    {
      name: 'a reminder: the activity is awaited after the race anyway',
      code: `${HEAD}export async function order(id: string): Promise<string> {
  let processing = true;
  const pending = buildReport(id).then((r) => { processing = false; return r; });
  await Promise.race([pending, sleep('1 hour')]);
  if (processing) await buildReport('reminder');
  return await pending;
}
`,
    },
    {
      name: 'races without a timer, or of a timer against a condition',
      code: `${HEAD}export async function first(id: string): Promise<void> {
  let done = false;
  await Promise.race([buildReport(id), buildReport(id + '2')]);
  await Promise.race([sleep('1 day'), condition(() => done)]);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a timer against an activity (through a const and .then) and against a child workflow',
      code: `${HEAD}export async function report(id: string): Promise<string> {
  const late = sleep('5 minutes').then(() => 'late' as const);
  const outcome = await Promise.race([late, buildReport(id)]);
  await Promise.race([executeChild(report, { args: [id] }), sleep(1000)]);
  return outcome;
}
`,
      errors: [
        { messageId: 'leftRunning', line: 7, column: 25, message: "an activity ('buildReport(id)')" },
        { messageId: 'leftRunning', line: 8, column: 9, message: 'a child workflow' },
      ],
    },
  ],
});
