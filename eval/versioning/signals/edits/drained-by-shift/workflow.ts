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
    while (queue.length > 0) {
      const item = queue.shift()!;
      await processItem(item);
      processed++;
    }
  }
  return processed;
}
