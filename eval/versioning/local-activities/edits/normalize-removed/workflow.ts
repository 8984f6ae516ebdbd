// Modelled on samples-typescript eager-workflow-start/src/workflows.ts (a greeting through a local
// activity), grown to a short chain: two local activities prepare the greeting, a regular activity
// delivers it.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { composeGreeting } = proxyLocalActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});
const { deliverGreeting } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export async function greetingWorkflow(name: string): Promise<string> {
  const greeting = await composeGreeting(name.trim().toLowerCase());
  await deliverGreeting(greeting);
  return greeting;
}
