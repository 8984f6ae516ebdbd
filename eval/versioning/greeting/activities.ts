// Deterministic stubs for the greeting service (samples-typescript message-passing/introduction) and
// the publishing step.
const remote: Record<string, string> = {
  ENGLISH: 'Hello, world',
  CHINESE: '你好，世界',
  FRENCH: 'Bonjour, monde',
  SPANISH: 'Hola mundo',
  PORTUGUESE: 'Olá mundo',
  ARABIC: 'مرحبا بالعالم',
  HINDI: 'नमस्ते दुनिया',
};

export async function callGreetingService(toLanguage: string): Promise<string | undefined> {
  return remote[toLanguage];
}

export async function publishGreeting(greeting: string, approver: string): Promise<void> {
  void greeting;
  void approver;
}

export async function notifyExpired(language: string): Promise<void> {
  void language;
}
