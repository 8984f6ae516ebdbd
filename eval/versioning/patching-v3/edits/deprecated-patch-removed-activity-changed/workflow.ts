// Adapted from samples-typescript patching-api/src/workflows-v3.ts: once no execution takes v1's path,
// deprecatePatch('my-change-id') keeps only the new steps (and records a deprecated marker).
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { activityC } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
});

export async function myWorkflow(): Promise<void> {
  await activityC();
  await sleep('1 days');
}
