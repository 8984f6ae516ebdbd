// Modelled on samples-typescript batch-sliding-window/src/workflows.ts and mutex/src/workflows.ts:
// a coordinator starts named children, releases each with a signal sent through
// getExternalWorkflowHandle, and cancels a watchdog child the same way when the jobs are done. It
// marks its progress in a search attribute.
import {
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './activities';

const { runJob } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export const proceedSignal = defineSignal<[string]>('proceed');
export const pingSignal = defineSignal('ping');

export async function coordinator(jobs: string[]): Promise<string[]> {
  const parentId = workflowInfo().workflowId;
  upsertSearchAttributes({ CustomKeywordField: ['starting'] });
  const children = [];
  for (const job of jobs) {
    children.push(await startChild(jobWorkflow, { workflowId: `${parentId}/${job}`, args: [job] }));
  }
  const watchdog = await startChild(watchdogWorkflow, { workflowId: `${parentId}/watchdog` });

  await getExternalWorkflowHandle(`${parentId}/watchdog`).signal(pingSignal);
  for (const job of jobs) {
    await getExternalWorkflowHandle(`${parentId}/${job}`).signal(proceedSignal, 'go');
  }
  const results = await Promise.all(children.map((child) => child.result()));

  await getExternalWorkflowHandle(`${parentId}/watchdog`).cancel();
  await watchdog.result().catch(() => undefined);
  upsertSearchAttributes({ CustomKeywordField: ['done'] });
  return results;
}

export async function jobWorkflow(job: string): Promise<string> {
  let token: string | undefined;
  setHandler(proceedSignal, (value) => {
    token = value;
  });
  await condition(() => token !== undefined);
  return await runJob(job, token!);
}

/** Runs until it is cancelled. */
export async function watchdogWorkflow(): Promise<void> {
  await condition(() => false);
}
