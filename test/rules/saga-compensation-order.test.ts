import rule from '../../rules/saga-compensation-order.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { reserve, release, charge, refund } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
`;

testRule(rule, {
  valid: [
    {
      name: 'registered before the step, push + reverse() when compensating',
      code: `${head}export async function order(): Promise<void> {
  const compensations: Array<() => Promise<void>> = [];
  try {
    compensations.push(() => release());
    await reserve();
    compensations.push(() => refund());
    await charge();
  } catch (err) {
    for (const compensate of compensations.reverse()) await compensate();
    throw err;
  }
}
`,
    },
    {
      name: 'unshift + forward iteration, in a helper the list is handed to',
      code: `${head}async function compensate(list: Array<{ fn: () => Promise<void> }>): Promise<void> {
  for (const c of list) await c.fn();
}
export async function order(): Promise<void> {
  const compensations: Array<{ fn: () => Promise<void> }> = [];
  try {
    compensations.unshift({ fn: () => release() });
    await reserve();
  } catch (err) {
    await compensate(compensations);
    throw err;
  }
}
`,
    },
    {
      name: 'push + a backward index loop',
      code: `${head}export async function order(): Promise<void> {
  const undo: Array<() => Promise<void>> = [];
  undo.push(() => release());
  await reserve();
  for (let i = undo.length - 1; i >= 0; i--) await undo[i]!();
}
`,
    },
    {
      name: 'a list of plain callbacks that is not a saga',
      code: `${head}export async function hooks(): Promise<number> {
  const listeners: Array<() => number> = [];
  await reserve();
  listeners.push(() => 1);
  let sum = 0;
  for (const l of listeners) sum += l();
  return sum;
}
`,
    },
    {
      name: 'every registration form before its step: splice, a helper of the file, a Saga method',
      code: `${head}class Saga {
  private readonly steps: Array<() => Promise<void>> = [];
  addCompensation(fn: () => Promise<void>): void {
    this.steps.unshift(fn);
  }
}
export async function order(id: string): Promise<void> {
  const undo: Array<() => Promise<void>> = [];
  const addUndo = (fn: () => Promise<void>): void => void undo.unshift(fn);
  const saga = new Saga();
  undo.splice(0, 0, () => release());
  await reserve();
  addUndo(() => refund());
  await charge();
  saga.addCompensation(() => release());
  await reserve();
  void id;
}
`,
    },
  ],
  invalid: [
    {
      name: 'registered after the step by every means: splice, a helper, a Saga method, an undo that uses the step result',
      code: `${head}class Saga {
  private readonly steps: Array<() => Promise<void>> = [];
  addCompensation(fn: () => Promise<void>): void {
    this.steps.unshift(fn);
  }
}
const rollbacks: Array<() => Promise<void>> = [];
function onFailure(fn: () => Promise<void>): void {
  rollbacks.push(fn);
}
export async function spliced(): Promise<void> {
  const undo: Array<() => Promise<void>> = [];
  await reserve();
  undo.splice(0, 0, () => release());
}
export async function helped(): Promise<void> {
  await charge();
  onFailure(() => refund());
}
export async function method(): Promise<void> {
  const saga = new Saga();
  await reserve();
  saga.addCompensation(() => release());
}
export async function usesResult(): Promise<void> {
  const undo: Array<() => Promise<void>> = [];
  const receipt = await charge();
  undo.unshift(() => refund(receipt));
}
`,
      errors: [
        { messageId: 'afterStep', line: 18 },
        { messageId: 'afterStep', line: 22 },
        { messageId: 'afterStep', line: 27 },
        { messageId: 'afterStep', line: 32 },
      ],
    },
    {
      name: "Temporal's saga sample: each compensation is registered after its step",
      code: `${head}export async function order(): Promise<void> {
  const compensations: Array<{ fn: () => Promise<void> }> = [];
  try {
    await reserve();
    // reserved, so release if a later step fails
    compensations.unshift({ fn: () => release() });
    await charge();
    compensations.unshift({ fn: () => refund() });
  } catch (err) {
    for (const c of compensations) await c.fn();
    throw err;
  }
}
`,
      errors: [
        { messageId: 'afterStep', line: 10, column: 5, message: 'Register the compensation before awaiting the step' },
        { messageId: 'afterStep', line: 12, column: 5 },
      ],
    },
    {
      name: 'push + forward iteration undoes the first step first',
      code: `${head}export async function order(): Promise<void> {
  const compensations: Array<() => Promise<void>> = [];
  try {
    compensations.push(() => release());
    await reserve();
    compensations.push(() => refund());
    await charge();
  } catch (err) {
    for (const compensate of compensations) await compensate();
    throw err;
  }
}
`,
      errors: [{ messageId: 'order', line: 13, column: 30, message: 'registered with push() and run here in registration order' }],
    },
    {
      name: 'push + forEach in a helper',
      code: `${head}function rollback(steps: Array<() => Promise<void>>): void {
  steps.forEach((s) => void s());
}
export async function order(): Promise<void> {
  const steps: Array<() => Promise<void>> = [];
  steps.push(() => release());
  await reserve();
  rollback(steps);
}
`,
      errors: [{ messageId: 'order', line: 6, column: 3 }],
    },
  ],
});
