// Deterministic stubs for the document review.
export async function requestReview(docId: string, reviewer: string): Promise<void> {
  void docId;
  void reviewer;
}

export async function storeComment(docId: string, text: string): Promise<void> {
  void docId;
  void text;
}

export async function sendReminder(docId: string, reviewer: string): Promise<void> {
  void docId;
  void reviewer;
}

export async function escalateReview(docId: string): Promise<void> {
  void docId;
}

export async function recordDecision(docId: string, decision: string): Promise<void> {
  void docId;
  void decision;
}
