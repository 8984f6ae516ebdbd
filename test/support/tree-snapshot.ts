/** Every file under a folder with its bytes, to prove a command changed nothing (or exactly what). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isSymbolicLink()) files[path.relative(dir, full)] = `-> ${readlinkSync(full)}`;
      else if (entry.isDirectory()) pending.push(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'latin1');
    }
  }
  return files;
}
