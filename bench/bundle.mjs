// Temporal's own check of workflow imports: bundleWorkflowCode (webpack + swc) over a workflows
// entry, as a worker does at start-up. tsconfig `paths` become webpack aliases, as Temporal's docs
// tell users with path aliases to configure. Prints whether it bundled and how big the bundle is.
// Usage: node bench/bundle.mjs <workflows entry file> [tsconfig.json]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const [workflowsPath, tsconfig] = process.argv.slice(2);
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

function aliases() {
  if (!tsconfig || !existsSync(tsconfig)) return {};
  const { compilerOptions = {} } = JSON.parse(readFileSync(tsconfig, 'utf8'));
  const base = path.resolve(path.dirname(tsconfig), compilerOptions.baseUrl ?? '.');
  const alias = {};
  for (const [pattern, [target]] of Object.entries(compilerOptions.paths ?? {})) {
    alias[pattern.replace(/\/\*$/, '')] = path.resolve(base, target.replace(/\/\*$/, ''));
  }
  return alias;
}

try {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: quiet,
    webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...aliases() } } }),
  });
  process.stdout.write(`${JSON.stringify({ ok: true, bytes: code.length })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(error?.message ?? error).split('\n')[0] })}\n`);
}
