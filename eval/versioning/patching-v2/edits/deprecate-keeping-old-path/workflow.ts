// Adapted from samples-typescript patching-api/src/workflows-v2.ts: v1 ran activityA, slept a day and
// ran activityThatMustRunAfterA; v2 guards the new steps with patched('my-change-id'). Executions
// recorded on this version take the new branch and record the patch marker.
import { deprecatePatch, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { activityB, activityA, activityThatMustRunAfterA } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
});

export async function myWorkflow(): Promise<void> {
  deprecatePatch('my-change-id');
  await activityA();
  await sleep('1 days');
  await activityThatMustRunAfterA();
}
