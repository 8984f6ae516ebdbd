// Deterministic stubs for the fulfillment activities.
export async function recordAudit(step: string): Promise<void> {
  void step;
}

export async function writeAuditLog(step: string, at?: string): Promise<void> {
  void step;
  void at;
}

export async function reserveInventory(orderId: string, items: string[], warehouse?: string): Promise<string> {
  return `${orderId}:${items.length}@${warehouse ?? 'main'}`;
}

export async function holdInventory(orderId: string, items: string[]): Promise<string> {
  return `${orderId}:${items.length}:held`;
}

export async function chargePayment(orderId: string, total: number): Promise<string> {
  return `pay-${orderId}-${total}`;
}

export async function createShippingLabel(orderId: string, address: string): Promise<string> {
  return `label-${orderId}-${address.length}`;
}

export async function shipPackage(orderId: string, label: string): Promise<string> {
  return `track-${orderId}-${label.length}`;
}

export async function sendConfirmation(email: string, tracking: string): Promise<void> {
  void email;
  void tracking;
}

export async function addLoyaltyPoints(email: string, points: number): Promise<void> {
  void email;
  void points;
}
