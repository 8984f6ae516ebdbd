/** The files a pre-commit hook or a pull request is about, from git. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';

/** Files staged in the index (added, copied, modified, renamed), absolute. */
export function stagedFiles(cwd: string): string[] {
  const top = topLevel(cwd, '--staged');
  return gitPaths(cwd, top, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']);
}

/** Files that differ between `base` and the working tree, plus untracked files git does not ignore. */
export function changedFiles(cwd: string, base: string): string[] {
  const top = topLevel(cwd, '--changed');
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  } catch {
    throw new WfoError(`--changed: '${base}' is not a revision git knows`, ExitCode.Usage);
  }
  return [
    ...gitPaths(cwd, top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base, '--']),
    ...gitPaths(cwd, top, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
  ];
}

/** The repository's top folder; a usage error naming the option when `cwd` is in none. */
function topLevel(cwd: string, option: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new WfoError(`${option}: '${cwd}' is not in a git repository`, ExitCode.Usage);
  }
}

function gitPaths(cwd: string, top: string, args: string[]): string[] {
  return run(cwd, args)
    .split('\0')
    .filter(Boolean)
    .map((p) => path.resolve(top, p));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** `git` whose failure is a one-line usage error with git's own first line. */
function run(cwd: string, args: string[]): string {
  try {
    return git(cwd, args);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new WfoError(`git ${args[0]} failed: ${stderr || (error as Error).message}`, ExitCode.Usage);
  }
}
