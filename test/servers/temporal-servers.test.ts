/**
 * The servers other tests rely on, started the way they use them: through @temporalio/testing with
 * the binaries TEMPORAL_TEST_SERVER_PATH and TEMPORAL_CLI_PATH name, each once for this file. A
 * broken install shows here, plainly, rather than as failures of the generated projects' tests.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServers, temporalServers } from '../support/temporal-servers.js';

const configured = temporalServers();
let timeSkipping: TestWorkflowEnvironment | undefined;
let local: TestWorkflowEnvironment | undefined;

beforeAll(async () => {
  if ('skip' in configured) return;
  [timeSkipping, local] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: configured.testServer } } }),
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: configured.cli } } }),
  ]);
});

afterAll(async () => {
  await Promise.all([timeSkipping?.teardown(), local?.teardown()]);
});

describe("Temporal's servers, from the binaries the environment names", () => {
  it('the time-skipping test server skips a day at once', async (context) => {
    requireServers(context);
    const before = await timeSkipping!.currentTimeMs();
    const started = Date.now();
    await timeSkipping!.sleep('1 day');
    expect(await timeSkipping!.currentTimeMs()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the dev server serves the default namespace', async (context) => {
    requireServers(context);
    const { namespaceInfo } = await local!.connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(namespaceInfo?.name).toBe('default');
    expect(local!.supportsTimeSkipping).toBe(false);
  });
});
