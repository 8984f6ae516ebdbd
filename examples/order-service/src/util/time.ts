// Reached from the workflows through src/workflows/daily-report.ts: this is workflow code too.
export function isBusinessHours(now: Date): boolean {
  const hour = now.getHours();
  return hour >= 9 && hour < 17;
}
