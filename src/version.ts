/** wfo's own version, from the package.json it ships with. */
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function wfoVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
