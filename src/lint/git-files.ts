/** The files a pre-commit hook or a pull request is about, from git. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';

/** Files staged in the index (added, copied, modified, renamed), absolute. */
export function stagedFiles(cwd: string): string[] {
  return gitPaths(cwd, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']);
}

/** Files that differ between `base` and the working tree, plus untracked files git does not ignore. */
export function changedFiles(cwd: string, base: string): string[] {
  return [
    ...gitPaths(cwd, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base, '--']),
    ...gitPaths(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
  ];
}

function gitPaths(cwd: string, args: string[]): string[] {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  return git(cwd, args)
    .split('\0')
    .filter(Boolean)
    .map((p) => path.resolve(top, p));
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new WfoError(`git ${args[0]} failed: ${stderr || (error as Error).message}`, ExitCode.Usage);
  }
}
