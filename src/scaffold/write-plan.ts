/**
 * Writes a plan all or nothing, as far as a file system allows: every new content goes to a
 * temporary file beside its target first (created, written, fsynced); only when all are written are
 * they renamed over their targets, each rename atomic. A failure before the renames removes the
 * temporary files and changes nothing; a process killed at any point leaves every target either as
 * it was or complete, never half-written (at worst a `.wfo-tmp-*` file beside it).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import type { PlannedFile } from './plan.js';

export function writePlan(root: string, files: readonly PlannedFile[]): void {
  const pending = files.filter((f) => f.action === 'create' || f.action === 'update' || f.action === 'conflict');
  const temps: { temp: string; target: string }[] = [];
  try {
    for (const [index, file] of pending.entries()) {
      const target = path.join(root, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.wfo-tmp-${process.pid}-${index}`);
      temps.push({ temp, target });
      const fd = openSync(temp, 'wx', 0o644);
      try {
        writeSync(fd, file.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw new WfoError(`nothing was written: ${describe(error, root)}`, ExitCode.Usage);
  }
  const pause = Number(process.env.WFO_TEST_PAUSE_BETWEEN_WRITES ?? 0);
  for (const [index, { temp, target }] of temps.entries()) {
    if (index > 0 && pause > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause); // lets a test kill us mid-way
    renameSync(temp, target);
  }
}

function describe(error: unknown, root: string): string {
  const e = error as NodeJS.ErrnoException;
  const where = e.path ? path.relative(root, e.path) || e.path : '';
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return `permission denied writing ${where}`;
  if (e.code === 'ENOTDIR' || e.code === 'EEXIST') return `a file is in the way of ${where}`;
  return e.message ?? String(error);
}
