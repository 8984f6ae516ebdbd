import rule from '../../rules/validation-error-retried-forever.js';
import { testRule } from '../support/rule-tester.js';

const WORKFLOW = (options: string): string => `import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { refund } = proxyActivities<typeof activities>(${options});

export async function refundOrder(orderId: string, cents: number): Promise<void> {
  await refund(orderId, cents);
}
`;

const ACTIVITY = `import { Context } from '@temporalio/activity';

export async function refund(orderId: string, cents: number): Promise<void> {
  if (!Number.isInteger(cents) || cents <= 0) {
    throw new Error(\`invalid refund amount \${cents}\`);
  }
  Context.current().log.info('refunding', { orderId, cents });
}
`;

testRule(rule, {
  valid: [
    {
      name: "the caller's retry policy names the error type",
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute', retry: { nonRetryableErrorTypes: ['Error'] } }`) },
    },
    {
      name: 'the caller allows one attempt',
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } }`) },
    },
    {
      name: 'the caller limits the attempts (maximumAttempts: 3): retried a few times, not until a timeout',
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1m', retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 } }`) },
    },
    {
      name: 'options the file cannot show',
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute', retry: RETRY }`).replace('const {', "import { RETRY } from './retry';\nconst {"), 'src/retry.ts': 'export const RETRY = { maximumAttempts: 3 };\n' },
    },
    {
      name: 'a non-retryable ApplicationFailure, a check after an await, a check of configuration, a throw caught in a try, and a factory checking its dependencies',
      code: `import { ApplicationFailure } from '@temporalio/activity';

export async function a(cents: number): Promise<void> {
  if (cents <= 0) throw ApplicationFailure.nonRetryable('invalid amount', 'InvalidInput');
}
export async function b(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error('HTTP ' + res.status);
  return res.statusText;
}
export async function c(id: string): Promise<string> {
  if (!process.env.API_KEY) throw new Error('API_KEY missing');
  return id;
}
export async function d(id: string): Promise<string> {
  try {
    if (!id) throw new Error('id required');
    return id;
  } catch {
    return '';
  }
}
export async function f(useFailure: boolean, message: string): Promise<void> {
  if (useFailure) throw ApplicationFailure.nonRetryable(message);
  else throw new Error(message);
}
export function createActivities(db: { q(): void } | undefined) {
  if (!db) throw new Error('db is required');
  return { async e(): Promise<void> { db.q(); } };
}
`,
    },
  ],
  invalid: [
    {
      name: 'a plain Error for bad input, called with the default retry policy',
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute' }`) },
      errors: [{ messageId: 'retried', line: 5, column: 5, message: 'in src/workflows.ts:4' }],
    },
    {
      name: 'a retry policy with unlimited attempts written out (maximumAttempts: 0, or Infinity)',
      code: ACTIVITY,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 0 } }`) + `const again = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: Infinity, initialInterval: '1s' } });\nexport async function twice(): Promise<void> { await again.refund('a', 1); }\n` },
      errors: [{ messageId: 'retried', line: 5, column: 5, message: 'in src/workflows.ts:' }],
    },
    {
      name: 'a TypeError for a destructured parameter, with no caller in sight; a retry policy naming another type',
      code: `export const check = async ({ email }: { email: string }): Promise<void> => {
  if (!email.includes('@')) throw new TypeError('not an email');
};
export async function refund(cents: number): Promise<void> {
  if (cents <= 0) throw Error('bad');
}
`,
      files: { 'src/workflows.ts': WORKFLOW(`{ startToCloseTimeout: '1 minute', retry: { nonRetryableErrorTypes: ['InvalidInput'] } }`) },
      errors: [
        { messageId: 'retried', line: 2, column: 29, message: "list 'TypeError'" },
        { messageId: 'retried', line: 5, column: 19, message: 'in src/workflows.ts:4' },
      ],
    },
  ],
});
