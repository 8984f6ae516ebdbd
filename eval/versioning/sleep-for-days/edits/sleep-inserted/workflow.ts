// Adapted from samples-typescript sleep-for-days/src/workflows.ts: an activity, then 30 days asleep,
// over and over until the `complete` signal.
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { sendEmail } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export const complete = defineSignal('complete');

export async function sleepForDays(): Promise<string> {
  let isComplete = false;
  setHandler(complete, () => {
    isComplete = true;
  });

  while (!isComplete) {
    await sleep('1 hour');
    await sendEmail(`Sleeping for 30 days`);
    await Promise.race([sleep('30 days'), condition(() => isComplete)]);
  }
  return 'done!';
}
