/**
 * Whether wfo colours what it prints. chalk would decide this by itself, but wfo's formatters get
 * an explicit level (so a report is the same text whichever stream it goes to), and the decision
 * they were given used to be "stdout is a terminal": FORCE_COLOR never got a say, so CI logs, which
 * are pipes, were always plain. The order here is ESLint's (chalk's supports-color) and Node's:
 *
 *   1. `--color` / `--no-color` (ESLint's flags);
 *   2. FORCE_COLOR: `0` or `false` off, anything else (`1`, `2`, `3`, `true`, empty) on; Node lets
 *      it win over NO_COLOR (https://nodejs.org/api/cli.html#force_colorn);
 *   3. NO_COLOR, when set and not empty (https://no-color.org);
 *   4. whether the output is a terminal that is not TERM=dumb.
 *
 * A report written to a file (`--output-file`) is coloured only when `--color` asks for it: the
 * environment variables are about the log, and a CI job that sets FORCE_COLOR for its log still
 * wants plain report files.
 */
export type ColorFlag = boolean | undefined;

export function shouldColor(flag: ColorFlag, output: { readonly isTTY?: boolean } | 'file', env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (output === 'file') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(output.isTTY) && env.TERM !== 'dumb';
}
