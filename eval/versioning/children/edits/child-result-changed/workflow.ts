// Adapted from samples-typescript child-workflows/src/workflows.ts: one child per name, started in
// parallel without a workflowId (the SDK draws each child's id from the workflow's seeded uuid4()).
// The sample's child returns at once; here it first sleeps, as a child that does some work would
// take time, so that its own executions have a point to be open at.
import { executeChild, sleep } from '@temporalio/workflow';

export async function parentWorkflow(...names: string[]): Promise<string> {
  const responseArray = await Promise.all(
    names.map((name) =>
      executeChild(childWorkflow, {
        args: [name],
      }),
    ),
  );
  return responseArray.join('\n');
}

export async function childWorkflow(name: string): Promise<string> {
  await sleep('1 minute');
  return `Child ${name}, reporting`;
}
