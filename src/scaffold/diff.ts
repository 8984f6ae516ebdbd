/** A unified diff of two texts, for `wfo new --dry-run --diff` (whole-file hunks are enough for review). */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = before ? before.replace(/\n$/, '').split('\n') : [];
  const b = after.replace(/\n$/, '').split('\n');
  // Longest common subsequence, line by line: barrels and templates are small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lines = [`--- ${before ? `a/${file}` : '/dev/null'}`, `+++ b/${file}`, `@@ -${a.length ? 1 : 0},${a.length} +1,${b.length} @@`];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push(` ${a[i++]}`), j++;
    else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) lines.push(`+${b[j++]}`);
    else lines.push(`-${a[i++]}`);
  }
  return lines.join('\n');
}
