/**
 * A one-line progress indicator on a terminal's stderr, shown only once a run has taken longer than
 * a second (short runs stay silent, like ESLint) and erased before the report is printed. On a
 * pipe, in CI logs or in files, it prints nothing at all.
 */
export interface ProgressLine {
  update(stage: string, done: number, total: number): void;
  /** Erases the line, if one was drawn. */
  clear(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

export function progressLine(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressLine | undefined {
  if (!stream.isTTY || process.env.CI) return undefined;
  const started = now();
  let drawnAt = 0;
  let drawn = false;
  return {
    update(stage, done, total) {
      const at = now();
      if (at - started < SHOW_AFTER_MS || (at - drawnAt < REDRAW_EVERY_MS && done < total)) return;
      drawnAt = at;
      drawn = true;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[K${`wfo: ${stage} ${done}/${total} files`.slice(0, width)}`);
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
