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
  ],
  invalid: [
    {
      name: 'waiting for a person with no deadline',
      code: `${head}export async function approval(): Promise<boolean> {\n  let approved: boolean | undefined;\n  setHandler(approve, (v) => void (approved = v));\n  await wf.condition(() => approved !== undefined);\n  return approved!;\n}\n`,
      errors: [{ messageId: 'decision', line: 8, column: 9, message: "('approved', set by 'approve')" }],
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
      errors: [{ messageId: 'decision', line: 9, column: 9, message: "set by 'review'" }],
    },
    {
      name: 'allMessages: every one-time message wait with no timeout',
      options: { allMessages: true },
      code: `${head}export const close = defineSignal('close');\nexport async function stream(): Promise<void> {\n  let closed = false;\n  setHandler(close, () => void (closed = true));\n  await condition(() => closed);\n}\n`,
      errors: [{ messageId: 'unbounded', line: 9, column: 9, message: "condition(fn, '2 days')" }],
    },
  ],
});
