// Deterministic stubs for the sync activities (NangoHQ/nango packages/jobs/lib/activities.ts). A slow
// sync takes two seconds of real time, long enough for the recording to cancel the workflow while it runs.
import { ApplicationFailure } from '@temporalio/common';

export async function routeSync(args: { syncId: string; fail: boolean; slow: boolean }): Promise<boolean> {
  if (args.slow) await new Promise((resolve) => setTimeout(resolve, 2000));
  if (args.fail) throw ApplicationFailure.nonRetryable(`sync ${args.syncId} failed`, 'SyncFailed');
  return true;
}

export async function reportFailure(syncId: string, message: string): Promise<void> {
  void syncId;
  void message;
}

export async function cancelSync(syncId: string): Promise<void> {
  void syncId;
}
