/**
 * The patterns in the other common project shape: ESM (`"type": "module"`, NodeNext), single-file
 * barrels (`src/workflows.ts`) and tests in a top-level `test/` folder. There relative imports need
 * `.js` and `require` does not exist at run time, so the templates' `importExt` branches are what
 * is proven here: the project compiles, its compiled code loads and passes its tests under Node's
 * ESM loader (the workflow tests on Temporal's real servers), the bundler takes the compiled
 * workflows, and wfo lint finds nothing. Its node_modules is the suite's one install of what
 * `wfo init` writes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { linkInstall, readPackageJson, sharedInstall } from '../support/generated-install.js';
import { SERVER_RUN_TIMEOUT, TSC, declaredTests, lintMessages, node, testCounts, testFiles } from '../support/generated-project.js';
import { requireServers, serverEnv } from '../support/temporal-servers.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

const PATTERNS: Record<string, string> = { saga: 'order-checkout', entity: 'shopping-cart', 'fan-out': 'image-resize', 'async-callback': 'video-transcode', 'human-approval': 'expense-approval' };

let dir: string;
afterAll(removeProjects);

beforeAll(() => {
  dir = writeProject({
    'package.json': JSON.stringify({ name: 'esm-shop', private: true, type: 'module' }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, types: ['node'], skipLibCheck: true, rootDir: '.', outDir: 'lib' },
      include: ['src', 'test'],
    }),
    'wfo.config.json': JSON.stringify({ preset: 'strict' }),
    'src/worker.ts': `import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import * as activities from './activities.js';

export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'esm-shop', workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)), activities });
  await worker.run();
}
`,
    'src/workflows.ts': '// The workflows the worker runs.\n',
    'src/activities.ts': '// The activities the worker runs.\n',
    'test/.keep': '',
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
  expect(runWfo(['new', 'saga', 'order-checkout', '--dry-run'], { cwd: dir }).stdout, 'the files land in the detected layout').toContain('test/order-checkout.workflow.test.ts');
}, 300_000);

describe('every pattern, generated into an ESM NodeNext project', () => {
  it('compiles with strict tsc', () => {
    const { code, out } = node([TSC, '-p', '.'], dir);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it('passes its compiled activity tests under the ESM loader', () => {
    const files = testFiles(dir, 'lib/test', '.activities.test.js');
    expect(files).toHaveLength(Object.keys(PATTERNS).length);
    const { code, out } = node(['--test', ...files], dir);
    const declared = declaredTests(dir, sources(files));
    expect(testCounts(out)).toEqual({ tests: declared, pass: declared, fail: 0, skipped: 0 });
    expect(code).toBe(0);
  });

  it("passes its compiled workflow tests under the ESM loader, on Temporal's real servers", (context) => {
    const servers = requireServers(context);
    const files = testFiles(dir, 'lib/test', '.workflow.test.js');
    expect(files).toHaveLength(Object.keys(PATTERNS).length);
    const { code, out, seconds } = node(['--test', ...files], dir, serverEnv(servers));
    const declared = declaredTests(dir, sources(files));
    expect(testCounts(out), out).toEqual({ tests: declared, pass: declared, fail: 0, skipped: 0 });
    expect(code).toBe(0);
    console.log(`ESM NodeNext project: ${declared} workflow tests passed on the real servers in ${seconds.toFixed(1)}s`);
  }, SERVER_RUN_TIMEOUT);

  it("bundles the compiled workflows with Temporal's bundleWorkflowCode", () => {
    writeFileSync(
      path.join(dir, 'bundle.mjs'),
      `import { bundleWorkflowCode } from '@temporalio/worker';
const logger = { trace() {}, debug() {}, info() {}, warn() {}, error(m) { console.error(m); }, log() {} };
const { code } = await bundleWorkflowCode({ workflowsPath: new URL('./lib/src/workflows.js', import.meta.url).pathname, logger });
console.log('bundled ' + code.length);
`,
    );
    const { code, out } = node(['bundle.mjs'], dir);
    expect(out).toMatch(/^bundled \d+\n$/);
    expect(code).toBe(0);
  });

  it('is clean under wfo lint, with every rule on (strict)', () => {
    const { code, stdout } = runWfo(['lint', 'src', 'test', '-f', 'json'], { cwd: dir });
    expect(lintMessages(stdout, dir)).toEqual([]);
    expect(code).toBe(0);
  });
});

/** The sources of compiled tests (lib/test/x.test.js → test/x.test.ts). */
function sources(compiled: string[]): string[] {
  return compiled.map((file) => file.replace(/^lib\//, '').replace(/\.js$/, '.ts'));
}
