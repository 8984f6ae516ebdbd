// Bundles the compiled CLI (dist/src/cli.js and every module it imports) into one CommonJS file,
// dist/cli.cjs, which bin/wfo.js runs through V8's code cache (src/code-cache.ts). Loading some 100
// ES modules, and compiling their functions on every run, was about 7% of a cold lint of 2,000
// files; Node 20 has no module compile cache to spare it. Packages stay outside the bundle, loaded
// from node_modules as before. Run by `npm run build`, after tsc.
//
// rolldown is the bundler Vite (and so vitest) already installs: a maintained bundler rather than
// our own concatenation of ES modules.
import { build } from 'rolldown';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

await build({
  input: `${dist}src/cli.js`,
  platform: 'node',
  // Node's built-ins and every package: only wfo's own modules go in.
  external: [/^node:/, /^[^./]/],
  logLevel: 'warn',
  output: { file: `${dist}cli.cjs`, format: 'cjs', codeSplitting: false },
});
