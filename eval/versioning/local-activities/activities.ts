// Deterministic stubs (samples-typescript eager-workflow-start/src/activities.ts greets by name).
export async function normalizeName(name: string): Promise<string> {
  return name.trim().toLowerCase();
}

export async function lookupTitle(name: string): Promise<string> {
  return name === 'ada' ? 'Countess' : '';
}

export async function composeGreeting(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

export async function formatGreeting(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

export async function deliverGreeting(greeting: string): Promise<void> {
  void greeting;
}
