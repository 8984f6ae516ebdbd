import rule from '../../rules/cleanup-in-cancelled-scope.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { CancellationScope, executeChild, isCancellation, log, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { charge, refund, releaseHold, markFailed } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
`;

/** A workflow whose body is `lines`: its first line is line 6 of the file. */
const workflow = (...lines: string[]): string => `${head}export async function wf(id: string): Promise<unknown> {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;

testRule(rule, {
  valid: [
    { name: 'cancellation cleanup in a non-cancellable scope', code: workflow('try {', "  await sleep('30 minutes');", '} catch (err) {', '  if (isCancellation(err)) {', '    await CancellationScope.nonCancellable(() => releaseHold(id));', '  }', '  throw err;', '}') },
    { name: 'a finally whose cleanup cannot be cancelled', code: workflow('try {', '  await charge(id);', '} finally {', '  await CancellationScope.nonCancellable(async () => {', '    await releaseHold(id);', '  });', '}') },
    {
      name: 'a generic catch that calls an activity: for a cancellation its rejection re-raises it',
      code: workflow('try {', '  await charge(id);', '  return true;', '} catch (err) {', '  await markFailed(id);', '  return false;', '}'),
    },
    { name: 'an activity only for what is not a cancellation', code: workflow('try {', '  await charge(id);', '} catch (err) {', '  if (!isCancellation(err)) await markFailed(id);', '  throw err;', '}') },
    { name: 'a finally after a try that awaits nothing Temporal', code: workflow('try {', "  JSON.parse('{}');", '} finally {', '  await releaseHold(id);', '}') },
    { name: 'a finally that skips the cleanup on cancellation on purpose', code: workflow('try {', '  await charge(id);', '} finally {', '  if (!CancellationScope.current().consideredCancelled) await releaseHold(id);', '}') },
    { name: 'the whole try in a non-cancellable scope', code: workflow('await CancellationScope.nonCancellable(async () => {', '  try {', '    await charge(id);', '  } finally {', '    await releaseHold(id);', '  }', '});') },
    {
      name: 'compensations run in a non-cancellable scope: inline, or in the helper they are handed to',
      code: `${workflow('const compensations: Array<() => Promise<void>> = [];', 'try {', '  compensations.unshift(() => refund(id));', '  await charge(id);', '} catch (err) {', '  await CancellationScope.nonCancellable(async () => {', '    for (const c of compensations) await c();', '  });', '  await compensate(compensations);', '  throw err;', '}')}async function compensate(list: Array<() => Promise<void>>): Promise<void> {\n  await CancellationScope.nonCancellable(async () => {\n    for (const c of list) await c();\n  });\n}\n`,
    },
    { name: 'compensations skipped on cancellation on purpose', code: workflow('const undo: Array<() => Promise<void>> = [];', 'try {', '  undo.unshift(() => refund(id));', '  await charge(id);', '} catch (err) {', '  if (!isCancellation(err)) for (const u of undo) await u();', '  throw err;', '}') },
  ],
  invalid: [
    {
      name: 'an activity in the cancellation branch of a catch, and in a finally',
      code: `${workflow('try {', "  await sleep('30 minutes');", '} catch (err) {', '  if (isCancellation(err)) {', '    await releaseHold(id);', '  }', '  throw err;', '}')}export async function ship(id: string): Promise<void> {\n  try {\n    await charge(id);\n  } finally {\n    await releaseHold(id);\n  }\n}\n`,
      errors: [
        { messageId: 'cancellationBranch', line: 10, message: 'CancellationScope.nonCancellable' },
        { messageId: 'finally', line: 19 },
      ],
    },
    {
      name: 'after a guard that leaves for everything else, in the else of a negated check, a child workflow, through a helper',
      code: `${workflow(
        'try {',
        '  await charge(id);',
        '} catch (err) {',
        '  if (!isCancellation(err)) throw err;',
        '  await releaseHold(id);',
        '  throw err;',
        '}',
        'try {',
        '  await charge(id);',
        '} catch (e) {',
        "  if (!isCancellation(e)) log.warn('failed');",
        '  else await executeChild(cleanupWorkflow, { args: [id] });',
        '  throw e;',
        '}',
        'try {',
        '  await charge(id);',
        '} catch (e) {',
        '  if (isCancellation(e)) await release(id);',
        '  throw e;',
        '}',
      )}export async function cleanupWorkflow(id: string): Promise<void> {\n  await releaseHold(id);\n}\nasync function release(id: string): Promise<void> {\n  await releaseHold(id);\n}\n`,
      errors: [
        { messageId: 'cancellationBranch', line: 10 },
        { messageId: 'cancellationBranch', line: 17, message: 'child workflow' },
        { messageId: 'cancellationBranch', line: 23, message: 'activity (through release())' },
      ],
    },
    {
      name: 'compensations run in the cancelled scope: a loop in the catch, forEach, a helper, a Saga method, a finally',
      code: `${workflow(
        'const undo: Array<() => Promise<void>> = [];',
        'const saga = new Saga();',
        'try {',
        '  undo.unshift(() => refund(id));',
        '  saga.addCompensation(() => refund(id));',
        '  await charge(id);',
        '} catch (err) {',
        '  for (const step of undo) await step();',
        '  undo.forEach((step) => void step());',
        '  await compensate(undo);',
        '  await saga.compensate();',
        '  throw err;',
        '}',
        'const rollbacks: Array<() => Promise<void>> = [];',
        'try {',
        '  rollbacks.push(() => releaseHold(id));',
        '  await charge(id);',
        '} finally {',
        '  for (const r of [...rollbacks].reverse()) await r();',
        '}',
      )}async function compensate(list: Array<() => Promise<void>>): Promise<void> {\n  for (const c of list) await c();\n}\nclass Saga {\n  private readonly steps: Array<() => Promise<void>> = [];\n  addCompensation(fn: () => Promise<void>): void {\n    this.steps.unshift(fn);\n  }\n  async compensate(): Promise<void> {\n    for (const s of this.steps) await s();\n  }\n}\n`,
      errors: [
        { messageId: 'compensations', line: 13 },
        { messageId: 'compensations', line: 14 },
        { messageId: 'compensations', line: 15 },
        { messageId: 'compensations', line: 16 },
        { messageId: 'compensations', line: 24 },
      ],
    },
  ],
});
