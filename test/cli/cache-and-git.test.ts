import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const TRACE = `--require ${path.resolve(import.meta.dirname, '../support/trace-typescript-load.cjs')}`;
const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`;

function findings(stdout: string, dir: string): string[] {
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]).flatMap((r) =>
    r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`),
  );
}

describe('--cache', () => {
  it('a warm run on an unchanged project parses nothing, loads no rule and gives the same report', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import { home } from './util';\nexport const wf = async () => home();\n`,
      'src/util.ts': `export const home = () => process.env.HOME;\n`,
    });
    const cold = runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir, env: { NODE_OPTIONS: TRACE } });
    expect(cold.stderr).toContain('typescript loaded');
    expect(cold.stderr).toContain('wfo rules loaded');
    expect(existsSync(path.join(dir, '.wfo-cache'))).toBe(true);
    const warm = runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir, env: { NODE_OPTIONS: TRACE } });
    expect(warm.stderr).not.toContain('typescript loaded');
    expect(warm.stderr).not.toContain('wfo rules loaded');
    expect(warm.code).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('a changed file invalidates the findings of the files whose context it changes', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import { home } from './util';\nexport const wf = async () => home();\n`,
      'src/util.ts': `export const home = () => process.env.HOME;\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/util.ts:1 no-host-globals']);
    // util.ts itself is untouched, but it is no longer workflow code.
    writeFileSync(path.join(dir, 'src/workflows.ts'), `export const wf = async () => 1;\n`);
    const after = runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir });
    expect(after.code).toBe(0);
    expect(findings(after.stdout, dir)).toEqual([]);
    writeFileSync(path.join(dir, 'src/workflows.ts'), `import { home } from './util';\nexport const wf = async () => home() + Buffer.from('');\n`);
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/util.ts:1 no-host-globals', 'src/workflows.ts:2 no-host-globals']);
  });

  it('which functions of a bundled module run is part of its cached findings', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import { greet, label } from './helper';\nexport const wf = async () => greet() + label();\n`,
      'src/helper.ts': `import { home } from './util';\nexport const greet = () => home();\nexport const label = () => 'x';\n`,
      'src/util.ts': `export const home = () => process.env.HOME;\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/util.ts:1 no-host-globals']);
    // util.ts and the helper that imports it are untouched and still bundled, but home() no longer runs in the sandbox.
    writeFileSync(path.join(dir, 'src/workflows.ts'), `import { label } from './helper';\nexport const wf = async () => label();\n`);
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual([]);
  });

  it('an activity implementation behind an export * barrel is part of the workflow file\'s cached findings', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });\n`,
      'src/workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`,
      'src/activities.ts': `export * from './media';\n`,
      'src/media.ts': `export async function transcode(file: string): Promise<void> { await fetch(file, { method: 'PUT' }); }\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/workflows.ts:4 heartbeat-timeout-without-heartbeat']);
    writeFileSync(path.join(dir, 'src/media.ts'), `import { heartbeat } from '@temporalio/activity';\nexport async function transcode(file: string): Promise<void> { heartbeat(); await fetch(file, { method: 'PUT' }); }\n`);
    const after = runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir });
    expect(findings(after.stdout, dir)).toEqual([]);
    expect(after.code).toBe(0);
  });

  it('the implementation behind an activity stub imported from another module is part of the workflow file\'s cached findings', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });\n`,
      'src/workflows.ts': `import { transcode } from './stubs';\nexport async function wf(): Promise<void> { await transcode('a'); }\n`,
      'src/stubs.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nexport const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\n`,
      'src/activities.ts': `export async function transcode(file: string): Promise<void> { await fetch(file, { method: 'PUT' }); }\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/workflows.ts:2 heartbeat-timeout-without-heartbeat']);
    writeFileSync(path.join(dir, 'src/activities.ts'), `import { heartbeat } from '@temporalio/activity';\nexport async function transcode(file: string): Promise<void> { heartbeat(); await fetch(file, { method: 'PUT' }); }\n`);
    const after = runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir });
    expect(findings(after.stdout, dir)).toEqual([]);
    expect(after.code).toBe(0);
  });

  it("the retry options of an activity's callers are part of the activity file's cached findings", () => {
    const workflow = (retry: string): string => `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { refund } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m'${retry} });\nexport async function wf(): Promise<void> { await refund(0); }\n`;
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });\n`,
      'src/workflows.ts': workflow(''),
      'src/activities.ts': `export async function refund(cents: number): Promise<number> {\n  if (cents <= 0) throw new Error('bad amount');\n  return cents;\n}\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/activities.ts:2 validation-error-retried-forever']);
    writeFileSync(path.join(dir, 'src/workflows.ts'), workflow(', retry: { maximumAttempts: 1 }'));
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual([]);
  });

  it("a payload converter registered in the worker is part of the workflow file's cached findings", () => {
    const worker = (options: string): string => `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows')${options} });\n`;
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker(''),
      'src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nexport async function wf(at: Date): Promise<void> { await sleep(at.getTime()); }\n`,
    });
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/workflows.ts:2 values-the-json-converter-changes']);
    writeFileSync(path.join(dir, 'src/worker.ts'), worker(`, dataConverter: { payloadConverterPath: require.resolve('./converter') }`));
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual([]);
  });

  it("the module a states map is imported into, and the driver it is handed to there, are part of the states file's cached findings", () => {
    const workflows = (driver: string): string => `import { run } from './${driver}';\nimport { STATES } from './states';\nexport async function wf(): Promise<number> {\n  return run({ states: STATES }, 0);\n}\n`;
    const driver = (after: string): string => `import { condition } from '@temporalio/workflow';\nexport async function run(config: { states: Record<string, { fn: (n: number) => Promise<number> }> }, n: number): Promise<number> {\n  while (true) {\n    await condition(() => n > 0, '1 hour');\n    n = await config.states[String(n)]!.fn(n);\n${after}  }\n}\n`;
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': workflows('loop'),
      'src/loop.ts': driver(''),
      'src/stops.ts': driver('    if (n > 9) return n;\n'),
      'src/states.ts': `import { log, proxyActivities } from '@temporalio/workflow';\nconst { charge } = proxyActivities({ startToCloseTimeout: '1m' });\nasync function pay(n: number): Promise<number> {\n  try {\n    await charge(n);\n  } catch {\n    log.warn('declined');\n  }\n  return n;\n}\nexport const STATES = { pay: { fn: pay } };\n`,
    });
    const swallowed = (): string[] => findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir).filter((f) => f.endsWith('cancellation-swallowed'));
    expect(swallowed()).toEqual([]);
    // states.ts imports neither: the workflow now hands its map to a driver that may return after a state.
    writeFileSync(path.join(dir, 'src/workflows.ts'), workflows('stops'));
    expect(swallowed()).toEqual(['src/states.ts:6 cancellation-swallowed']);
    writeFileSync(path.join(dir, 'src/workflows.ts'), workflows('loop'));
    expect(swallowed()).toEqual([]);
    writeFileSync(path.join(dir, 'src/loop.ts'), driver('    if (n > 9) return n + 1;\n'));
    expect(swallowed()).toEqual(['src/states.ts:6 cancellation-swallowed']);
  });

  it('files added, and .gitignore changes, are seen by a warm run', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/worker.ts': worker, 'src/workflows.ts': 'export const wf = async () => 1;\n' });
    expect(runWfo(['lint', '--cache'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'src/late.ts'), `import { sleep } from '@temporalio/workflow';\nexport async function late() { await sleep(1); return process.pid; }\n`);
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/late.ts:2 no-host-globals']);
    writeFileSync(path.join(dir, '.gitignore'), 'src/late.ts\n');
    expect(runWfo(['lint', '--cache'], { cwd: dir }).code).toBe(0);
  });

  it('a tsconfig edit that changes where an import resolves is seen by a warm run, though no source changed', () => {
    const tsconfig = (target: string) => JSON.stringify({ compilerOptions: { strict: true, paths: { '@util/*': [`./src/${target}/*`] } } });
    const dir = writeProject({
      // tsc-alias rewrites the alias in the build the worker bundles, so the alias itself is fine (no-tsconfig-paths).
      'package.json': '{"name":"app","scripts":{"build":"tsc && tsc-alias"}}',
      'tsconfig.json': tsconfig('safe'),
      'src/worker.ts': worker,
      'src/workflows.ts': `import { label } from '@util/label';\nexport const wf = async () => label();\n`,
      'src/safe/label.ts': `export const label = () => 'ok';\n`,
      'src/unsafe/label.ts': `export const label = () => process.env.LABEL;\n`,
    });
    expect(runWfo(['lint', '--cache'], { cwd: dir }).code).toBe(0);
    expect(runWfo(['lint', '--cache'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig('unsafe'));
    expect(findings(runWfo(['lint', '--cache', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/unsafe/label.ts:1 no-host-globals']);
  });

  it('a configuration edit, a baseline and --report-unused-disable-directives are seen by a warm run', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `export const wf = async () => process.env.HOME;\n// wfo-disable-next-line no-host-globals -- nothing to suppress here\nexport const two = 2;\n`,
    });
    const lint = (...args: string[]) => findings(runWfo(['lint', '--cache', '-f', 'json', ...args], { cwd: dir }).stdout, dir);
    expect(lint()).toEqual(['src/workflows.ts:1 no-host-globals']);
    expect(lint('--report-unused-disable-directives')).toEqual(['src/workflows.ts:1 no-host-globals', 'src/workflows.ts:2 null']);
    writeFileSync(path.join(dir, 'wfo.config.json'), JSON.stringify({ rules: { 'no-host-globals': 'off' } }));
    expect(lint()).toEqual([]);
    writeFileSync(path.join(dir, 'wfo.config.json'), JSON.stringify({ rules: {} }));
    expect(lint()).toEqual(['src/workflows.ts:1 no-host-globals']);
    expect(runWfo(['lint', '--cache', '--suppress-all'], { cwd: dir }).code).toBe(0);
    expect(lint()).toEqual([]);
  });

  it('--cache-location takes a folder or a file', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/a.ts': 'export const a = 1;\n', 'tmp/.keep': '' });
    runWfo(['lint', '--cache-location', 'tmp/'], { cwd: dir });
    expect(existsSync(path.join(dir, 'tmp/.wfo-cache'))).toBe(true);
    runWfo(['lint', '--cache', '--cache-location', 'tmp/lint-cache.json'], { cwd: dir });
    expect(existsSync(path.join(dir, 'tmp/lint-cache.json'))).toBe(true);
  });

  it('a corrupt cache is ignored and rewritten', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/worker.ts': worker, 'src/workflows.ts': 'export const wf = () => fetch("x");\n', '.wfo-cache': '{not json' });
    expect(runWfo(['lint', '--cache'], { cwd: dir }).code).toBe(1);
  });
});

describe('--staged and --changed', () => {
  function repo(): string {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import { clock } from './helpers/clock';\nexport const wf = async () => clock() + String(process.env.X);\n`,
      'src/helpers/clock.ts': `export const clock = () => 1;\n`,
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'root');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'initial');
    return dir;
  }

  it('--staged reports only staged files, with context from the whole project', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'src/helpers/clock.ts'), `export const clock = () => performance.now();\n`);
    const unstaged = runWfo(['lint', '--staged', '-f', 'json'], { cwd: dir });
    expect(unstaged.code).toBe(0);
    expect(findings(unstaged.stdout, dir)).toEqual([]);
    execFileSync('git', ['add', 'src/helpers/clock.ts'], { cwd: dir });
    const staged = runWfo(['lint', '--staged', '-f', 'json'], { cwd: dir });
    expect(staged.code).toBe(1);
    // The helper is workflow code only because src/workflows.ts imports it; workflows.ts itself is not reported.
    expect(findings(staged.stdout, dir)).toEqual(['src/helpers/clock.ts:1 no-host-globals']);
  });

  it('--changed [base] reports files changed since a ref, untracked ones included', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'src/helpers/new.ts'), `export const n = 1;\n`);
    writeFileSync(path.join(dir, 'src/workflows.ts'), `import { n } from './helpers/new';\nexport const wf = async () => n + String(process.env.X);\n`);
    expect(findings(runWfo(['lint', '--changed', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/workflows.ts:2 no-host-globals']);
    expect(findings(runWfo(['lint', '--changed', 'HEAD~1', '-f', 'json'], { cwd: dir }).stdout, dir)).toEqual(['src/workflows.ts:2 no-host-globals']);
  });

  it('outside a git repository it is a usage error that names the option, in one line', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/a.ts': 'export const a = 1;\n' });
    for (const option of ['--staged', '--changed']) {
      const { code, stdout, stderr } = runWfo(['lint', option], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
      expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `wfo: ${option}: '${dir}' is not in a git repository\n` });
    }
  });

  it('--changed with a ref git does not know is a usage error in one line', () => {
    const { code, stdout, stderr } = runWfo(['lint', '--changed', 'nope'], { cwd: repo() });
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: "wfo: --changed: 'nope' is not a revision git knows\n" });
  });
});

describe('--stdin', () => {
  it('lints the text given on standard input as the named file, in its project context', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/worker.ts': worker, 'src/workflows.ts': 'export const wf = async () => 1;\n' });
    const { code, stdout } = runWfo(['lint', '--stdin', '--stdin-filename', 'src/workflows.ts', '-f', 'json'], { cwd: dir, input: 'export const wf = async () => fetch("x");\n' });
    expect(code).toBe(1);
    expect(findings(stdout, dir)).toEqual(['src/workflows.ts:1 no-host-globals']);
  });

  it('--stdin without --stdin-filename is a usage error', () => {
    expect(runWfo(['lint', '--stdin'], { input: 'x' }).code).toBe(2);
  });
});
