import rule from '../../rules/condition-timeout.js';
import { testRule } from '../support/rule-tester.js';

const head = `import * as wf from '@temporalio/workflow';
import { allHandlersFinished, CancellationScope, condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';

export const approve = defineSignal<[boolean]>('approve');
`;

testRule(rule, {
  valid: [
    { name: 'a timeout', code: `${head}export async function approval(): Promise<boolean> {\n  let approved = false;\n  setHandler(approve, (v) => void (approved = v));\n  return await condition(() => approved, '2 days');\n}\n` },
    { name: 'allHandlersFinished', code: `${head}export async function done(): Promise<void> {\n  setHandler(approve, () => undefined);\n  await condition(allHandlersFinished);\n  await wf.condition(() => wf.allHandlersFinished());\n}\n` },
    { name: 'raced against a timer, or in a scope with a timeout', code: `${head}export async function approval(): Promise<void> {\n  let approved = false;\n  setHandler(approve, (v) => void (approved = v));\n  await Promise.race([condition(() => approved), sleep('1 day')]);\n  await CancellationScope.withTimeout('1 day', () => condition(() => approved));\n}\n` },
    { name: 'the next message in an entity loop', code: `${head}export async function entity(): Promise<void> {\n  const inbox: boolean[] = [];\n  setHandler(approve, (v) => void inbox.push(v));\n  while (inbox.length < 100) {\n    await condition(() => inbox.length > 0);\n    inbox.shift();\n  }\n}\n` },
    { name: 'waiting for state only the workflow sets, or a message that is no one\'s decision (without allMessages)', code: `${head}export const close = defineSignal('close');\nexport async function stream(): Promise<void> {\n  let confirmed = false;\n  let closed = false;\n  setHandler(close, () => void (closed = true));\n  void sleep(10).then(() => { confirmed = true; });\n  await condition(() => confirmed);\n  await condition(() => closed);\n}\n` },
    { name: 'a workflow with no signal or update handlers', code: `${head}export async function local(): Promise<void> {\n  let ready = false;\n  void sleep(10).then(() => { ready = true; });\n  await condition(() => ready);\n}\n` },
    {
      name: 'a message the client sends with signal-with-start (or update-with-start): it is in the first workflow task',
      code: `${head}export const decide = wf.defineUpdate<void, [boolean]>('decide');
export async function approval(): Promise<boolean> {
  let approved: boolean | undefined;
  let decided = false;
  setHandler(approve, (v) => void (approved = v));
  wf.setHandler(decide, (v) => { decided = v; });
  await condition(() => approved !== undefined);
  await condition(() => decided);
  return approved!;
}
`,
      files: {
        'src/client.ts': `import { Client, WithStartWorkflowOperation } from '@temporalio/client';\nimport { approval, approve as approveSignal, decide } from './workflows';\nexport async function start(client: Client): Promise<void> {\n  await client.workflow.signalWithStart(approval, { workflowId: 'a', taskQueue: 'q', signal: approveSignal, signalArgs: [true] });\n  const startWorkflowOperation = new WithStartWorkflowOperation(approval, { workflowId: 'a', taskQueue: 'q', workflowIdConflictPolicy: 'USE_EXISTING' });\n  await client.workflow.executeUpdateWithStart(decide, { args: [true], startWorkflowOperation });\n}\n`,
      },
    },
    {
      name: 'a signal another workflow sends (a parent signalling its child): code answering code, not a person',
      code: `${head}export async function parent(): Promise<string> {
  const handle = await wf.startChild(child, { args: [] });
  await handle.signal(approve, true);
  return handle.result();
}
export async function child(): Promise<string> {
  let approved = false;
  setHandler(approve, (v) => void (approved = v));
  await condition(() => approved);
  return 'ok';
}
`,
    },
    {
      name: "a wait that ends a session: the workflow answers other updates while it waits, and only returns after it",
      code: `${head}export const setLanguage = wf.defineUpdate<string, [string]>('setLanguage');
export async function greeting(): Promise<string> {
  let language = 'en';
  let approvedForRelease = false;
  setHandler(approve, () => void (approvedForRelease = true));
  wf.setHandler(setLanguage, (next) => {
    const previous = language;
    language = next;
    return previous;
  });
  await condition(() => approvedForRelease && wf.allHandlersFinished());
  return \`hello in \${language}\`;
}
`,
    },
    {
      name: "'manual' names how a thing is made, not who decides",
      code: `${head}export const enqueueManualOperation = defineSignal<[string]>('enqueueManualOperation');
export async function manualSegment(): Promise<number> {
  const queue: string[] = [];
  setHandler(enqueueManualOperation, (op) => void queue.push(op));
  await condition(() => queue.length > 0);
  return queue.length;
}
`,
    },
  ],
  invalid: [
    {
      name: 'a decision awaited twice reports the first wait only (the repeat, in a callback, returns at once)',
      code: `${head}export async function agent(run: (onApproval: () => Promise<boolean>) => Promise<boolean>): Promise<boolean> {
  let decision: boolean | undefined;
  setHandler(approve, (v) => void (decision = v));
  await condition(() => decision !== undefined);
  return run(async () => {
    await condition(() => decision !== undefined);
    return decision === true;
  });
}
`,
      errors: [{ messageId: 'decision', line: 8, column: 9, message: "'decision'" }],
    },
    {
      name: 'a session whose wait gates work, or whose result is the decision; a signal-with-start of another message',
      code: `${head}export const setLanguage = wf.defineUpdate<string, [string]>('setLanguage');
export const start = defineSignal('start');
export async function release(): Promise<boolean> {
  let approved = false;
  let language = 'en';
  setHandler(approve, () => void (approved = true));
  setHandler(start, () => undefined);
  wf.setHandler(setLanguage, (next) => (language = next));
  await condition(() => approved);
  await sleep(language.length);
  return approved;
}
export async function release2(): Promise<boolean> {
  let approved = false;
  let language = 'en';
  setHandler(approve, () => void (approved = true));
  wf.setHandler(setLanguage, (next) => (language = next));
  await condition(() => approved);
  return approved;
}
`,
      files: {
        'src/client.ts': `import { Client } from '@temporalio/client';\nimport { release, start } from './workflows';\nexport async function go(client: Client): Promise<void> {\n  await client.workflow.signalWithStart(release, { workflowId: 'a', taskQueue: 'q', signal: start, signalArgs: [] });\n}\n`,
      },
      errors: [
        { messageId: 'decision', line: 13, column: 9, message: "'approved'" },
        { messageId: 'decision', line: 22, column: 9, message: "'approved'" },
      ],
    },
    {
      name: 'waiting for a person with no deadline',
      code: `${head}export async function approval(): Promise<boolean> {\n  let approved: boolean | undefined;\n  setHandler(approve, (v) => void (approved = v));\n  await wf.condition(() => approved !== undefined);\n  return approved!;\n}\n`,
      errors: [{ messageId: 'decision', line: 8, column: 9, message: "for 'approved', which the signal 'approve' sets and whose name reads as a decision" }],
    },
    {
      name: 'a decision named by the message, its state a property set by an update, and a default handler',
      code: `${head}export const review = wf.defineUpdate<void, [string]>('review');
export async function publish(): Promise<void> {
  const state = { verdict: '' };
  wf.setHandler(review, (v) => { state.verdict = v; });
  await condition(() => state.verdict !== '');
  let answers = 0;
  wf.setDefaultSignalHandler(() => { answers++; });
  await condition(() => answers > 0);
}
`,
      errors: [{ messageId: 'decision', line: 9, column: 9, message: "which the update 'review' sets" }],
    },
    {
      name: 'allMessages: every one-time message wait with no timeout',
      options: { allMessages: true },
      code: `${head}export const close = defineSignal('close');\nexport async function stream(): Promise<void> {\n  let closed = false;\n  setHandler(close, () => void (closed = true));\n  await condition(() => closed);\n}\n`,
      errors: [{ messageId: 'unbounded', line: 9, column: 9, message: "condition(fn, '2 days')" }],
    },
  ],
});
