/**
 * `wfo replay --query`: histories fetched from Temporal's dev server with the project's own
 * @temporalio/client, through the real CLI. The fixture project's workflows run on a real worker
 * against the dev server (started once for this file, from TEMPORAL_CLI_PATH); their executions
 * then replay OK against that code, and fail with the event id against a changed version.
 * Without the servers those tests skip, saying why; the usage errors are checked regardless.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTIONS, runExecutions, untilListed } from '../fixtures/histories/project/src/starter.js';
import { createWorker, TASK_QUEUE } from '../fixtures/histories/project/src/worker.js';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';
import { requireServers, temporalServers } from '../support/temporal-servers.js';
import { fixtureProject } from './fixture-project.js';
import type { ReplayOutcome } from '../../src/replay/replay.js';

/** The connection variables the Temporal CLI reads, emptied so the runner's own never leak in. */
const NO_TEMPORAL_ENV = Object.fromEntries(
  ['ADDRESS', 'NAMESPACE', 'API_KEY', 'TLS', 'TLS_CLIENT_CERT_PATH', 'TLS_CLIENT_KEY_PATH', 'TLS_SERVER_CA_CERT_PATH', 'TLS_SERVER_NAME'].map((name) => [`TEMPORAL_${name}`, '']),
);
const QUERY = `TaskQueue = '${TASK_QUEUE}'`;

/** One history's result in `wfo replay --format json`. */
type Outcome = ReplayOutcome;

const configured = temporalServers();
let env: TestWorkflowEnvironment | undefined;
let original: string;
let changed: string;

beforeAll(async () => {
  original = fixtureProject('original');
  changed = fixtureProject('a step added');
  if ('skip' in configured) return;
  // Core's and the worker's logs stay out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: configured.cli } } });
  const client = new Client({ connection: env.connection, namespace: 'default' });
  const worker = await createWorker(env.nativeConnection);
  await worker.runUntil(runExecutions(client));
  await untilListed(client);
});

afterAll(async () => {
  await env?.teardown();
  removeProjects();
});

function replay(args: string[], cwd: string, extraEnv: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  return runWfo(['replay', ...args], { cwd, env: { ...NO_TEMPORAL_ENV, ...extraEnv } });
}

function outcomes(stdout: string): Outcome[] {
  return (JSON.parse(stdout) as Outcome[]).sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

describe('wfo replay --query, against the dev server', () => {
  it("replays the executions the query lists, OK against the code that ran them (through the project's client)", (context) => {
    requireServers(context);
    const { code, stdout, stderr } = replay(['--address', env!.address, '--namespace', 'default', '--query', QUERY, '--format', 'json'], original);
    expect(stderr).toBe('');
    const replayed = outcomes(stdout);
    expect(replayed.map((o) => [o.workflowType, o.workflowId, o.ok, o.file, o.limits])).toEqual(
      [...EXECUTIONS].sort((a, b) => a.workflowId.localeCompare(b.workflowId)).map((e) => [e.workflowType, e.workflowId, true, undefined, []]),
    );
    expect(replayed.every((o) => /^[0-9a-f-]{36}$/.test(o.runId!))).toBe(true);
    expect(code).toBe(0);
  });

  it('fails with the event id against changed code, as a file replay does', (context) => {
    requireServers(context);
    const { code, stdout } = replay(['--address', env!.address, '--query', QUERY], changed);
    const order = stdout.split('\n').findIndex((line) => line.startsWith('✖ order (order-1, run '));
    expect(order).toBeGreaterThanOrEqual(0);
    expect(stdout.split('\n')[order]).toMatch(/: nondeterministic at event 5$/);
    expect(stdout.split('\n')[order + 1]).toMatch(/Nondeterminism/);
    expect(stdout).toContain('4 histories replayed: 3 ok, 1 failed');
    expect(code).toBe(1);
  });

  it('--save writes each history as <workflow id>_<run id>.json, and those files replay offline', (context) => {
    requireServers(context);
    const { code, stdout } = replay(['--address', env!.address, '--query', `${QUERY} AND WorkflowType = 'order'`, '--save', 'histories', '--format', 'json'], original);
    expect(code).toBe(0);
    const [fetched] = outcomes(stdout);
    const name = `order-1_${fetched!.runId}.json`;
    expect(fetched!.file).toBe(`histories/${name}`);
    expect(readdirSync(path.join(original, 'histories'))).toEqual([name]);
    const saved = JSON.parse(readFileSync(path.join(original, 'histories', name), 'utf8')) as { events: { eventId: string; eventType: string }[] };
    expect(saved.events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });

    // The saved file is a fixture: offline, against the changed code, it fails as the server's history did.
    const again = replay([path.join(original, 'histories'), '--format', 'json'], changed);
    expect(outcomes(again.stdout)).toMatchObject([{ workflowId: 'order-1', ok: false, eventId: 5 }]);
    expect(again.code).toBe(1);
  });

  it('--limit caps the executions replayed', (context) => {
    requireServers(context);
    const { code, stdout } = replay(['--address', env!.address, '--query', QUERY, '--limit', '2', '--format', 'json'], original);
    expect(JSON.parse(stdout)).toHaveLength(2);
    expect(code).toBe(0);
  });

  it('reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE as the Temporal CLI does; flags win', (context) => {
    requireServers(context);
    const fromEnv = replay(['--query', QUERY, '--limit', '1'], original, { TEMPORAL_ADDRESS: env!.address, TEMPORAL_NAMESPACE: 'default' });
    expect(fromEnv.stdout).toContain('1 history replayed: 1 ok, 0 failed');
    const flagsWin = replay(['--address', env!.address, '-n', 'default', '--query', QUERY, '--limit', '1'], original, { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'nope' });
    expect(flagsWin.code).toBe(0);
    const wrongNamespace = replay(['--query', QUERY], original, { TEMPORAL_ADDRESS: env!.address, TEMPORAL_NAMESPACE: 'nope' });
    expect(wrongNamespace).toMatchObject({ code: 2, stdout: '', stderr: `wfo: cannot list workflow executions: namespace nope not found at ${env!.address}; check --namespace\n` });
  });

  it('a query the server rejects is one line, exit 2', (context) => {
    requireServers(context);
    const { code, stdout, stderr } = replay(['--address', env!.address, '--query', "WorkflowTyp = 'order'"], original);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`wfo: the server rejected --query "WorkflowTyp = 'order'": invalid query: invalid search attribute: WorkflowTyp\n`);
  });

  it('a query that lists nothing is exit 2, not a silent pass', (context) => {
    requireServers(context);
    const { code, stderr } = replay(['--address', env!.address, '--query', "WorkflowType = 'nothing'"], original);
    expect(code).toBe(2);
    expect(stderr).toBe(`wfo: no workflow executions in namespace default at ${env!.address} match --query "WorkflowType = 'nothing'"\n`);
  });

  it('an address nothing answers on is one line, exit 2', (context) => {
    requireServers(context);
    const { code, stdout, stderr } = replay(['--query', QUERY], original, { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^wfo: cannot connect to Temporal at 127\.0\.0\.1:1: Failed to connect before the deadline; check --address \(a server that needs TLS or an API key: --tls, --api-key\)\n$/);
  });
});

describe('wfo replay --query: usage errors, before any connection', () => {
  const cases: [string, string[], RegExp][] = [
    ['files and a query together', ['histories', '--query', QUERY], /^wfo: replay either history files \(paths\) or the executions --query selects on a server, not both\n$/],
    ['--save without --query', ['--save', 'out'], /^wfo: --save is for replaying from a server: add --query "<visibility query>"/],
    ['--address without --query', ['--address', 'localhost:7233'], /^wfo: --address is for replaying from a server/],
    ['a client certificate without its key', ['--query', QUERY, '--tls-cert-path', 'client.pem'], /^wfo: --tls-cert-path needs --tls-key-path too/],
    ['a CA file that does not exist', ['--query', QUERY, '--tls-ca-path', 'missing-ca.pem'], /^wfo: --tls-ca-path: cannot read missing-ca\.pem: ENOENT\n$/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const { code, stdout, stderr } = replay(args, original);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toMatch(message);
    });
  }

  it('a project without @temporalio/client', () => {
    // The project's own worker, but no client: replay from a server needs the project's client.
    const bare = writeProject({ 'package.json': '{"name":"no-client","type":"module"}', 'src/workflows.js': 'export async function order() {}\n' });
    const modules = path.join(bare, 'node_modules/@temporalio');
    mkdirSync(modules, { recursive: true });
    symlinkSync(path.resolve(import.meta.dirname, '../../node_modules/@temporalio/worker'), path.join(modules, 'worker'), 'dir');
    const { code, stdout, stderr } = replay(['--query', QUERY, '--workflows', 'src/workflows.js'], bare);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`wfo: @temporalio/client is not installed in ${bare}; run \`npm i @temporalio/client\` (replay from a server fetches histories with your project's client)\n`);
    expect(existsSync(path.join(bare, 'node_modules/@temporalio/client'))).toBe(false);
  });
});
