import rule from '../../rules/no-workflow-apis-in-activities.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: "the activity package's log, sleep and info", code: `import { activityInfo, log, sleep } from '@temporalio/activity';\nexport async function greet(name: string): Promise<string> {\n  log.info('greeting', { name });\n  await sleep(10);\n  return activityInfo().workflowExecution.workflowId;\n}\n` },
    {
      name: 'what works outside a workflow: uuid4 (it falls back to Math.random), definitions, failures, inWorkflowContext',
      code: `import { ApplicationFailure, defineSignal, inWorkflowContext, isCancellation, uuid4 } from '@temporalio/workflow';\nexport const done = defineSignal('done');\nexport async function greet(): Promise<string> {\n  if (isCancellation(new Error())) throw ApplicationFailure.nonRetryable('x');\n  return inWorkflowContext() ? 'wf' : uuid4();\n}\n`,
    },
    {
      name: 'a shared helper that calls the workflow logger only inside a workflow',
      code: `import { inWorkflowContext, log } from '@temporalio/workflow';\nfunction info(message: string): void {\n  if (inWorkflowContext()) log.info(message);\n  else console.log(message);\n}\nexport async function greet(): Promise<void> {\n  if (!inWorkflowContext()) return info('x');\n  log.warn('only in a workflow');\n}\n`,
    },
    {
      name: "a workflow module that also declares activities, registered through a namespace import (samples' message-passing/introduction)",
      filename: 'src/workflows.ts',
      code: `import * as wf from '@temporalio/workflow';\nexport const activities = {\n  async callGreetingService(): Promise<string> { return 'hi'; },\n};\nexport async function greetingWorkflow(): Promise<string> {\n  wf.setHandler(wf.defineQuery<string>('q'), () => 'x');\n  await wf.condition(() => true);\n  return 'done';\n}\n`,
      files: { 'src/test/workflows.test.ts': `import { Worker } from '@temporalio/worker';\nimport * as greetingWorkflow from '../workflows';\nWorker.create({ taskQueue: 't', workflowsPath: require.resolve('../workflows'), activities: greetingWorkflow.activities });\n` },
    },
    { name: 'workflow code', filename: 'src/workflows.ts', code: `import { log, sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {\n  log.info('x');\n  await sleep(1);\n}\n` },
  ],
  invalid: [
    {
      name: 'the workflow logger in an activity',
      code: `import { log } from '@temporalio/workflow';\n\nexport async function sendReceipt(orderId: string): Promise<void> {\n  log.info('sending receipt', { orderId });\n}\n`,
      errors: [{ messageId: 'workflowOnly', line: 4, column: 3, message: 'log from @temporalio/activity' }],
    },
    {
      name: 'sleep, workflowInfo through a namespace, children, scopes and triggers',
      code: `import * as wf from '@temporalio/workflow';\nimport { CancellationScope, executeChild, sleep, Trigger } from '@temporalio/workflow';\nexport async function step(): Promise<string> {\n  await sleep('1 second');\n  const id = wf.workflowInfo().workflowId;\n  await executeChild('child', { args: [id] });\n  await CancellationScope.nonCancellable(async () => undefined);\n  const ready = new Trigger<void>();\n  void ready;\n  return id;\n}\n`,
      errors: [
        { messageId: 'workflowOnly', line: 4, column: 9, message: 'sleep from @temporalio/activity' },
        { messageId: 'workflowOnly', line: 5, column: 14, message: 'activityInfo()' },
        { messageId: 'workflowOnly', line: 6, column: 9, message: 'Client' },
        { messageId: 'workflowOnly', line: 7, column: 9 },
        { messageId: 'workflowOnly', line: 8, column: 17 },
      ],
    },
    {
      name: 'an activity declared in a workflow module',
      filename: 'src/workflows.ts',
      code: `import * as wf from '@temporalio/workflow';\nexport const activities = {\n  async callGreetingService(): Promise<string> {\n    await wf.sleep(100);\n    return 'hi';\n  },\n};\nexport async function greetingWorkflow(): Promise<string> {\n  await wf.sleep(1);\n  return 'done';\n}\n`,
      files: { 'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport { activities } from './workflows';\nWorker.create({ taskQueue: 't', workflowsPath: require.resolve('./workflows'), activities });\n` },
      errors: [{ messageId: 'workflowOnly', line: 4, column: 11 }],
    },
    {
      name: 'a helper of the activity module, and require()',
      code: `const { proxyActivities, metricMeter } = require('@temporalio/workflow');\nfunction count(): void {\n  metricMeter.createCounter('receipts').add(1);\n}\nexport async function greet(): Promise<void> {\n  count();\n  const { other } = proxyActivities({ startToCloseTimeout: '1 minute' });\n  await other();\n}\n`,
      errors: [
        { messageId: 'workflowOnly', line: 3, column: 3 },
        { messageId: 'workflowOnly', line: 7, column: 21 },
      ],
    },
  ],
});
