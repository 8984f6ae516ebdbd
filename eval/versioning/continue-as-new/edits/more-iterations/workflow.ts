// Adapted from samples-typescript continue-as-new/src/workflows.ts (loopingWorkflow): sleep, then
// continue as new with the next iteration, until the last one returns. Each run is an execution.
import { continueAsNew, log, sleep } from '@temporalio/workflow';

export async function loopingWorkflow(iteration = 0): Promise<void> {
  if (iteration === 5) {
    return;
  }
  log.info('Running Workflow iteration', { iteration });
  await sleep(1000);
  // Must match the arguments expected by `loopingWorkflow`
  await continueAsNew<typeof loopingWorkflow>(iteration + 1);
}
