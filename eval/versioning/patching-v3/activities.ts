// Deterministic stubs for samples-typescript patching-api/src/activities/index.ts.
export async function activityA(): Promise<void> {}
export async function activityB(): Promise<void> {}
export async function activityC(): Promise<void> {}
export async function activityThatMustRunAfterA(): Promise<void> {}
