/** `wfo build-id`: the workflow bundle's build id on stdout (or what went into it, as JSON); notes on stderr. */
import { ExitCode } from '../errors.js';
import { computeBuildId } from '../versioning/build-id.js';

export interface BuildIdCommandOptions {
  json?: boolean;
  config?: string;
  workflowsPath?: string;
}

export function runBuildId(paths: string[], options: BuildIdCommandOptions): number {
  const { buildId, files, packages, ignoreModules, notes } = computeBuildId({ paths, cwd: process.cwd(), configFile: options.config, workflowsPath: options.workflowsPath });
  for (const note of notes) process.stderr.write(`wfo: note: ${note}\n`);
  process.stdout.write(options.json ? `${JSON.stringify({ buildId, files, packages, ignoreModules }, null, 2)}\n` : `${buildId}\n`);
  return ExitCode.Ok;
}
