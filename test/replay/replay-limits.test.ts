/**
 * `wfo replay` measures every history against Temporal's limits, through the real CLI on histories
 * built (test/support/history-builder.ts) to cross each threshold: a payload (2 MB, warned from
 * 512 KB), a workflow task's commands as one gRPC message (4 MB), the history's events (51,200,
 * warned from 10,240) and size (50 MB, warned from 10 MB). Warnings leave the exit code alone; a
 * limit exceeded is exit 1. The thresholds' edges, and the 51,200 events (whose replay alone takes
 * the SDK some 40 s), are checked on the measurement itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, measureLimits } from '../../src/replay/history-limits.js';
import { type DecodedEvent, loadReplaySdk } from '../../src/replay/replay-sdk.js';
import { runWfo } from '../support/cli.js';
import { HistoryBuilder } from '../support/history-builder.js';
import { linkNodeModules, removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const KB = 1024;
const MB = 1024 * KB;

const WORKFLOWS = `import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
const { echo } = proxyActivities<{ echo(text: string): Promise<string> }>({ startToCloseTimeout: '1 minute' });

/** One activity, its input built here (so the workflow's own input stays small). */
export async function sized(bytes: number): Promise<string> {
  return await echo('x'.repeat(bytes));
}

/** Several activities scheduled by one workflow task. */
export async function fanOut(count: number, bytes: number): Promise<string[]> {
  return await Promise.all(Array.from({ length: count }, () => echo('x'.repeat(bytes))));
}

/** Takes notes until it is told to stop, which it never is here. */
export const note = defineSignal<[string]>('note');
export async function inbox(): Promise<void> {
  let notes = 0;
  setHandler(note, () => { notes++; });
  await condition(() => notes < 0);
}
`;

function sized(inputBytes: number, resultBytes = 2): object {
  const h = new HistoryBuilder('sized', [inputBytes]);
  h.workflowTask();
  const echo = h.activityScheduled('echo', ['x'.repeat(inputBytes)]);
  h.activityCompleted(echo, 'x'.repeat(resultBytes));
  h.workflowTask();
  h.workflowCompleted('x'.repeat(resultBytes));
  return h.toJSON();
}

function fanOut(count: number, bytes: number): object {
  const h = new HistoryBuilder('fanOut', [count, bytes]);
  h.workflowTask();
  for (let i = 0; i < count; i++) h.activityScheduled('echo', ['x'.repeat(bytes)]);
  return h.toJSON();
}

/** An inbox with `signals` notes of `bytes` each: 4 events before them, 3 (a workflow task) after. */
function inbox(signals: number, bytes = 0): object {
  const h = new HistoryBuilder('inbox');
  h.workflowTask();
  const text = 'x'.repeat(bytes);
  for (let i = 0; i < signals; i++) h.signaled('note', [text]);
  h.workflowTask();
  return h.toJSON();
}

function project(histories: Record<string, () => object>): string {
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'limits', private: true }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';\nexport const w = Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
    'src/workflows.ts': WORKFLOWS,
  });
  mkdirSync(path.join(dir, 'histories'));
  for (const [name, build] of Object.entries(histories)) writeFileSync(path.join(dir, 'histories', `${name}.json`), JSON.stringify(build()));
  linkNodeModules(dir);
  return dir;
}

interface Outcome {
  file: string;
  ok: boolean;
  limits: { level: string; limit: string; eventId?: number; eventType?: string; field?: string; value: number; max: number; message: string }[];
}

describe('wfo replay: limits', () => {
  let outcomes: Map<string, Outcome>;
  let code: number | null;
  beforeAll(() => {
    const dir = project({
      'payload-warning': () => sized(1.7 * MB),
      'payload-error': () => sized(10, 2.1 * MB),
      'grpc-message': () => fanOut(3, 1.5 * MB),
      'count-warning': () => inbox(10_300),
      'size-warning': () => inbox(12, 1 * MB),
      small: () => sized(10),
    });
    const result = runWfo(['replay', 'histories', '--format', 'json'], { cwd: dir });
    code = result.code;
    outcomes = new Map((JSON.parse(result.stdout) as Outcome[]).map((o) => [path.basename(o.file, '.json'), o]));
  });

  it('every history replays; a limit exceeded makes the exit code 1', () => {
    expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
    expect(code).toBe(1);
    expect(outcomes.get('small')!.limits).toEqual([]);
  });

  it('a payload over 512 KB is a warning naming the event and the field', () => {
    const [finding, ...rest] = outcomes.get('payload-warning')!.limits;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'warning', limit: 'payload', eventId: 5, eventType: 'ActivityTaskScheduled', field: 'input[0]', max: 2 * MB });
    expect(finding!.value).toBeGreaterThan(1.7 * MB);
    expect(finding!.value).toBeLessThan(1.7 * MB + 100);
    expect(finding!.message).toBe('event 5 ActivityTaskScheduled input[0]: 1.7 MB of the 2 MB payload limit');
  });

  it('a payload over 2 MB is an error: the activity result and the workflow result that repeats it', () => {
    const limits = outcomes.get('payload-error')!.limits;
    expect(limits.map((l) => [l.level, l.limit, l.eventId, l.eventType, l.field])).toEqual([
      ['error', 'payload', 7, 'ActivityTaskCompleted', 'result[0]'],
      ['error', 'payload', 11, 'WorkflowExecutionCompleted', 'result[0]'],
    ]);
    expect(limits[0]!.message).toBe('event 7 ActivityTaskCompleted result[0]: 2.1 MB, over the 2 MB payload limit: the server rejects it');
  });

  it("one workflow task's commands over 4 MB exceed the gRPC message limit", () => {
    const limits = outcomes.get('grpc-message')!.limits;
    expect(limits.filter((l) => l.limit === 'payload').map((l) => [l.level, l.eventId])).toEqual([
      ['warning', 5],
      ['warning', 6],
      ['warning', 7],
    ]);
    const grpc = limits.filter((l) => l.limit === 'grpc-message');
    expect(grpc).toHaveLength(1);
    expect(grpc[0]).toMatchObject({ level: 'error', eventId: 4, eventType: 'WorkflowTaskCompleted', max: 4 * MB });
    expect(grpc[0]!.message).toMatch(/^event 4 WorkflowTaskCompleted: its commands \(events 5–7\) are 4\.5 MB, over the 4 MB gRPC message limit: the worker cannot send them$/);
  });

  it('more than 10,240 events is a warning naming the event that crossed it', () => {
    expect(outcomes.get('count-warning')!.limits).toEqual([
      {
        level: 'warning',
        limit: 'history-count',
        eventId: 10_241,
        value: 10_307,
        max: 51_200,
        message: '10,307 events of the 51,200 a history may have (over 10,240 from event 10241); continue-as-new well before',
      },
    ]);
  });

  it('a history over 10 MB is a warning, beside its payloads', () => {
    const limits = outcomes.get('size-warning')!.limits;
    expect(limits.filter((l) => l.limit === 'payload')).toHaveLength(12);
    const size = limits.find((l) => l.limit === 'history-size')!;
    // 4 events, then notes of a little over 1 MB each (the quotes, the encoding): the 10th (event 14) takes the history over 10 MB.
    expect(size).toMatchObject({ level: 'warning', eventId: 14, max: 50 * MB });
    expect(size.message).toMatch(/^history 12\.0 MB of the 50 MB a history may hold \(over 10 MB from event 14\)/);
  });
});

describe('wfo replay: limit warnings in the report', () => {
  let dir: string;
  beforeAll(() => {
    dir = project({ 'payload-warning': () => sized(1.7 * MB) });
  });

  it('stylish: the warning under its history, counted in the summary; exit 0', () => {
    const { code, stdout } = runWfo(['replay', 'histories'], { cwd: dir });
    expect(stdout).toBe(
      [
        '✔ histories/payload-warning.json  sized (payload-warning)',
        '    warning  event 5 ActivityTaskScheduled input[0]: 1.7 MB of the 2 MB payload limit',
        '',
        '1 history replayed: 1 ok, 0 failed; 1 warning near a limit',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  it('github: a warning annotation on the history file', () => {
    const { code, stdout } = runWfo(['replay', 'histories', '--format', 'github'], { cwd: dir });
    expect(stdout).toBe('::warning file=histories/payload-warning.json,title=wfo replay%3A sized (payload-warning) near a Temporal limit::event 5 ActivityTaskScheduled input[0]: 1.7 MB of the 2 MB payload limit\n');
    expect(code).toBe(0);
  });
});

describe('wfo replay: a history over 50 MB', () => {
  it('is an error naming the event that took it over, and exit 1', () => {
    // 27 notes of 1.9 MB: each a payload warning, 51.3 MB together.
    const dir = project({ huge: () => inbox(27, 1.9 * MB) });
    const { code, stdout } = runWfo(['replay', 'histories', '--format', 'json'], { cwd: dir });
    const [outcome] = JSON.parse(stdout) as Outcome[];
    expect(outcome!.ok).toBe(true);
    const size = outcome!.limits.find((l) => l.limit === 'history-size')!;
    expect(size).toMatchObject({ level: 'error', eventId: 31, max: 50 * MB });
    expect(size.message).toMatch(/^history 51\.3 MB, over the 50 MB a history may hold: the server terminates the run \(over 50 MB from event 31\)/);
    expect(outcome!.limits.filter((l) => l.limit === 'payload' && l.level === 'warning')).toHaveLength(27);
    expect(code).toBe(1);
  });
});

describe('the thresholds are exclusive, as the server compares (value > limit)', () => {
  const sdk = loadReplaySdk(path.resolve(import.meta.dirname, '../..'));
  const { historyFromJSON } = createRequire(import.meta.url)('@temporalio/common/lib/proto-utils') as { historyFromJSON(json: unknown): { events: DecodedEvent[] } };
  const events = historyFromJSON(inbox(LIMITS['history-count'].error)).events;
  const countAt = (n: number): string[] => measureLimits(events.slice(0, n), sdk.measure).map((l) => `${l.limit} ${l.level}`);

  it('history count: 10,240 events pass, 10,241 warn, 51,200 warn, 51,201 fail', () => {
    expect(events.length).toBeGreaterThan(LIMITS['history-count'].error);
    expect(countAt(10_240)).toEqual([]);
    expect(countAt(10_241)).toEqual(['history-count warning']);
    expect(countAt(51_200)).toEqual(['history-count warning']);
    expect(countAt(51_201)).toEqual(['history-count error']);
  });

  // Through the CLI too, this costs the SDK some 40 s of replay on a shared machine: the measurement is what differs.
  it('more than 51,200 events is an error naming the event that crossed it', () => {
    const [finding] = measureLimits(events, sdk.measure);
    expect(finding).toEqual({
      level: 'error',
      limit: 'history-count',
      eventId: 51_201,
      value: 51_207,
      max: 51_200,
      message: '51,207 events, over the 51,200 a history may have: the server terminates the run (over 51,200 from event 51201); continue-as-new well before',
    });
  });
});
