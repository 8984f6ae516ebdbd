// Deterministic stubs: every edit's activities are here, so each version of workflow.ts type-checks.
export async function validateOrder(orderId: string): Promise<void> {
  if (!orderId) throw new Error('no order id');
}

export async function fraudCheck(orderId: string): Promise<boolean> {
  return orderId.length > 0;
}

export async function chargeCard(orderId: string, amount: number): Promise<string> {
  return `charge-${orderId}-${amount}`;
}

export async function shipOrder(orderId: string): Promise<string> {
  return `track-${orderId}`;
}

export async function dispatchOrder(orderId: string): Promise<string> {
  return `track-${orderId}`;
}

export async function sendReceipt(email: string, charge: string, tracking: string): Promise<void> {
  void [email, charge, tracking];
}

export async function recordMetrics(orderId: string): Promise<void> {
  void orderId;
}
