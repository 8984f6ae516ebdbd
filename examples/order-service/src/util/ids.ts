const cache = new WeakRef({ prefix: 'report' });

export function reportId(): string {
  return `${cache.deref()?.prefix ?? 'report'}-${crypto.randomUUID()}`;
}
