/**
 * The patterns in a CommonJS project with single-file barrels (`src/workflows.ts`,
 * `src/activities.ts`) and tests in `src/test/`, the layout of Temporal's own samples: the
 * generated files land beside the barrels, and the project compiles, bundles, lints clean and
 * passes its tests (the workflow tests on Temporal's real servers). Its node_modules is the suite's
 * one install of what `wfo init` writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { linkInstall, readPackageJson, sharedInstall } from '../support/generated-install.js';
import { SERVER_RUN_TIMEOUT, TSC, bundle, declaredTests, lintMessages, node, testCounts, testFiles } from '../support/generated-project.js';
import { requireServers, serverEnv } from '../support/temporal-servers.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

const PATTERNS: Record<string, string> = { saga: 'order-checkout', entity: 'shopping-cart', 'fan-out': 'image-resize', 'async-callback': 'video-transcode', 'human-approval': 'expense-approval' };

let dir: string;
afterAll(removeProjects);

beforeAll(() => {
  dir = writeProject({
    'package.json': JSON.stringify({ name: 'cjs-shop', private: true }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, types: ['node'], esModuleInterop: true, skipLibCheck: true, rootDir: 'src', outDir: 'lib' },
      include: ['src'],
    }),
    'wfo.config.json': JSON.stringify({ preset: 'strict' }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'cjs-shop', workflowsPath: require.resolve('./workflows'), activities });
  await worker.run();
}
`,
    'src/workflows.ts': '// The workflows the worker runs.\n',
    'src/activities.ts': '// The activities the worker runs.\n',
    'src/test/.keep': '',
  });
  const init = mkdtempSync(path.join(os.tmpdir(), 'wfo-test-init-'));
  try {
    expect(runWfo(['init', path.join(init, 'shop')]).code).toBe(0);
    linkInstall(sharedInstall(readPackageJson(path.join(init, 'shop'))), dir);
  } finally {
    rmSync(init, { recursive: true, force: true });
  }
  for (const [pattern, name] of Object.entries(PATTERNS)) {
    const generated = runWfo(['new', pattern, name], { cwd: dir });
    expect(generated.stderr, pattern).toBe('');
    expect(generated.code, pattern).toBe(0);
  }
}, 300_000);

describe('every pattern, generated into a CommonJS project with single-file barrels', () => {
  it('lands beside the barrels and re-exports from them', () => {
    const dryRun = runWfo(['new', 'saga', 'order-checkout', '--dry-run'], { cwd: dir }).stdout;
    expect(dryRun).toContain('src/workflows/order-checkout.ts');
    expect(dryRun).toContain('src/test/order-checkout.workflow.test.ts');
    expect(dryRun).toMatch(/UNCHANGED src\/workflows\.ts/);
  });

  it('compiles with strict tsc', () => {
    const { code, out } = node([TSC, '-p', '.'], dir);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it("bundles with Temporal's bundleWorkflowCode", () => {
    const { code, out } = bundle(dir, 'src/workflows.ts');
    expect(out).toMatch(/^bundled \d+/);
    expect(code).toBe(0);
  });

  it('is clean under wfo lint, with every rule on (strict)', () => {
    const { code, stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect(lintMessages(stdout, dir)).toEqual([]);
    expect(code).toBe(0);
  });

  it('passes its compiled activity tests', () => {
    const files = testFiles(dir, 'lib/test', '.activities.test.js');
    const { code, out } = node(['--test', ...files], dir);
    const declared = declaredTests(dir, sources(files));
    expect(testCounts(out)).toEqual({ tests: declared, pass: declared, fail: 0, skipped: 0 });
    expect(code).toBe(0);
  });

  it("passes its compiled workflow tests on Temporal's real servers", (context) => {
    const servers = requireServers(context);
    const files = testFiles(dir, 'lib/test', '.workflow.test.js');
    expect(files).toHaveLength(Object.keys(PATTERNS).length);
    const { code, out, seconds } = node(['--test', ...files], dir, serverEnv(servers));
    const declared = declaredTests(dir, sources(files));
    expect(testCounts(out), out).toEqual({ tests: declared, pass: declared, fail: 0, skipped: 0 });
    expect(code).toBe(0);
    console.log(`CommonJS single-file project: ${declared} workflow tests passed on the real servers in ${seconds.toFixed(1)}s`);
  }, SERVER_RUN_TIMEOUT);
});

/** The sources of compiled tests (lib/test/x.test.js → src/test/x.test.ts). */
function sources(compiled: string[]): string[] {
  return compiled.map((file) => file.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts'));
}
