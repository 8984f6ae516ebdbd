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
  ],
  invalid: [
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
