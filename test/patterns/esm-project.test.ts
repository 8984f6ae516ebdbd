/**
 * The patterns in the other common project shape: ESM (`"type": "module"`, NodeNext), single-file
 * barrels (`src/workflows.ts`) and tests in a top-level `test/` folder. There relative imports need
 * `.js` and `require` does not exist at run time, so the templates' `importExt` branches are what
 * is proven here: the project compiles, its compiled code loads and passes its tests under Node's
 * ESM loader, the bundler takes the compiled workflows, and wfo lint finds nothing.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { linkNodeModules, removeProjects, writeProject } from '../support/temp-project.js';

const repo = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(repo, 'node_modules/typescript/bin/tsc');
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
  linkNodeModules(dir);
  for (const [pattern, name] of Object.entries(PATTERNS)) {
    const generated = runWfo(['new', pattern, name], { cwd: dir });
    expect(generated.stderr, pattern).toBe('');
    expect(generated.code, pattern).toBe(0);
  }
  expect(runWfo(['new', 'saga', 'order-checkout', '--dry-run'], { cwd: dir }).stdout, 'the files land in the detected layout').toContain('test/order-checkout.workflow.test.ts');
}, 60_000);

function node(args: string[]): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TEMPORAL_TEST_SERVER: '' } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('every pattern, generated into an ESM NodeNext project', () => {
  it('compiles with strict tsc', () => {
    const { code, out } = node([TSC, '-p', '.']);
    expect(out).toBe('');
    expect(code).toBe(0);
  });

  it('runs its compiled tests under the ESM loader: activity tests pass, server tests skip saying why', () => {
    const { code, out } = node(['--test', 'lib/test/']);
    expect(out).toMatch(/# fail 0/);
    expect(out).toMatch(/# pass 11\n/);
    expect(out).toMatch(/# skipped 7\n/);
    expect(out).toContain('# SKIP set TEMPORAL_TEST_SERVER=1');
    expect(code).toBe(0);
  });

  it("bundles the compiled workflows with Temporal's bundleWorkflowCode", () => {
    writeFileSync(
      path.join(dir, 'bundle.mjs'),
      `import { bundleWorkflowCode } from '@temporalio/worker';
const logger = { trace() {}, debug() {}, info() {}, warn() {}, error(m) { console.error(m); }, log() {} };
const { code } = await bundleWorkflowCode({ workflowsPath: new URL('./lib/src/workflows.js', import.meta.url).pathname, logger });
console.log('bundled ' + code.length);
`,
    );
    const { code, out } = node(['bundle.mjs']);
    expect(out).toMatch(/^bundled \d+\n$/);
    expect(code).toBe(0);
  });

  it('is clean under wfo lint, with every rule on (strict)', () => {
    const { code, stdout } = runWfo(['lint', 'src', 'test', '-f', 'json'], { cwd: dir });
    const messages = (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(messages).toEqual([]);
    expect(code).toBe(0);
  });
});
