/**
 * One real `npm install` for every generated project in the suite. The package.json that `wfo init`
 * writes is installed as a user would (the @temporalio packages from the registry, wfo through the
 * `file:` link to this checkout that init writes) into .tmp/generated-install/<its hash>/, once: a
 * later run with the same package.json reuses it, and test files running at the same time wait for
 * the one installing. Projects then link its node_modules. Installs no run has used for a day are
 * removed when a new one is made.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INSTALLS = path.resolve(import.meta.dirname, '../../.tmp/generated-install');
const WAIT_MS = 5 * 60_000;
const UNUSED_MS = 24 * 60 * 60_000;

export interface SharedInstall {
  /** The folder holding package.json and node_modules. */
  readonly dir: string;
  /** What npm printed, or that an earlier run's install was reused. */
  readonly log: string;
}

/** Installs `packageJson` (the text of a generated package.json) unless an install of it exists. */
export function sharedInstall(packageJson: string): SharedInstall {
  const dir = path.join(INSTALLS, createHash('sha256').update(packageJson).digest('hex').slice(0, 16));
  const lock = `${dir}.lock`;
  mkdirSync(INSTALLS, { recursive: true });
  for (const started = Date.now(); !existsSync(dir); ) {
    if (tryLock(lock)) {
      try {
        if (!existsSync(dir)) {
          const log = install(dir, packageJson);
          pruneUnused();
          return { dir, log };
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else if (Date.now() - started > WAIT_MS) throw new Error(`waited ${WAIT_MS / 1000}s for the install at ${lock}`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  const now = new Date();
  utimesSync(dir, now, now);
  return { dir, log: `reused the install of this package.json in ${path.relative(process.cwd(), dir)}` };
}

/** Removes installs of other package.json files (an older template, another checkout path) unused for a day. */
function pruneUnused(): void {
  for (const entry of readdirSync(INSTALLS)) {
    const full = path.join(INSTALLS, entry);
    if (/^[0-9a-f]{16}$/.test(entry) && Date.now() - statSync(full).mtimeMs > UNUSED_MS) rmSync(full, { recursive: true, force: true });
  }
}

/** Links the shared install's node_modules into a project. */
export function linkInstall(install: SharedInstall, project: string): void {
  symlinkSync(path.join(install.dir, 'node_modules'), path.join(project, 'node_modules'), 'dir');
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a run that was killed mid-install is taken over once it is older than any install.
    const held = statSync(lock, { throwIfNoEntry: false });
    if (held && Date.now() - held.mtimeMs > WAIT_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

/** Installs into a scratch folder renamed into place when npm succeeds, so a half install is never reused. */
function install(dir: string, packageJson: string): string {
  const scratch = `${dir}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  writeFileSync(path.join(scratch, 'package.json'), packageJson);
  // --ignore-scripts: for a `file:` dependency npm runs the checkout's own `prepare` (wfo's build),
  // which would rewrite dist/ under the tests running beside this one. No @temporalio package needs
  // an install script: the core bridge ships its binaries prebuilt. The npm_* variables of the
  // `npm test` around us (its prefix, its package) must not steer this install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: scratch, env, encoding: 'utf8', shell: process.platform === 'win32' });
  const log = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`npm install of a generated package.json failed (exit ${run.status}):\n${log}${run.error ? String(run.error) : ''}`);
  renameSync(scratch, dir);
  return log;
}

export function readPackageJson(project: string): string {
  return readFileSync(path.join(project, 'package.json'), 'utf8');
}
