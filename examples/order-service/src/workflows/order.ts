import { proxyActivities, sleep } from '@temporalio/workflow';
import { v4 as uuidv4 } from 'uuid';
import { chargeCard, type ChargeInput } from '../activities';
import type * as activities from '../activities';
import { loadPricing } from '@shared/pricing';

const { reserveStock, releaseStock } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
});

export async function placeOrder(input: ChargeInput & { sku: string }): Promise<string> {
  const attemptId = uuidv4();
  await reserveStock(input.orderId, input.sku);
  try {
    // Calls the activity function directly: it runs inside the workflow, with no retries.
    const chargeId = await chargeCard({ ...input, amountCents: loadPricing().apply(input.amountCents) });
    return `${attemptId}:${chargeId}`;
  } catch (err) {
    await releaseStock(input.orderId);
    throw err;
  } finally {
    if (process.env.SLOW_ORDERS) await sleep('1 minute');
  }
}
