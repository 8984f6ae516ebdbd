#!/usr/bin/env node
// The published entry point. Everything lives in dist/, built by `npm run build` (run by `prepare`):
// the compiled modules (dist/src/) and the CLI bundled from them into one CommonJS file
// (dist/cli.cjs, scripts/bundle-cli.mjs), which runs through V8's code cache (src/code-cache.ts).
// A bundle older than the compiled modules (after a bare `tsc`) is not used: they are.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const modules = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
if (!existsSync(modules)) {
  process.stderr.write('wfo: dist/ is missing; run `npm run build` (or `npm ci`, which builds) first\n');
  process.exit(2);
}
const { requireWithCodeCache } = await import(new URL('../dist/src/code-cache.js', import.meta.url).href);
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(modules).mtimeMs;
const cli = (fresh && requireWithCodeCache(bundle, 'cli')) || (await import(new URL('../dist/src/cli.js', import.meta.url).href));
await cli.main(process.argv);
