import rule from '../../rules/no-replay-dependent-logic.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { notify } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\n`;

testRule(rule, {
  valid: [
    { name: 'isReplaying only silences logging', code: `${head}export async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) log.info('first run');\n  await notify();\n}\n` },
    { name: 'unsafe.now() straight into a logger', code: `${head}export async function wf(): Promise<void> {\n  log.info('at', { now: workflowInfo().unsafe.now() });\n}\n` },
  ],
  invalid: [
    {
      name: 'a side effect only on the first run, and real time steering logic',
      code: `${head}export async function wf(): Promise<void> {\n  if (!workflowInfo().unsafe.isReplaying) await notify();\n  if (workflowInfo().unsafe.now() > 0) await notify();\n}\n`,
      errors: [
        { messageId: 'replaying', line: 5, column: 8 },
        { messageId: 'now', line: 6, column: 7 },
      ],
    },
  ],
});
