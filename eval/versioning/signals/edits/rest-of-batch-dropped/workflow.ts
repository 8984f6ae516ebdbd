// Modelled on samples-typescript signals-queries/src/workflows.ts (a handler that unblocks a
// condition) and mutex/src/workflows.ts (a queue of requests fed by signals, drained in a loop): items
// arrive by signal and each is processed by an activity until `finish`.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

const { processItem } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export const addSignal = defineSignal<[string[]]>('add');
export const finishSignal = defineSignal('finish');
export const processedQuery = defineQuery<number>('processed');

export async function itemQueue(): Promise<number> {
  const queue: string[] = [];
  let finished = false;
  let processed = 0;
  setHandler(addSignal, (items) => {
    queue.push(...items);
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(processedQuery, () => processed);

  while (true) {
    await condition(() => queue.length > 0 || finished);
    if (queue.length === 0) break;
    const batch = queue.splice(0);
    // Only the first item of each wake-up is processed; the rest are dropped.
    for (const item of batch.slice(0, 1)) {
      await processItem(item);
      processed++;
    }
  }
  return processed;
}
