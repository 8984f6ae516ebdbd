import rule from '../../rules/activity-heartbeat.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a loop that heartbeats', code: `import { heartbeat } from '@temporalio/activity';\nexport async function resize(images: string[]): Promise<void> {\n  for (const [i, image] of images.entries()) {\n    heartbeat(i);\n    await fetch(image, { method: 'PUT' });\n  }\n}\n` },
    { name: 'Context.current().heartbeat() and cancellation together', code: `import { Context } from '@temporalio/activity';\nexport async function poll(): Promise<void> {\n  while (!Context.current().cancellationSignal.aborted) {\n    Context.current().heartbeat();\n    await new Promise((r) => setTimeout(r, 1000));\n  }\n}\n` },
    { name: 'a loop that awaits nothing', code: `export async function sum(xs: number[]): Promise<number> {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}\n` },
  ],
  invalid: [
    {
      name: 'a loop of awaited calls, no heartbeat',
      code: `export async function resize(images: string[]): Promise<void> {\n  for (const image of images) {\n    await fetch(image, { method: 'PUT' });\n  }\n}\n`,
      errors: [{ messageId: 'loop', line: 2, column: 3, message: 'heartbeatTimeout' }],
    },
    {
      name: 'waiting for a cancellation that can never arrive',
      code: `import { cancelled } from '@temporalio/activity';\nexport async function wait(): Promise<void> {\n  await cancelled();\n}\n`,
      errors: [{ messageId: 'cancellation', line: 3, column: 9, message: 'cancelled()' }],
    },
  ],
});
