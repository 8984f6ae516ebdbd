import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectModel, type ProjectModel } from '../../src/project/project-model.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

function model(files: Record<string, string>, paths: string[] = ['.']): { dir: string; model: ProjectModel; rel: (f: string) => string } {
  const dir = writeProject(files);
  const built = buildProjectModel({ paths: paths.map((p) => path.join(dir, p)), cwd: dir });
  return { dir, model: built, rel: (f) => path.relative(dir, f).split(path.sep).join('/') };
}

function workflowFiles(m: { model: ProjectModel; rel: (f: string) => string }): string[] {
  return [...m.model.workflow.keys()].map(m.rel).sort();
}

const pkg = JSON.stringify({ name: 'app', private: true });

describe('workflow roots', () => {
  it.each([
    ["require.resolve('./workflows')", 'src/workflows.ts'],
    ["path.join(__dirname, 'workflows')", 'src/workflows.ts'],
    ["path.resolve(__dirname, './workflows/index.ts')", 'src/workflows/index.ts'],
    ["new URL('./workflows.js', import.meta.url).pathname", 'src/workflows.ts'],
    ["fileURLToPath(new URL(`./workflows${path.extname(import.meta.url)}`, import.meta.url))", 'src/workflows.ts'],
    ['`${__dirname}/workflows`', 'src/workflows.ts'],
    ["path.join(path.dirname(fileURLToPath(import.meta.url)), '../lib/workflows')", 'lib/workflows.ts'],
    ["path.join(import.meta.dirname, 'workflows')", 'src/workflows.ts'],
  ])('workflowsPath: %s', (expression, root) => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import path from 'path';\nimport { fileURLToPath } from 'url';\nimport { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: ${expression} });\n`,
      [root]: `export async function wf(): Promise<void> {}\n`,
    });
    expect(workflowFiles(m)).toEqual([root]);
    expect(m.model.workflow.get(path.join(m.dir, root))?.reason).toBe('workflowsPath in src/worker.ts');
  });

  it('evaluates a const the workflowsPath expression reads (samples-typescript fetch-esm)', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import path from 'path';\nimport { fileURLToPath } from 'url';\nimport { Worker } from '@temporalio/worker';\nconst workflowsPathUrl = new URL(\`./workflows\${path.extname(import.meta.url)}\`, import.meta.url);\nWorker.create({ taskQueue: 'q', workflowsPath: fileURLToPath(workflowsPathUrl) });\n`,
      'src/workflows.ts': `export async function wf(): Promise<void> {}\n`,
    });
    expect(m.model.workflow.get(path.join(m.dir, 'src/workflows.ts'))?.reason).toBe('workflowsPath in src/worker.ts');
  });

  it('a module only named like a workflow module is a root where no workflowsPath shows the bundle, or where nothing imports it; not a helper of other code beside one', () => {
    const runner = `export async function runWorkflowGraph(graph: string[]): Promise<number> {\n  return graph.length;\n}\n`;
    const alone = model({ 'package.json': pkg, 'src/workflow-runner.ts': runner });
    expect(alone.model.workflow.get(path.join(alone.dir, 'src/workflow-runner.ts'))?.reason).toBe('named like a workflow module');
    const worker = {
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
      'src/workflows.ts': `export async function wf(): Promise<void> {}\n`,
      'src/workflow-runner.ts': runner,
    };
    expect(workflowFiles(model(worker))).toEqual(['src/workflow-runner.ts', 'src/workflows.ts']);
    const used = model({ ...worker, 'src/activities.ts': `import { runWorkflowGraph } from './workflow-runner';\nexport async function run(): Promise<number> {\n  return runWorkflowGraph([]);\n}\n` });
    expect(workflowFiles(used)).toEqual(['src/workflows.ts']);
  });

  it('follows a const named in workflowsPath and maps build output back to source', () => {
    const m = model({
      'package.json': pkg,
      'packages/workflows/package.json': JSON.stringify({ name: '@acme/workflows', main: 'lib/index.js' }),
      'packages/workflows/tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'lib' } }),
      'packages/workflows/src/all-workflows.ts': `export async function wf(): Promise<void> {}\n`,
      'packages/worker/src/worker.ts': `const workflowsPath = require.resolve('../../workflows/lib/all-workflows.js');\nexport const options = { taskQueue: 'q', workflowsPath };\n`,
    });
    expect(workflowFiles(m)).toEqual(['packages/workflows/src/all-workflows.ts']);
  });

  it('maps only the outDir itself back to source, not a sibling folder whose name starts the same', () => {
    const m = model({
      'package.json': pkg,
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'build/lib' } }),
      'src/worker.ts': `export const options = { taskQueue: 'q', workflowsPath: require.resolve('../build/library/workflows') };\n`,
      'build/library/workflows.ts': `export async function wf(): Promise<void> {}\n`,
      // Where build/library/workflows would land if build/library were taken for the outDir build/lib.
      'library/workflows.ts': `export async function wrong(): Promise<void> {}\n`,
    });
    const byWorkflowsPath = [...m.model.workflow].filter(([, membership]) => membership.reason.startsWith('workflowsPath')).map(([file]) => m.rel(file));
    expect(byWorkflowsPath).toEqual(['build/library/workflows.ts']);
  });

  it('a file whose exported function calls workflow APIs or activity stubs is a root, whatever else it imports; definitions and tests are not', () => {
    const m = model({
      'package.json': pkg,
      'src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<void> { await sleep(1); }\n`,
      'src/client.ts': `import { Client } from '@temporalio/client';\nimport { wf } from './workflows';\nnew Client().workflow.start(wf, { taskQueue: 'q', workflowId: 'x' });\n`,
      'src/types.ts': `import type { WorkflowInfo } from '@temporalio/workflow';\nexport type I = WorkflowInfo;\n`,
      'src/signals.ts': `import { defineSignal, WorkflowIdReusePolicy } from '@temporalio/workflow';\nexport const approve = defineSignal('approve');\nexport const policy = WorkflowIdReusePolicy.REJECT_DUPLICATE;\nexport function name(): string { return 'x'; }\n`,
      'src/stubs.ts': `import { proxyActivities } from '@temporalio/workflow';\nexport const { charge } = proxyActivities<{ charge(): Promise<void> }>({ startToCloseTimeout: '1m' });\n`,
      'src/flows/renewal.ts': `import { Connection } from '@temporalio/client';\nimport { charge } from '../stubs';\nexport async function renew(): Promise<void> { await charge(); void Connection; }\n`,
      'test/helpers.ts': `import { sleep } from '@temporalio/workflow';\nexport async function waitABit(): Promise<void> { await sleep(1); }\n`,
      'src/order.test.ts': `import { condition } from '@temporalio/workflow';\nexport async function probe(): Promise<void> { await condition(() => true); }\n`,
    });
    expect([...m.model.workflow].filter(([, w]) => w.chain.length === 1).map(([f, w]) => `${m.rel(f)}: ${w.reason}`).sort()).toEqual([
      'src/flows/renewal.ts: renew() calls workflow APIs',
      'src/workflows.ts: wf() calls workflow APIs',
    ]);
    expect(workflowFiles(m)).toEqual(['src/flows/renewal.ts', 'src/stubs.ts', 'src/workflows.ts']);
  });
});

describe('workflow context', () => {
  const base = {
    'package.json': pkg,
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] }, outDir: 'dist' } }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
  };

  it('reaches helpers through relative imports, .js specifiers, index files, paths, require and re-exports', () => {
    const m = model({
      ...base,
      'src/workflows/index.ts': `export * from './orders';\nexport { refund } from './refunds.js';\n`,
      'src/workflows/orders.ts': `import { format } from '@lib/format';\nconst legacy = require('../legacy');\nexport async function order(): Promise<string> { return format(legacy.x); }\n`,
      'src/workflows/refunds.ts': `import { money } from '../money';\nexport async function refund(): Promise<number> { return money(1); }\n`,
      'src/lib/format.ts': `export const format = (x: unknown) => String(x);\n`,
      'src/legacy.js': `exports.x = 1;\n`,
      'src/money/index.ts': `export const money = (n: number) => n;\n`,
      'src/unrelated.ts': `export const y = 2;\n`,
      'dist/workflows/index.js': `exports.x = 1;\n`,
    });
    expect(workflowFiles(m)).toEqual([
      'src/legacy.js',
      'src/lib/format.ts',
      'src/money/index.ts',
      'src/workflows/index.ts',
      'src/workflows/orders.ts',
      'src/workflows/refunds.ts',
    ]);
    expect(m.model.workflow.get(path.join(m.dir, 'src/lib/format.ts'))?.chain.map(m.rel)).toEqual([
      'src/workflows/index.ts',
      'src/workflows/orders.ts',
      'src/lib/format.ts',
    ]);
    expect([...m.model.modules.keys()].map(m.rel)).not.toContain('dist/workflows/index.js');
  });

  it('does not follow imports that TypeScript erases', () => {
    const m = model({
      ...base,
      'src/workflows.ts': [
        `import type { A } from './a';`,
        `import { B } from './b';`,
        `import { type C } from './c';`,
        `import * as D from './d';`,
        `import { E } from './e';`,
        `export type { F } from './f';`,
        `export async function wf(a: A, b: B, c: C): Promise<ReturnType<typeof D.make>> { return E(a, b, c); }`,
        ``,
      ].join('\n'),
      ...Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [`src/${n}.ts`, `export type ${n.toUpperCase()} = string;\nexport const make = () => 1;\nexport function E(...a: unknown[]) { return a; }\n`])),
    });
    expect(workflowFiles(m)).toEqual(['src/e.ts', 'src/workflows.ts']);
  });

  it('keeps value imports under verbatimModuleSyntax', () => {
    const m = model({
      ...base,
      'tsconfig.json': JSON.stringify({ compilerOptions: { verbatimModuleSyntax: true } }),
      'src/workflows.ts': `import { B } from './b';\nexport async function wf(b: B): Promise<void> { void b; }\n`,
      'src/b.ts': `export type B = string;\n`,
    });
    expect(workflowFiles(m)).toEqual(['src/b.ts', 'src/workflows.ts']);
  });

  it('resolves workspace packages by name to their source, through tsconfig extends', () => {
    const m = model({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, outDir: 'lib', rootDir: 'src' } }),
      'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'lib/index.js', types: 'lib/index.d.ts' }),
      'packages/shared/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'lib', rootDir: 'src' } }),
      'packages/shared/src/index.ts': `export const shared = 1;\n`,
      'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
      'packages/app/src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nimport { shared } from '@acme/shared';\nexport async function wf(): Promise<number> { await sleep(1); return shared; }\n`,
    }, ['packages/app']);
    expect(m.rel(m.model.root)).toBe('');
    expect(workflowFiles(m)).toEqual(['packages/app/src/workflows.ts', 'packages/shared/src/index.ts']);
  });

  it('terminates on import cycles and self-imports', () => {
    const m = model({
      ...base,
      'src/workflows.ts': `import { a } from './a';\nimport './workflows';\nexport const wf = a;\n`,
      'src/a.ts': `import { b } from './b';\nexport const a = () => b;\n`,
      'src/b.ts': `import { a } from './a';\nexport const b = () => a;\n`,
    });
    expect(workflowFiles(m)).toEqual(['src/a.ts', 'src/b.ts', 'src/workflows.ts']);
  });
});

describe('activity modules', () => {
  it('come from Worker.create activities and proxyActivities<typeof …>, not from importing @temporalio/activity', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as acts from './activities';\nimport { createPayments } from './payments';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities: { ...acts, ...createPayments(db) } });\ndeclare const db: unknown;\n`,
      'src/workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as shipping from './shipping';\nconst s = proxyActivities<typeof shipping>({ startToCloseTimeout: '1m' });\nconst l = proxyActivities<typeof import('./ledger')>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<void> { await s.ship(); await l.post(); }\n`,
      'src/activities.ts': `export async function a(): Promise<void> {}\n`,
      'src/payments.ts': `export const createPayments = (db: unknown) => ({ async pay() { void db; } });\n`,
      'src/shipping.ts': `export async function ship(): Promise<void> {}\n`,
      'src/ledger.ts': `export async function post(): Promise<void> {}\n`,
      'src/heartbeat.ts': `import { heartbeat } from '@temporalio/activity';\nexport async function long(): Promise<void> { heartbeat(); }\n`,
    });
    expect([...m.model.activityModules.keys()].map(m.rel).sort()).toEqual(['src/activities.ts', 'src/ledger.ts', 'src/payments.ts', 'src/shipping.ts']);
  });
});

describe('targets', () => {
  it('reports only the files asked about, with context computed from the whole project', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
      'src/workflows.ts': `import { x } from './util/x';\nexport const wf = async () => x;\n`,
      'src/util/x.ts': `export const x = 1;\n`,
    }, ['src/util']);
    expect([...m.model.targets].map(m.rel)).toEqual(['src/util/x.ts']);
    expect(workflowFiles(m)).toEqual(['src/util/x.ts', 'src/workflows.ts']);
  });

  it('skips node_modules, outDir and what .gitignore ignores', () => {
    const m = model({
      'package.json': pkg,
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'build' } }),
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.gen.ts': 'export const b = 1;\n',
      'src/types.d.ts': 'export type T = 1;\n',
      'generated/c.ts': 'export const c = 1;\n',
      'build/a.js': 'exports.a = 1;\n',
      'node_modules/pkg/index.js': 'exports.p = 1;\n',
    });
    expect([...m.model.targets].map(m.rel)).toEqual(['src/a.ts']);
  });
});

describe('the workflow bundle, as the bundler builds it', () => {
  it('never enters a module the bundler stubs: disallowed packages resolved to workspace source, built-ins, ignoreModules in every readable form, webpackConfigHook aliases and externals', () => {
    const m = model({
      'package.json': JSON.stringify({ name: 'app', private: true, workspaces: ['packages/*'] }),
      'packages/client/package.json': JSON.stringify({ name: '@temporalio/client', main: 'src/index.ts' }),
      'packages/client/src/index.ts': `export const Client = 1;\n`,
      'src/ignores.ts': `export const SERVER_ONLY = ['./db', './metrics'];\n`,
      'src/worker.ts': [
        `import { Worker } from '@temporalio/worker';`,
        `import { SERVER_ONLY } from './ignores';`,
        `const LOCAL = ['./cache'];`,
        `await Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), bundlerOptions: { ignoreModules: ['./telemetry', ...SERVER_ONLY, ...LOCAL] } });`,
        `export const plugin = { configureBundler: (o: any) => ({ ...o, ignoreModules: [...(o.ignoreModules ?? []), './tracing'], webpackConfigHook: (config: any) => { config.resolve.alias = { ...config.resolve.alias, './aliased$': false }; config.externals = ['./external']; return config; } }) };`,
      ].join('\n'),
      'src/workflows.ts': [
        `import { sleep } from '@temporalio/workflow';`,
        `import { Client } from '@temporalio/client';`,
        ...['telemetry', 'db', 'metrics', 'cache', 'tracing', 'aliased', 'external', 'kept'].map((name) => `import * as ${name} from './${name}';`),
        `export async function wf(): Promise<void> { await sleep(1); void [Client, telemetry, db, metrics, cache, tracing, aliased, external, kept]; }`,
      ].join('\n'),
      ...Object.fromEntries(['telemetry', 'db', 'metrics', 'cache', 'tracing', 'aliased', 'external', 'kept'].map((name) => [`src/${name}.ts`, `export const ${name} = 1;\n`])),
    });
    expect(workflowFiles(m)).toEqual(['src/kept.ts', 'src/workflows.ts']);
    expect(m.model.workflow.get(path.join(m.dir, 'src/workflows.ts'))!.ignoredModules).toEqual(['./aliased', './cache', './db', './external', './metrics', './telemetry', './tracing']);
  });
});

describe('ignore lists', () => {
  it('an ignoreModules list beside a workflowsPath counts only where every configuration of that root agrees; entries given as paths stub those files', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': [
        `import { Worker, bundleWorkflowCode } from '@temporalio/worker';`,
        `await Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./a'), bundlerOptions: { ignoreModules: ['dns', 'os'] } });`,
        `await bundleWorkflowCode({ workflowsPath: require.resolve('./a'), ignoreModules: ['dns'] });`,
        `await bundleWorkflowCode({ workflowsPath: require.resolve('./b'), additionalIgnoreModules: [require.resolve('./mocks')] });`,
      ].join('\n'),
      'src/a.ts': `import { sleep } from '@temporalio/workflow';\nexport async function a(): Promise<void> { await sleep(1); }\n`,
      'src/b.ts': `import { sleep } from '@temporalio/workflow';\nimport { fake } from './mocks';\nexport async function b(): Promise<void> { await sleep(1); void fake; }\n`,
      'src/mocks/index.ts': `export const fake = 1;\n`,
    });
    expect(m.model.workflow.get(path.join(m.dir, 'src/a.ts'))!.ignoredModules).toEqual(['dns']);
    expect(workflowFiles(m)).toEqual(['src/a.ts', 'src/b.ts']);
    expect([...m.model.ignoredFiles].map(m.rel)).toEqual(['src/mocks/index.ts']);
  });
});

describe('what runs in the sandbox', () => {
  const runs = (m: { model: ProjectModel; dir: string }, file: string): Record<string, string[]> | undefined => {
    const found = m.model.workflow.get(path.join(m.dir, file))?.runs;
    return found && Object.fromEntries(found);
  };

  it('follows references from workflow functions and top levels, across modules and re-exports, with the call chain', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport { taskQueue } from './workflows';\nWorker.create({ taskQueue: taskQueue(), workflowsPath: require.resolve('./workflows') });\n`,
      'src/workflows/index.ts': `export * from './order';\nexport function taskQueue(): string { return process.env.Q ?? 'q'; }\n`,
      'src/workflows/order.ts': `import { sleep } from '@temporalio/workflow';\nimport * as fmt from '../lib';\nimport { banner } from '../lib';\nconst BANNER = banner();\nexport async function order(): Promise<string> { await sleep(1); return fmt.formatRef() + BANNER; }\nexport function unused(): void {}\n`,
      'src/lib/index.ts': `export { formatRef, hostOnly } from './format';\nexport function banner(): string { return 'b'; }\n`,
      'src/lib/format.ts': `export function formatRef(): string { return pad(); }\nfunction pad(): string { return ''; }\nexport function hostOnly(): string { return process.cwd(); }\nexport class Unused { run(): void {} }\n`,
    });
    expect(runs(m, 'src/workflows/index.ts')).toEqual({});
    // `unused` is exported through the root and imported by nothing outside the bundle: a workflow type the SDK registers.
    expect(runs(m, 'src/workflows/order.ts')).toEqual({ order: ['workflow order'], unused: ['workflow unused'] });
    expect(runs(m, 'src/lib/index.ts')).toEqual({ banner: ['banner()'] });
    expect(runs(m, 'src/lib/format.ts')).toEqual({ formatRef: ['workflow order', 'formatRef()'], pad: ['workflow order', 'formatRef()', 'pad()'] });
  });

  it('callbacks handed to a test framework never run there (a module can be a test and a workflow module at once)', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./both.test') });\n`,
      'src/both.test.ts': `import { sleep } from '@temporalio/workflow';\nimport test from 'ava';\nimport { startServer, format } from './support';\nexport async function wf(): Promise<string> { await sleep(1); return format(); }\ntest.serial('runs wf', async (t) => { await startServer(); t.pass(); });\ndescribe('x', () => { it('y', () => startServer()); });\n`,
      'src/support.ts': `export async function startServer(): Promise<void> { process.env.X = '1'; }\nexport function format(): string { return ''; }\n`,
    });
    expect(runs(m, 'src/support.ts')).toEqual({ format: ['workflow wf', 'format()'] });
    expect(m.model.workflow.get(path.join(m.dir, 'src/both.test.ts'))!.neverRuns).toHaveLength(2);
  });

  it('workflow interceptor modules are workflow code even when no workflow imports them', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker, bundleWorkflowCode } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), interceptors: { workflowModules: [require.resolve('./tracing')] } });\nbundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), workflowInterceptorModules: [require.resolve('./metrics')] });\n`,
      'src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<void> { await sleep(1); }\n`,
      'src/tracing.ts': `export const interceptors = () => ({ inbound: [{ region: process.env.REGION }] });\n`,
      'src/metrics.ts': `export const interceptors = () => ({ outbound: [] });\n`,
    });
    expect(workflowFiles(m)).toEqual(['src/metrics.ts', 'src/tracing.ts', 'src/workflows.ts']);
    expect(runs(m, 'src/tracing.ts')).toEqual({ interceptors: ['interceptors'] });
  });

  it('an exported synchronous function of a root is a workflow unless code outside the bundle imports it; interceptors factories run', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport { helper } from './workflows';\nWorker.create({ taskQueue: helper(), workflowsPath: require.resolve('./workflows'), interceptors: { workflowModules: [require.resolve('./interceptors')] } });\n`,
      'src/workflows.ts': `import './interceptors';\nexport function helper(): string { return 'q'; }\nexport function syncWorkflow(): string { return 'done'; }\n`,
      'src/interceptors.ts': `export const interceptors = () => ({ inbound: [make()] });\nfunction make(): object { return {}; }\n`,
    });
    expect(runs(m, 'src/workflows.ts')).toEqual({ syncWorkflow: ['workflow syncWorkflow'] });
    expect(runs(m, 'src/interceptors.ts')).toEqual({ interceptors: ['interceptors'], make: ['interceptors', 'make()'] });
  });
});

describe('activity implementations', () => {
  it('only Worker.create options register activities, followed to the modules that declare them; membership spreads nowhere', () => {
    const m = model({
      'package.json': pkg,
      'src/worker.ts': `import { Worker, type WorkerOptions } from '@temporalio/worker';\nimport * as activities from './activities';\nconst options: WorkerOptions = { taskQueue: 'q', activities };\nWorker.create(options);\n`,
      'src/activities.ts': `export { send } from './email';\nimport { db } from './db';\nexport async function save(): Promise<void> { await db(); }\n`,
      'src/email.ts': `import { Context } from '@temporalio/activity';\nexport function subject(): string { return 's'; }\nexport async function send(): Promise<void> { Context.current(); }\n`,
      'src/db.ts': `export async function db(): Promise<void> {}\n`,
      'src/contract.ts': `import { defineContract } from './kit';\nexport const c = defineContract({ taskQueue: 'q', activities: { charge: 1 } });\n`,
      'src/kit.ts': `export const defineContract = <T>(c: T): T => c;\n`,
    });
    expect([...m.model.activityModules.keys()].map(m.rel).sort()).toEqual(['src/activities.ts', 'src/email.ts']);
    expect([...m.model.activity.keys()].map(m.rel).sort()).toEqual(['src/activities.ts', 'src/email.ts']);
    expect([...m.model.activityImplementations.get(path.join(m.dir, 'src/email.ts'))!]).toEqual(['send']);
  });
});
