// Adapted from samples-typescript patching-api/src/workflows-v3.ts: once no execution takes v1's path,
// deprecatePatch('my-change-id') keeps only the new steps (and records a deprecated marker).
import { deprecatePatch, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { activityB } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
});

export async function myWorkflow(): Promise<void> {
  deprecatePatch('my-change-id-v3');
  await activityB();
  await sleep('1 days');
}
