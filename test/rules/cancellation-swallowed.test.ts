import rule from '../../rules/cancellation-swallowed.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { ApplicationFailure, CancellationScope, CancelledFailure, isCancellation, log, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { charge, notify } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
`;

testRule(rule, {
  valid: [
    { name: 'checks isCancellation and rethrows it', code: `${head}export async function wf(): Promise<string> {\n  try {\n    await charge();\n    return 'charged';\n  } catch (err) {\n    if (isCancellation(err)) throw err;\n    return 'declined';\n  }\n}\n` },
    { name: 'instanceof CancelledFailure', code: `${head}export async function wf(): Promise<void> {\n  try {\n    await sleep('1 day');\n  } catch (err) {\n    if (err instanceof CancelledFailure) log.info('cancelled');\n  }\n}\n` },
    { name: 'compensates, then rethrows (as a business failure)', code: `${head}export async function wf(): Promise<void> {\n  try {\n    await charge();\n  } catch (err) {\n    await notify();\n    throw ApplicationFailure.nonRetryable(String(err));\n  }\n}\n` },
    { name: 'a try block that awaits no Temporal call', code: `${head}export async function wf(): Promise<number> {\n  try {\n    return JSON.parse('{') as number;\n  } catch {\n    return 0;\n  }\n}\n` },
    { name: 'inside a non-cancellable scope', code: `${head}export async function wf(): Promise<void> {\n  await CancellationScope.nonCancellable(async () => {\n    try {\n      await notify();\n    } catch {\n      log.warn('notification failed');\n    }\n  });\n}\n` },
  ],
  invalid: [
    {
      name: 'a fallback that also swallows cancellation',
      code: `${head}export async function wf(): Promise<string> {\n  try {\n    await charge();\n    return 'charged';\n  } catch (err) {\n    log.warn('charge failed', { err });\n    return 'declined';\n  }\n}\n`,
      errors: [{ messageId: 'swallowed', line: 9, column: 5, message: 'isCancellation(err)' }],
    },
    {
      name: 'an empty catch around a timer in a retry loop',
      code: `${head}export async function wf(): Promise<void> {\n  for (let i = 0; i < 3; i++) {\n    try {\n      await sleep('1 minute');\n      await charge();\n      return;\n    } catch {}\n  }\n}\n`,
      errors: [{ messageId: 'swallowed', line: 11, column: 7, message: 'sleep()' }],
    },
  ],
});
