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

// Mistake: a POST that a retry sends again; nothing lets the mail service see it is the same one.
export async function emailReceipt(orderId: string, email: string): Promise<void> {
  await fetch(`${process.env.MAIL_URL}/send`, { method: 'POST', body: JSON.stringify({ orderId, email }) });
}

// Mistake: an idempotency key made fresh in every attempt deduplicates nothing.
export async function notifyWarehouse(orderId: string): Promise<void> {
  await fetch(`${process.env.WAREHOUSE_URL}/orders`, {
    method: 'POST',
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ orderId }),
  });
}
