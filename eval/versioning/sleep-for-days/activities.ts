// Deterministic stubs (samples-typescript sleep-for-days/src/activities.ts sends no real email either).
export async function sendEmail(msg: string): Promise<void> {
  void msg;
}

export async function recordWakeUp(iteration: number): Promise<void> {
  void iteration;
}
