// Deterministic stubs; the sample calls no activity, some edits do.
export async function checkpoint(iteration: number): Promise<void> {
  void iteration;
}
