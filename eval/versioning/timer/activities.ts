// Deterministic stubs for samples-typescript timer-examples/src/activities.ts. An order id that
// starts with "slow" takes three real seconds: the test server does not skip time while an activity
// runs, so the slow execution's half-second timer fires, in real time, before the activity is done.
import { setTimeout as wait } from 'node:timers/promises';

export async function processOrder(orderId: string): Promise<void> {
  if (orderId.startsWith('slow')) await wait(3000);
}

export async function sendNotificationEmail(orderId: string): Promise<void> {
  void orderId;
}

export async function chargeLateFee(orderId: string): Promise<void> {
  void orderId;
}
