// Deterministic stubs; the sample's children call no activity, some edits do.
export async function greet(name: string): Promise<string> {
  return `Hello, ${name}`;
}

export async function auditChildren(count: number): Promise<void> {
  void count;
}
