// Deterministic stubs.
export async function runJob(job: string, token: string): Promise<string> {
  return `${job}:${token}`;
}

export async function reportProgress(done: number): Promise<void> {
  void done;
}
