/** wfo's own package folder, wherever its code runs from. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder of wfo's package.json (absolute, no trailing separator): the nearest folder above
 * this module that has one. The same from the compiled modules (dist/src/…) and from the bundled
 * CLI (dist/cli.cjs); dist/ itself has none. Throws when there is none (a broken install).
 */
export function packageRoot(): string {
  if (root === undefined) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`wfo's package.json is not in any folder above ${fileURLToPath(import.meta.url)}`);
      dir = parent;
    }
    root = dir;
  }
  return root;
}
