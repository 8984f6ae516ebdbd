// Deterministic stubs for samples-typescript expense/src/activities.ts (which calls an HTTP server).
export async function createExpense(expenseId: string): Promise<void> {
  void expenseId;
}

export async function notifyManager(expenseId: string): Promise<void> {
  void expenseId;
}

export async function payment(expenseId: string): Promise<void> {
  void expenseId;
}

export async function recordExpense(expenseId: string): Promise<void> {
  void expenseId;
}

export async function archiveExpense(expenseId: string): Promise<void> {
  void expenseId;
}
