/**
 * `wfo build-id` through the real CLI, on small projects on disk: the id stays when only what the
 * workflow bundle does not hold changes (formatting, comments, types, activities, tests, the worker
 * and client), and changes with the bundled code, its package versions and its ignoreModules.
 * Installed packages are package.json files written into the project's node_modules (no install),
 * except in the one test that links wfo's own, real SDK.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { linkNodeModules, removeProjects, writeFiles, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const manifest = (name: string, version: string, dependencies?: Record<string, string>): string => JSON.stringify({ name, version, ...(dependencies ? { dependencies } : {}) });

/** What `npm install` would have left of the packages: their package.json files. */
const INSTALLED: Record<string, string> = {
  'node_modules/@temporalio/workflow/package.json': manifest('@temporalio/workflow', '1.24.0', { '@temporalio/common': '1.24.0' }),
  'node_modules/@temporalio/common/package.json': manifest('@temporalio/common', '1.24.0', { '@types/node': '*' }),
  'node_modules/@temporalio/worker/package.json': manifest('@temporalio/worker', '1.24.0', { webpack: '^5.0.0' }),
  'node_modules/@temporalio/activity/package.json': manifest('@temporalio/activity', '1.24.0'),
  'node_modules/@temporalio/client/package.json': manifest('@temporalio/client', '1.24.0'),
  'node_modules/webpack/package.json': manifest('webpack', '5.100.0'),
  'node_modules/ms/package.json': manifest('ms', '2.1.3'),
  'node_modules/nanoid/package.json': manifest('nanoid', '5.0.0'),
};

const WORKFLOWS = `import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';
import { formatOrder } from './lib/format';

export * from './workflows/refund';

const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function order(id: string): Promise<string> {
  await sleep('1 second');
  return await charge(formatOrder(id));
}
`;

const SOURCES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'orders', private: true }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
  'src/worker.ts': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'orders', workflowsPath: require.resolve('./workflows'), activities });
  await worker.run();
}
`,
  'src/client.ts': `import { Client } from '@temporalio/client';

export async function start(client: Client): Promise<void> {
  await client.workflow.start('order', { taskQueue: 'orders', workflowId: 'order-1', args: ['1'] });
}
`,
  'src/workflows.ts': WORKFLOWS,
  'src/workflows/refund.ts': `import { sleep } from '@temporalio/workflow';

export async function refund(id: string): Promise<void> {
  await sleep('5 seconds');
}
`,
  'src/lib/format.ts': `import ms from 'ms';

export function formatOrder(id: string): string {
  return \`order-\${id}-\${ms('1d')}\`;
}
`,
  'src/activities.ts': `import { nanoid } from 'nanoid';

export async function charge(ref: string): Promise<string> {
  return \`\${ref}-\${nanoid()}\`;
}
`,
  'src/workflows.test.ts': `import { order } from './workflows';

export const cases = [order.name];
`,
};

const BUNDLED = ['src/lib/format.ts', 'src/workflows.ts', 'src/workflows/refund.ts'];

function project(files: Record<string, string> = {}): string {
  return writeProject({ ...SOURCES, ...INSTALLED, ...files });
}

/** The id printed for `dir`, after checking it is the only output. */
function buildId(dir: string, args: string[] = []): string {
  const result = runWfo(['build-id', ...args], { cwd: dir });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^wfo-[0-9a-f]{16}\n$/);
  return result.stdout.trimEnd();
}

/** The id of a copy of the project with `files` changed. */
function idWith(files: Record<string, string>): string {
  const dir = project();
  writeFiles(dir, files);
  return buildId(dir);
}

function edit(file: string, from: string, to: string): Record<string, string> {
  const text = SOURCES[file] ?? INSTALLED[file]!;
  expect(text, `${file} holds ${from}`).toContain(from);
  return { [file]: text.replace(from, to) };
}

describe('wfo build-id', () => {
  let original = '';
  beforeAll(() => {
    original = buildId(project());
  });

  it('prints the same id for the same project, wherever it is and whichever folder of it is named', () => {
    const dir = project();
    expect(buildId(dir)).toBe(original);
    expect(buildId(path.join(dir, 'src'))).toBe(original);
    expect(buildId(dir, ['src/lib'])).toBe(original);
  });

  it('keeps the id through whitespace, comments, JSDoc and formatting', () => {
    const reformatted = `// Orders.
import {
  proxyActivities,
  sleep,
} from "@temporalio/workflow"
import type * as activities from "./activities"
import { formatOrder } from "./lib/format"

export * from "./workflows/refund"

/* the activities, with their timeouts */
const { charge } = proxyActivities<typeof activities>({
  startToCloseTimeout: "1 minute",
})

/**
 * Charges an order.
 * @param id the order
 */
export async function order(id: string): Promise<string> {
    await sleep("1 second") // wait a little
    return await charge(
      formatOrder(id),
    )
}
`;
    expect(idWith({ 'src/workflows.ts': reformatted })).toBe(original);
  });

  it('keeps the id through changes to types only, which the bundler strips', () => {
    const typed = `import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type * as activities from './activities';
import { formatOrder } from './lib/format';

export * from './workflows/refund';
export type { Duration };

export interface OrderInput { id: string; note?: string }
type Id = OrderInput['id'];

const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' as Duration });

export async function order(id: Id): Promise<string> {
  await sleep('1 second' satisfies Duration);
  return await charge(formatOrder(id as string)!);
}
`;
    expect(idWith({ 'src/workflows.ts': typed })).toBe(original);
  });

  it('changes with the workflow code', () => {
    expect(idWith(edit('src/workflows.ts', "sleep('1 second')", "sleep('2 seconds')"))).not.toBe(original);
    expect(idWith(edit('src/workflows.ts', "await sleep('1 second');\n", ''))).not.toBe(original);
  });

  it('changes with a helper the workflow imports, even in a template literal\'s spaces', () => {
    expect(idWith(edit('src/lib/format.ts', "ms('1d')", "ms('2d')"))).not.toBe(original);
    expect(idWith(edit('src/lib/format.ts', '`order-${id}', '`order - ${id}'))).not.toBe(original);
  });

  it('tells apart code that differs only by a semicolon that changes the parse', () => {
    // Without the semicolon, ASI does not end the statement: `const s = id(String)(s)`.
    const helper = (separator: string): Record<string, string> => ({
      'src/lib/format.ts': `${SOURCES['src/lib/format.ts']}\nexport function tag(id: any): unknown {\n  const s = id${separator}\n  (String)(s);\n  return s;\n}\n`,
    });
    expect(idWith(helper(';'))).not.toBe(idWith(helper('')));
  });

  it('changes with a module bundled only through an export * barrel', () => {
    expect(idWith(edit('src/workflows/refund.ts', "'5 seconds'", "'6 seconds'"))).not.toBe(original);
  });

  it('keeps the id when activities, tests, the worker or the client change', () => {
    expect(idWith(edit('src/activities.ts', 'return `${ref}-${nanoid()}`;', 'return ref;'))).toBe(original);
    expect(idWith(edit('src/workflows.test.ts', '[order.name]', '[order.name, order.length]'))).toBe(original);
    expect(idWith(edit('src/worker.ts', "taskQueue: 'orders'", "taskQueue: 'orders-v2'"))).toBe(original);
    expect(idWith(edit('src/client.ts', "workflowId: 'order-1'", "workflowId: 'order-2'"))).toBe(original);
  });

  it('changes with the installed version of a bundled package or the bundler, not of an activity-only package', () => {
    expect(idWith(edit('node_modules/ms/package.json', '2.1.3', '2.1.4'))).not.toBe(original);
    expect(idWith(edit('node_modules/@temporalio/common/package.json', '1.24.0', '1.24.1'))).not.toBe(original);
    expect(idWith(edit('node_modules/@temporalio/worker/package.json', '"1.24.0"', '"1.24.1"'))).not.toBe(original);
    expect(idWith(edit('node_modules/nanoid/package.json', '5.0.0', '5.0.1'))).toBe(original);
    expect(idWith(edit('node_modules/webpack/package.json', '5.100.0', '5.101.0'))).toBe(original);
  });

  it('changes with the ignoreModules of the bundler', () => {
    expect(idWith(edit('src/worker.ts', 'activities });', "activities, bundlerOptions: { ignoreModules: ['dns'] } });"))).not.toBe(original);
  });

  it('--json lists exactly the bundled files, the packages and ignoreModules', () => {
    const { code, stdout, stderr } = runWfo(['build-id', '--json'], { cwd: project() });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      buildId: original,
      files: BUNDLED,
      packages: { '@temporalio/common': '1.24.0', '@temporalio/worker': '1.24.0', '@temporalio/workflow': '1.24.0', ms: '2.1.3' },
      ignoreModules: [],
    });
  });

  it('counts a payload converter module and what it imports as bundled', () => {
    const files = {
      'src/worker.ts': SOURCES['src/worker.ts']!.replace('activities });', "activities, dataConverter: { payloadConverterPath: require.resolve('./converter/payload') } });"),
      'src/converter/payload.ts': `import { DefaultPayloadConverter } from '@temporalio/common';\nimport { tag } from './tag';\n\nexport const payloadConverter = new DefaultPayloadConverter();\nexport const converterTag = tag;\n`,
      'src/converter/tag.ts': `export const tag = 'v1';\n`,
    };
    const dir = project(files);
    const { stdout } = runWfo(['build-id', '--json'], { cwd: dir });
    expect((JSON.parse(stdout) as { files: string[] }).files).toEqual(['src/converter/payload.ts', 'src/converter/tag.ts', ...BUNDLED]);
    const before = buildId(dir);
    writeFileSync(path.join(dir, 'src/converter/tag.ts'), `export const tag = 'v2';\n`);
    expect(buildId(dir)).not.toBe(before);
  });

  it('reads the versions of the real SDK, and of what it depends on, through node_modules', () => {
    const dir = writeProject(SOURCES);
    linkNodeModules(dir);
    writeFiles(dir, { 'src/lib/format.ts': `export function formatOrder(id: string): string {\n  return \`order-\${id}\`;\n}\n` });
    const { code, stdout, stderr } = runWfo(['build-id', '--json'], { cwd: dir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { packages } = JSON.parse(stdout) as { packages: Record<string, string> };
    const sdk = (name: string): string => (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    for (const name of ['@temporalio/workflow', '@temporalio/common', '@temporalio/proto', '@temporalio/worker']) expect(packages[name], name).toBe(sdk(name));
    expect(Object.keys(packages).filter((name) => name.startsWith('@types/'))).toEqual([]);
  });

  it('--help says what the id is for and how to use it', () => {
    const { code, stdout } = runWfo(['build-id', '--help']);
    expect(code).toBe(0);
    for (const text of ['Usage: wfo build-id [options] [paths...]', '--json', 'workerDeploymentOptions']) expect(stdout).toContain(text);
  });

  describe('a project with two workers, each bundling its own workflows', () => {
    const BILLING = {
      'src/billing/worker.ts': `import { Worker } from '@temporalio/worker';\n\nexport async function run(): Promise<void> {\n  const worker = await Worker.create({ taskQueue: 'billing', workflowsPath: require.resolve('./workflows') });\n  await worker.run();\n}\n`,
      'src/billing/workflows.ts': `import { sleep } from '@temporalio/workflow';\n\nexport async function invoice(): Promise<void> {\n  await sleep('1 day');\n}\n`,
    };
    const orders = ['--workflows-path', 'src/workflows.ts'];
    const run = (dir: string, args: string[]) => runWfo(['build-id', ...args], { cwd: dir });

    it('--workflows-path gives one bundle its own id: the other bundle changing leaves it', () => {
      const dir = project(BILLING);
      const before = buildId(dir, orders);
      const billing = buildId(dir, ['--workflows-path', 'src/billing/workflows.ts']);
      expect(billing).not.toBe(before);
      writeFiles(dir, { 'src/billing/workflows.ts': BILLING['src/billing/workflows.ts'].replace("'1 day'", "'2 days'") });
      expect(buildId(dir, orders)).toBe(before);
      expect(buildId(dir, ['--workflows-path', 'src/billing/workflows.ts'])).not.toBe(billing);
      writeFiles(dir, edit('src/lib/format.ts', "ms('1d')", "ms('2d')"));
      expect(buildId(dir, orders)).not.toBe(before);
    });

    it('--json with --workflows-path lists that bundle\'s files alone', () => {
      const { code, stdout } = run(project(BILLING), [...orders, '--json']);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { files: string[] }).files).toEqual(BUNDLED);
    });

    it('without it, the id covers both and a note says so', () => {
      const { code, stdout, stderr } = run(project(BILLING), []);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^wfo-[0-9a-f]{16}\n$/);
      expect(stderr).toBe(
        'wfo: note: the project has 2 workflowsPaths (src/billing/workflows.ts, src/workflows.ts): this id covers every bundle, so a change to any one changes it; --workflows-path <module> gives one bundle\'s id\n',
      );
    });

    it('--workflows-path naming no workflow module: exit 2, one line that lists the workflowsPaths', () => {
      for (const [given, why] of [['src/activities.ts', 'not workflow code'], ['src/nope.ts', 'no module of the project there']] as const) {
        const { code, stdout, stderr } = run(project(BILLING), ['--workflows-path', given]);
        expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `wfo: --workflows-path ${given}: ${why} (the project's workflowsPaths: src/billing/workflows.ts, src/workflows.ts)\n` });
      }
    });
  });

  it('refuses a folder without workflow code: exit 2, one line', () => {
    const dir = writeProject({ 'package.json': JSON.stringify({ name: 'lib', private: true }), 'src/activities.ts': SOURCES['src/activities.ts']!, ...INSTALLED });
    const { code, stdout, stderr } = runWfo(['build-id'], { cwd: dir });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^wfo: no workflow code in \.: [^\n]+\n$/);
  });

  it('refuses to guess the version of a bundled package that is not installed: exit 2, one line', () => {
    const dir = project();
    rmSync(path.join(dir, 'node_modules/ms'), { recursive: true });
    const { code, stdout, stderr } = runWfo(['build-id'], { cwd: dir });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^wfo: ms \(imported by src\/lib\/format\.ts\) is not installed: [^\n]+\n$/);
  });
});
