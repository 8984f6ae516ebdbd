import { Context } from '@temporalio/activity';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY ?? '');

export interface ChargeInput {
  orderId: string;
  amountCents: number;
  customerId: string;
}

export async function chargeCard(input: ChargeInput): Promise<string> {
  const { workflowExecution, activityId } = Context.current().info;
  const intent = await stripe.paymentIntents.create(
    { amount: input.amountCents, currency: 'usd', customer: input.customerId },
    { idempotencyKey: `${workflowExecution.workflowId}-${activityId}` },
  );
  return intent.id;
}

export async function reserveStock(orderId: string, sku: string): Promise<void> {
  await fetch(`${process.env.INVENTORY_URL}/reservations/${orderId}`, {
    method: 'PUT',
    body: JSON.stringify({ sku }),
  });
}

export async function releaseStock(orderId: string): Promise<void> {
  await fetch(`${process.env.INVENTORY_URL}/reservations/${orderId}`, { method: 'DELETE' });
}
