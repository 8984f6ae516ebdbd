import { sleep, uuid4, workflowInfo } from '@temporalio/workflow';
import { isBusinessHours } from '../util/time';
import { reportId } from '../util/ids';

export async function dailyReport(): Promise<string[]> {
  const sent: string[] = [];
  for (let day = 0; day < 7; day++) {
    if (isBusinessHours(new Date())) sent.push(`${reportId()}-${uuid4()}`);
    if (!workflowInfo().unsafe.isReplaying) console.log('report day', day);
    await sleep('1 day');
  }
  return sent;
}
