/**
 * `wfo replay` through the real CLI, offline: histories made with the history builder, replayed by
 * the SDK installed in the project (Worker.runReplayHistories) against the original workflow and
 * against changed versions of it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { HistoryBuilder } from '../support/history-builder.js';
import { linkNodeModules, removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

it('the SDK install has one protobufjs 8 (two copies make history decoding fail with "type must be a Type")', () => {
  const repo = path.resolve(import.meta.dirname, '../..');
  const copies = ['node_modules/protobufjs', 'node_modules/@temporalio/proto/node_modules/protobufjs', 'node_modules/@temporalio/common/node_modules/protobufjs', 'node_modules/@temporalio/worker/node_modules/protobufjs']
    .filter((dir) => existsSync(path.join(repo, dir, 'package.json')))
    .filter((dir) => (JSON.parse(readFileSync(path.join(repo, dir, 'package.json'), 'utf8')) as { version: string }).version.startsWith('8.'));
  expect(copies).toEqual(['node_modules/protobufjs']);
});

const ACTIVITIES = `export async function charge(id: string): Promise<string> { return 'r-' + id; }\nexport async function reserve(id: string): Promise<void> { void id; }\n`;
const HEAD = `import { executeChild, patched, proxyActivities, sleep } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { charge, reserve } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function chargeWorkflow(id: string): Promise<string> { return 'r-' + id; }\n`;

const VERSIONS: Record<string, string> = {
  original: `export async function order(id: string): Promise<string> {\n  const receipt = await charge(id);\n  await sleep('1 second');\n  return receipt;\n}\n`,
  'step added': `export async function order(id: string): Promise<string> {\n  await reserve(id);\n  const receipt = await charge(id);\n  await sleep('1 second');\n  return receipt;\n}\n`,
  'timer inserted': `export async function order(id: string): Promise<string> {\n  await sleep('1 minute');\n  const receipt = await charge(id);\n  await sleep('1 second');\n  return receipt;\n}\n`,
  'activity replaced by a child workflow': `export async function order(id: string): Promise<string> {\n  const receipt = await executeChild(chargeWorkflow, { args: [id] });\n  await sleep('1 second');\n  return receipt;\n}\n`,
  'workflow renamed': `export async function placeOrder(id: string): Promise<string> {\n  const receipt = await charge(id);\n  await sleep('1 second');\n  return receipt;\n}\n`,
  'step added behind patched()': `export async function order(id: string): Promise<string> {\n  if (patched('reserve-before-charge')) await reserve(id);\n  const receipt = await charge(id);\n  await sleep('1 second');\n  return receipt;\n}\n`,
};

/** What the original code recorded for order('o-1'). */
function recorded(): object {
  const h = new HistoryBuilder('order', ['o-1']);
  h.workflowTask();
  const charge = h.activityScheduled('charge', ['o-1']);
  h.activityCompleted(charge, 'r-o-1');
  h.workflowTask();
  h.timerFired(h.timerStarted('1s'));
  h.workflowTask();
  h.workflowCompleted('r-o-1');
  return h.toJSON();
}

function project(version: string): string {
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'replayed', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'es2022', esModuleInterop: true } }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nexport const w = Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });\n`,
    'src/activities.ts': ACTIVITIES,
    'src/workflows.ts': HEAD + VERSIONS[version],
    'histories/order-o-1.json': JSON.stringify(recorded(), null, 2),
  });
  linkNodeModules(dir);
  return dir;
}

describe('wfo replay', () => {
  it('passes against the code that recorded the history (workflowsPath found from the worker)', () => {
    const { code, stdout, stderr } = runWfo(['replay', 'histories'], { cwd: project('original') });
    expect(stderr).toBe('');
    expect(stdout).toContain('✔ histories/order-o-1.json  order (order-o-1)');
    expect(stdout).toContain('1 history replayed: 1 ok, 0 failed');
    expect(code).toBe(0);
  });

  for (const version of ['step added', 'timer inserted', 'activity replaced by a child workflow']) {
    it(`fails with the event id when a ${version.replace('activity', 'an activity')}`, () => {
      const { code, stdout } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: project(version) });
      expect(code).toBe(1);
      const [outcome] = JSON.parse(stdout) as { file: string; workflowType: string; ok: boolean; eventId?: number; message: string; hint?: string }[];
      expect(outcome).toMatchObject({ file: 'histories/order-o-1.json', workflowType: 'order', ok: false, eventId: 5 });
      expect(outcome!.message).toMatch(/[Nn]ondetermin/);
      expect(outcome!.hint).toContain('patched(');
    });
  }

  it('replays histories that share a workflow id, each under its own id', () => {
    const dir = project('original');
    writeFileSync(path.join(dir, 'histories/order-o-1-retry.json'), JSON.stringify({ ...recorded(), workflowId: 'order-o-1' }));
    const { code, stdout } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: dir });
    const outcomes = JSON.parse(stdout) as { file: string; workflowId: string; ok: boolean }[];
    expect(outcomes.map((o) => [o.file, o.workflowId, o.ok])).toEqual([
      ['histories/order-o-1-retry.json', 'order-o-1', true],
      ['histories/order-o-1.json', 'order-o-1', true],
    ]);
    expect(code).toBe(0);
  });

  it('replays a binary (protobuf) history as it replays JSON, and finds the same divergence', () => {
    // Encoded with the SDK's own proto classes, as `temporal workflow show --output proto` writes it.
    const sdk = createRequire(import.meta.url);
    const { historyFromJSON } = sdk('@temporalio/common/lib/proto-utils') as { historyFromJSON(json: unknown): unknown };
    const { temporal } = sdk('@temporalio/proto') as { temporal: { api: { history: { v1: { History: { encode(h: unknown): { finish(): Uint8Array } } } } } } };
    const binary = temporal.api.history.v1.History.encode(historyFromJSON(recorded())).finish();
    for (const [version, ok] of [['original', true], ['timer inserted', false]] as const) {
      const dir = project(version);
      rmSync(path.join(dir, 'histories/order-o-1.json'));
      writeFileSync(path.join(dir, 'histories/order-o-1.binpb'), binary);
      const { code, stdout } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: dir });
      const [outcome] = JSON.parse(stdout) as { file: string; workflowType: string; ok: boolean; eventId?: number }[];
      expect(outcome).toMatchObject({ file: 'histories/order-o-1.binpb', workflowType: 'order', ok, ...(ok ? {} : { eventId: 5 }) });
      expect(code).toBe(ok ? 0 : 1);
    }
  });

  it('--format github annotates the history file', () => {
    const { code, stdout } = runWfo(['replay', 'histories', '--format', 'github'], { cwd: project('timer inserted') });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=histories\/order-o-1\.json,title=wfo replay%3A order \(order-o-1\) nondeterministic at event 5::\[TMPRL1100\] Nondeterminism error: .*%0Ahint: if the change is meant for new executions only, guard it with patched/);
  });

  it('a workflow no longer exported fails with a hint to export it', () => {
    const { code, stdout } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: project('workflow renamed') });
    expect(code).toBe(1);
    const [outcome] = JSON.parse(stdout) as { ok: boolean; message: string; hint?: string }[];
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome!.message).toContain('no such function is exported by the workflow bundle');
    expect(outcome!.hint).toBe('export order from src/workflows.ts, or pass the --workflows module that exports it');
  });

  it('passes again when the change is guarded with patched()', () => {
    const { code, stdout } = runWfo(['replay', 'histories/order-o-1.json', '--workflows', 'src/workflows.ts'], { cwd: project('step added behind patched()') });
    expect(stdout).toContain('1 history replayed: 1 ok, 0 failed');
    expect(code).toBe(0);
  });
});

describe('wfo replay: bad input is exit 2 with a clear message', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('original');
    writeFileSync(path.join(dir, 'broken.json'), '{"events": [');
    writeFileSync(path.join(dir, 'package-like.json'), '{"name": "not a history"}');
    mkdirSync(path.join(dir, 'empty'));
  });
  const cases: [string, string[], RegExp][] = [
    ['malformed JSON', ['broken.json'], /^wfo: broken\.json is not valid JSON/],
    ['JSON that is not a history', ['package-like.json'], /^wfo: package-like\.json is not a workflow history/],
    ['an empty folder', ['empty'], /^wfo: no history files \(\.json, \.binpb, \.pb\) in empty/],
    ['a path that does not exist', ['missing/'], /^wfo: no such file or folder: missing\//],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const { code, stdout, stderr } = runWfo(['replay', ...args], { cwd: dir });
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toMatch(message);
      expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    });
  }

  it('a project without @temporalio/worker', () => {
    const bare = writeProject({ 'package.json': '{"name":"bare"}', 'src/workflows.ts': HEAD + VERSIONS.original, 'h.json': JSON.stringify(recorded()) });
    const { code, stderr } = runWfo(['replay', 'h.json', '--workflows', 'src/workflows.ts'], { cwd: bare });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^wfo: @temporalio\/worker is not installed in .*; run `npm i -D @temporalio\/worker`/);
  });
});
