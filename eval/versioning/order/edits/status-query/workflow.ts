// Adapted from samples-typescript hello-world/src/workflows.ts: the one-activity greeting grown into
// the sequential order flow most workflows start as (a chain of activities, one result each).
import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

const { validateOrder, chargeCard, shipOrder, sendReceipt } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export const statusQuery = defineQuery<string>('status');

export interface OrderInput {
  orderId: string;
  amount: number;
  email: string;
}

export async function order(input: OrderInput): Promise<string> {
  let status = 'validating';
  setHandler(statusQuery, () => status);
  await validateOrder(input.orderId);
  status = 'charging';
  const charge = await chargeCard(input.orderId, input.amount);
  status = 'shipping';
  const tracking = await shipOrder(input.orderId);
  await sendReceipt(input.email, charge, tracking);
  return tracking;
}
