// Adapted from samples-typescript hello-world/src/workflows.ts: the one-activity greeting grown into
// the sequential order flow most workflows start as (a chain of activities, one result each).
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { validateOrder, chargeCard, shipOrder, sendReceipt } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export interface OrderInput {
  orderId: string;
  amount: number;
  email: string;
}

export async function order(input: OrderInput): Promise<string> {
  await validateOrder(input.orderId);
  const { charge, tracking } = await chargeAndShip(input);
  await sendReceipt(input.email, charge, tracking);
  return tracking;
}

async function chargeAndShip(input: OrderInput): Promise<{ charge: string; tracking: string }> {
  const charge = await chargeCard(input.orderId, input.amount);
  const tracking = await shipOrder(input.orderId);
  return { charge, tracking };
}
