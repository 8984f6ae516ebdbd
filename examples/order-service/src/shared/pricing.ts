import { readFileSync } from 'fs';

export function loadPricing(): { apply(cents: number): number } {
  const table = JSON.parse(readFileSync('pricing.json', 'utf8')) as { discount: number };
  return { apply: (cents) => Math.round(cents * (1 - table.discount)) };
}
