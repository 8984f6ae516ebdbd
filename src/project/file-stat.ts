/** A file's size and modification time, the stamp caches compare; undefined when it is gone. */
import { statSync } from 'node:fs';

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

export function statOf(file: string): FileStamp | undefined {
  try {
    const stat = statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}
