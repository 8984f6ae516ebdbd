/** Exit codes, as ESLint uses them: 0 clean, 1 problems found, 2 bad usage or an internal failure. */
export const ExitCode = { Ok: 0, Problems: 1, Usage: 2 } as const;

/** An error whose message is meant for the user: printed on one line, no stack, with its exit code. */
export class WfoError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = ExitCode.Usage) {
    super(message);
    this.name = 'WfoError';
    this.exitCode = exitCode;
  }
}
