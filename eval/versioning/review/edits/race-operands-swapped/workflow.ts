// Modelled on samples-typescript sleep-for-days/src/workflows.ts (`Promise.race([sleep(...),
// condition(...)])`: wait for a signal or a duration, whichever comes first) and
// food-delivery/packages/workflows/order.ts (signals that move the workflow on, activities after each
// wait): a document review is requested, the reviewer is reminded if no decision comes within
// `remindAfter`, then the decision is recorded. Comments arrive by signal and are stored by activity.
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { requestReview, storeComment, sendReminder, recordDecision } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export type Decision = 'approved' | 'rejected';

export interface ReviewInput {
  docId: string;
  reviewer: string;
  remindAfter: string;
}

export const decide = defineSignal<[Decision]>('decide');
export const comment = defineSignal<[string]>('comment');
export const statusQuery = defineQuery<string>('status');

export async function reviewDocument(input: ReviewInput): Promise<Decision> {
  let decision: Decision | undefined;
  let status = 'requested';
  setHandler(decide, (d) => {
    decision ??= d;
  });
  setHandler(comment, async (text) => {
    await storeComment(input.docId, text);
  });
  setHandler(statusQuery, () => status);

  await requestReview(input.docId, input.reviewer);
  await Promise.race([condition(() => decision !== undefined), sleep(input.remindAfter)]);
  if (decision === undefined) {
    status = 'reminded';
    await sendReminder(input.docId, input.reviewer);
    await condition(() => decision !== undefined);
  }
  status = 'decided';
  await recordDecision(input.docId, decision!);
  return decision!;
}
