// Deterministic stubs.
export async function processItem(item: string): Promise<string> {
  return item.toUpperCase();
}

export async function auditItem(item: string): Promise<void> {
  void item;
}

export async function notifyFinished(count: number): Promise<void> {
  void count;
}
