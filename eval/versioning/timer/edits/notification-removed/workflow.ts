// Adapted from samples-typescript timer-examples/src/workflows.ts (processOrderWorkflow): the order is
// processed by an activity raced with a timer; if the timer wins, the customer is emailed first.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

export interface ProcessOrderOptions {
  orderId: string;
  orderProcessingMS: number;
  sendDelayedEmailTimeoutMS: number;
}

export async function processOrderWorkflow({ orderId, orderProcessingMS, sendDelayedEmailTimeoutMS }: ProcessOrderOptions): Promise<string> {
  let processing = true;
  // Dynamically define the timeout based on given input
  const { processOrder } = proxyActivities<typeof activities>({
    startToCloseTimeout: orderProcessingMS,
  });

  const processOrderPromise = processOrder(orderId).then(() => {
    processing = false;
  });

  await Promise.race([processOrderPromise, sleep(sendDelayedEmailTimeoutMS)]);

  if (processing) {
    await processOrderPromise;
  }

  return 'Order completed!';
}
