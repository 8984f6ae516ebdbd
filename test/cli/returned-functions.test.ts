/**
 * Value flow one step past call edges, from sdk-typescript's own test helpers (the last false errors
 * of the corpus): a function handed to a project function that reads its parameters only inside
 * test registrars' callbacks is never called in the sandbox (the bundled test module gets a no-op
 * `test` there), and neither is the function a factory returns when the factory's result goes only
 * to such a callee. The factory itself still runs; what it returns runs once anything calls it.
 */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const WORKER = `import { Worker } from '@temporalio/worker';
export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });
  await worker.run();
}
`;

const REGISTRAR = `export const test = Object.assign((_name: string, _fn: () => unknown) => undefined, { before: (_fn: () => unknown) => undefined });\n`;

function helpers(environmentTest: string, makeTest: string): string {
  return `import { test } from './registrar';

export function makeEnvironmentTest(opts: { createContext: () => Promise<unknown> }) {
${environmentTest}
  return test;
}

export function makeDefaultContext(address: string): () => Promise<unknown> {
  return async () => ({ address: process.env.TEMPORAL_ADDRESS ?? address });
}

export function makeTest(address: string) {
${makeTest}
}

export function makeInlineTest() {
  return makeEnvironmentTest({ createContext: async () => process.env.TEMPORAL_NAMESPACE });
}
`;
}

const WORKFLOWS = `import { sleep } from '@temporalio/workflow';
import { makeInlineTest, makeTest } from './helpers';

const test = makeTest('localhost:7233');
const inline = makeInlineTest();

export async function waitAMoment(): Promise<void> {
  await sleep('1 second');
}

test('waits', async () => undefined);
inline('waits too', async () => undefined);
`;

function lint(files: Record<string, string>): string[] {
  const dir = writeProject({ 'package.json': '{ "name": "p" }', 'src/worker.ts': WORKER, 'src/registrar.ts': REGISTRAR, 'src/workflows.ts': WORKFLOWS, ...files });
  const { stdout, stderr } = runWfo(['lint', '-f', 'json'], { cwd: dir });
  expect(stderr).toBe('');
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[];
  // The call chain, when there is one, ends the message: `…: makeTest() → makeDefaultContext())`.
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}${/\.ts: ([^:]*)\)$/.exec(m.message)?.[1]?.replace(/^/, ' ') ?? ''}`));
}

const BEFORE_ONLY = `  test.before(async () => {
    await opts.createContext();
  });`;

it('reports nothing where the handed functions run only in test registrars, directly or as what a factory returns', () => {
  expect(lint({ 'src/helpers.ts': helpers(BEFORE_ONLY, `  return makeEnvironmentTest({ createContext: makeDefaultContext(address) });`) })).toEqual([]);
});

it('is not blind: a callee that calls what it is handed runs both', () => {
  const found = lint({ 'src/helpers.ts': helpers(`  void opts.createContext();`, `  return makeEnvironmentTest({ createContext: makeDefaultContext(address) });`) });
  expect(found).toEqual([
    'src/helpers.ts:9 no-host-globals makeTest() → makeDefaultContext()',
    'src/helpers.ts:17 no-host-globals',
  ]);
});

it('is not blind: what a factory returns runs when the caller calls it', () => {
  const found = lint({ 'src/helpers.ts': helpers(BEFORE_ONLY, `  void makeDefaultContext(address)();\n  return makeEnvironmentTest({ createContext: async () => undefined });`) });
  expect(found).toEqual(['src/helpers.ts:11 no-host-globals makeTest() → makeDefaultContext()']);
});
