// Modelled on NangoHQ/nango packages/jobs/lib/workflows.ts (initialSync: run the sync activity, and
// report the failure by activity when it fails) and samples-typescript activities-cancellation-heartbeating:
// the workflow can be cancelled while the sync runs.
import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { routeSync, reportFailure, cancelSync } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

export interface SyncArgs {
  syncId: string;
  fail: boolean;
  slow: boolean;
}

export async function initialSync(args: SyncArgs): Promise<boolean> {
  try {
    return await routeSync(args);
  } catch (e) {
    if (isCancellation(e)) {
      await CancellationScope.nonCancellable(() => cancelSync(args.syncId));
      throw e;
    }
    await reportFailure(args.syncId, e instanceof Error ? e.message : String(e));
    return false;
  }
}
