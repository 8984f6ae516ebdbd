/** "Did you mean": the closest known name to a mistyped one, when it is close enough to help. */

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function suggest(input: string, candidates: readonly string[]): string {
  const best = candidates.map((c) => ({ c, d: distance(input, c) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(input.length / 3)) ? ` (did you mean "${best.c}"?)` : '';
}

/** Levenshtein distance. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
