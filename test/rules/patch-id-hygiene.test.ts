import rule from '../../rules/patch-id-hygiene.js';
import { testRule } from '../support/rule-tester.js';

const HEAD = `import * as wf from '@temporalio/workflow';
import { deprecatePatch, patched } from '@temporalio/workflow';
import type * as activities from './activities';
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
`;

testRule(rule, {
  valid: [
    {
      name: 'string literals, consts bound to them, const objects and imported consts',
      code: `${HEAD}import { PAYMENT_PATCH } from './patches';
import * as patches from './patches';
const NEW_GREETING = 'new-greeting';
const PATCHES = { audit: 'audit-step' } as const;
export async function wf1(): Promise<void> {
  if (patched('my-change-id')) await greet('v2');
  if (patched(NEW_GREETING)) await greet('v3');
  if (wf.patched(PATCHES.audit)) await greet('audit');
  if (patched(PAYMENT_PATCH) || patched(patches.REFUND_PATCH)) await greet('pay');
  deprecatePatch(\`old-change\`);
}
`,
      files: { 'src/patches.ts': `export const PAYMENT_PATCH = 'payment-v2';\nexport const REFUND_PATCH = 'refund-v2';\n` },
    },
    {
      name: 'the same id several times in one workflow (the SDK allows it), and in helpers',
      code: `${HEAD}async function step(): Promise<void> {
  if (patched('loop-change')) await greet('helper');
}
export async function wf1(items: string[]): Promise<void> {
  for (const item of items) {
    if (patched('loop-change')) await greet(item);
  }
  if (patched('loop-change')) await greet('after');
  await step();
}
`,
    },
    {
      name: 'versions of one workflow in separate files use the same id (patched, then deprecatePatch)',
      code: `${HEAD}export async function orderWorkflow(): Promise<void> {
  deprecatePatch('my-change-id');
  await greet('b');
}
`,
      files: { 'src/workflows-v2.ts': `${HEAD}export async function orderWorkflow(): Promise<void> {\n  if (patched('my-change-id')) await greet('b');\n  else await greet('a');\n}\n` },
    },
    {
      name: 'an id the file cannot see is not guessed to be dynamic',
      code: `${HEAD}import { ids } from 'some-package';
export async function wf1(): Promise<void> {
  if (patched(ids.current)) await greet('x');
}
`,
    },
  ],
  invalid: [
    {
      name: 'ids built at run time: template, concatenation, parameter, let, call',
      code: `${HEAD}let current = 'a';
export async function wf1(version: string): Promise<void> {
  if (patched(\`change-\${version}\`)) await greet('1');
  if (patched('change-' + version)) await greet('2');
  if (patched(version)) await greet('3');
  if (patched(current)) await greet('4');
  deprecatePatch(String(Date.now()));
}
`,
      errors: [
        { messageId: 'dynamic', line: 7, column: 15, message: 'a template with substitutions' },
        { messageId: 'dynamic', line: 8, column: 15, message: 'concatenation' },
        { messageId: 'dynamic', line: 9, column: 15, message: "the parameter 'version'" },
        { messageId: 'dynamic', line: 10, column: 15, message: "the variable 'current'" },
        { messageId: 'dynamic', line: 11, column: 18, message: 'deprecatePatch()' },
      ],
    },
    {
      name: 'a const that is itself computed',
      code: `${HEAD}const ID = 'v' + 2;
export async function wf1(): Promise<void> {
  if (patched(ID)) await greet('x');
}
`,
      errors: [{ messageId: 'dynamic', line: 7, column: 15 }],
    },
    {
      name: 'one id for changes in two different workflows of a file',
      code: `${HEAD}export async function orders(): Promise<void> {
  if (patched('v2')) await greet('orders');
}
export const refunds = async (): Promise<void> => {
  if (patched('v2')) await greet('refunds');
};
`,
      errors: [{ messageId: 'reused', line: 9, column: 15, message: "already used by workflow 'orders'" }],
    },
    {
      name: "an id read from a parameter's property",
      code: `${HEAD}export async function wf1(input: { id: string }): Promise<void> {
  if (patched(input.id)) await greet('x');
}
`,
      errors: [{ messageId: 'dynamic', line: 6, column: 15, message: "the property 'id' of the parameter 'input'" }],
    },
    {
      name: 'a bare patched() whose answer chooses nothing (also with void); its result kept or tested is fine',
      code: `${HEAD}export async function wf1(): Promise<void> {
  patched('send-welcome-email');
  await greet('welcome');
  void (patched('audit'));
  const useV2 = patched('v2');
  if (useV2) await greet('v2');
  await greet(patched('v3') ? 'a' : 'b');
  deprecatePatch('old');
}
`,
      errors: [
        { messageId: 'unused', line: 6, column: 3, message: "if (patched('send-welcome-email'))" },
        { messageId: 'unused', line: 8, column: 9 },
      ],
    },
  ],
});
