#!/usr/bin/env node
/**
 * Records the workflow histories in test/fixtures/histories/recorded: starts Temporal's dev server
 * (the `temporal` CLI that TEMPORAL_CLI_PATH names), runs the fixture project's workflows
 * (test/fixtures/histories/project) on a real worker, and saves their histories with
 * `wfo replay --query … --save`, which also replays them against the code that made them.
 *
 *   eval "$(bash .ci/servers)" && npm run record:histories
 *
 * Rerun it after changing the fixture project's workflows on purpose: the folder is replaced only
 * when every history was recorded and replayed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { EXECUTIONS, runExecutions, untilListed } from '../test/fixtures/histories/project/src/starter.js';
import { createWorker, TASK_QUEUE } from '../test/fixtures/histories/project/src/worker.js';

const root = path.resolve(import.meta.dirname, '..');
const project = path.join(root, 'test/fixtures/histories/project');
const recorded = path.join(root, 'test/fixtures/histories/recorded');
const cli = process.env.TEMPORAL_CLI_PATH;
if (!cli || !existsSync(cli)) {
  console.error('record-histories: TEMPORAL_CLI_PATH must name the temporal CLI (eval "$(bash .ci/servers)" sets it)');
  process.exit(2);
}
if (!existsSync(path.join(root, 'dist/src/cli.js'))) {
  console.error('record-histories: build wfo first (npm run build)');
  process.exit(2);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } });
try {
  const client = new Client({ connection: env.connection, namespace: 'default', identity: 'wfo-record-histories' });
  const worker = await createWorker(env.nativeConnection);
  const results = await worker.runUntil(runExecutions(client));
  console.log(`record-histories: ${results.join(', ')}`);
  await untilListed(client);

  const fresh = `${recorded}.new`;
  rmSync(fresh, { recursive: true, force: true });
  const wfo = spawnSync(process.execPath, [path.join(root, 'bin/wfo.js'), 'replay', '--address', env.address, '--namespace', 'default', '--query', `TaskQueue = '${TASK_QUEUE}'`, '--save', fresh], { cwd: project, stdio: 'inherit' });
  const saved = existsSync(fresh) ? readdirSync(fresh).length : 0;
  if (wfo.status !== 0 || saved !== EXECUTIONS.length) {
    console.error(`record-histories: wfo replay exited ${wfo.status} with ${saved} of ${EXECUTIONS.length} histories saved; ${path.relative(root, recorded)} is unchanged`);
    process.exitCode = 1;
  } else {
    rmSync(recorded, { recursive: true, force: true });
    renameSync(fresh, recorded);
    console.log(`record-histories: ${saved} histories in ${path.relative(root, recorded)}`);
  }
} finally {
  await env.teardown();
}
