// Modelled on samples-typescript food-delivery/packages/workflows/order.ts (input checked by guards
// before any activity, a helper function wrapped around activities) and hello-world's activity chain:
// an order is reserved, charged and labelled in parallel, shipped, confirmed. Two steps go through
// withAudit, a helper that records an audit entry and then runs the callback it is given.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { recordAudit, reserveInventory, chargePayment, createShippingLabel, shipPackage, sendConfirmation, addLoyaltyPoints } =
  proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export interface FulfillmentInput {
  orderId: string;
  items: string[];
  total: number;
  address: string;
  email: string;
}

async function withAudit<T>(step: string, fn: () => Promise<T>): Promise<T> {
  await recordAudit(step);
  return await fn();
}

export async function fulfillOrder(order: FulfillmentInput): Promise<string> {
  if (order.items.length === 0) {
    return `${order.orderId}: nothing to fulfil`;
  }
  if (order.total <= 0) {
    throw ApplicationFailure.nonRetryable(`order ${order.orderId} has no total`, 'InvalidOrder');
  }

  await withAudit('reserve', () => reserveInventory(order.orderId, order.items));
  const [paymentId, label] = await Promise.all([
    chargePayment(order.orderId, order.total),
    createShippingLabel(order.orderId, order.address),
  ]);
  const tracking = await withAudit('ship', () => shipPackage(order.orderId, label));
  await sendConfirmation(order.email, tracking);
  await addLoyaltyPoints(order.email, Math.floor(order.total));
  return `${order.orderId} shipped as ${tracking}, paid with ${paymentId}`;
}
