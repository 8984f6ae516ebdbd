#!/usr/bin/env node
// The published entry point. Everything lives in dist/, built by `npm run build` (run by `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('wfo: dist/ is missing; run `npm run build` (or `npm ci`, which builds) first\n');
  process.exit(2);
}
await import(cli.href);
