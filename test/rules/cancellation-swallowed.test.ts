import rule from '../../rules/cancellation-swallowed.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { ApplicationFailure, CancellationScope, CancelledFailure, continueAsNew, isCancellation, log, proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { charge, notify } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
`;

/** A workflow whose body is `lines`: its first line is line 6 of the file. */
const workflow = (...lines: string[]): string => `${head}export async function wf(retryable: boolean): Promise<unknown> {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;

const RETHROWS_CANCELLATION = `import { isCancellation, log } from '@temporalio/workflow';\nexport function rethrowIfCancelled(err: unknown): void {\n  if (isCancellation(err)) throw err;\n  log.warn('step failed', { err: String(err) });\n}\n`;
const ONLY_LOGS = `import { log } from '@temporalio/workflow';\nexport function rethrowIfCancelled(err: unknown): void {\n  log.warn('step failed', { err: String(err) });\n}\n`;

/** A helper whose catch logs and returns: harmless only if every caller then awaits a Temporal call. */
const TRY_CHARGE = `async function tryCharge(id: number): Promise<boolean> {\n  try {\n    await charge(id);\n    return true;\n  } catch (err) {\n    log.warn('charge failed', { err: String(err) });\n    return false;\n  }\n}\n`;

/** A state-machine driver (the shape of temporal-commerce-demo's framework/driver.ts) that runs the onStart hook, then waits on conditions. */
const DRIVER = `import { condition, isCancellation, log } from '@temporalio/workflow';\nexport interface Hooks {\n  onStart?: (n: number) => Promise<number>;\n  states: Record<string, number>;\n}\nexport async function runMachine(config: Hooks, input: number): Promise<number> {\n  let n = input;\n  if (config.onStart) {\n    const started = await config.onStart!(n);\n    n = started + (config.states.extra ?? 0);\n  }\n  try {\n    while (true) {\n      if (n > 10) break;\n      await condition(() => n > 5, '1 minute');\n      n++;\n    }\n  } catch (err) {\n    if (isCancellation(err)) log.info('cancelled');\n    throw err;\n  }\n  await condition(() => true);\n  return n;\n}\n`;

/** A workflow handing an onStart hook whose catch swallows (line 12) to the driver in src/machine. */
const HOOKED = `${head}import { runMachine } from './machine';\nexport async function wf(): Promise<number> {\n  const hooks = {\n    onStart: async (n: number): Promise<number> => {\n      for (const id of [1, 2]) {\n        try {\n          await charge(id);\n        } catch (err) {\n          log.warn('charge failed', { err: String(err) });\n        }\n      }\n      return n + 1;\n    },\n    states: {},\n  };\n  return runMachine(hooks, 0);\n}\n`;

testRule(rule, {
  valid: [
    { name: 'checks isCancellation and rethrows it', code: `${head}export async function wf(): Promise<string> {\n  try {\n    await charge();\n    return 'charged';\n  } catch (err) {\n    if (isCancellation(err)) throw err;\n    return 'declined';\n  }\n}\n` },
    { name: 'instanceof CancelledFailure', code: `${head}export async function wf(): Promise<void> {\n  try {\n    await sleep('1 day');\n  } catch (err) {\n    if (err instanceof CancelledFailure) log.info('cancelled');\n  }\n}\n` },
    { name: 'compensates, then rethrows (as a business failure)', code: `${head}export async function wf(): Promise<void> {\n  try {\n    await charge();\n  } catch (err) {\n    await notify();\n    throw ApplicationFailure.nonRetryable(String(err));\n  }\n}\n` },
    { name: 'a try block that awaits no Temporal call', code: `${head}export async function wf(): Promise<number> {\n  try {\n    return JSON.parse('{') as number;\n  } catch {\n    return 0;\n  }\n}\n` },
    {
      name: 'hands the error to a helper of the file that rethrows cancellations',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  report(err);', '}')}function report(failure: unknown): void {\n  if (isCancellation(failure)) throw failure;\n  log.warn('charge failed');\n}\n`,
    },
    {
      name: 'hands the error to an imported helper, through a barrel that renames it',
      code: workflow('try {', '  await charge();', '} catch (err) {', '  onFailure(err);', '}').replace("import type * as activities from './activities';", "import type * as activities from './activities';\nimport { onFailure } from './failures';"),
      files: { 'src/failures/index.ts': "export { rethrowIfCancelled as onFailure } from './rethrow';\n", 'src/failures/rethrow.ts': RETHROWS_CANCELLATION },
    },
    {
      name: 'hands the error to a namespace-imported helper that passes it on to one that rethrows',
      code: workflow('try {', '  await charge();', '} catch (err) {', '  failures.handle(err);', '}').replace("import type * as activities from './activities';", "import type * as activities from './activities';\nimport * as failures from './failures';"),
      files: { 'src/failures.ts': `${RETHROWS_CANCELLATION}export function handle(e: unknown): void {\n  rethrowIfCancelled(e);\n}\n` },
    },
    {
      name: 'hands the error to a helper that always throws (another error)',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  fail(err);', '}')}function fail(cause: unknown): never {\n  throw ApplicationFailure.nonRetryable(String(cause));\n}\n`,
    },
    { name: 'awaits another activity before returning: the SDK rejects it in a cancelled scope', code: workflow('try {', '  await charge();', '  return true;', '} catch (err) {', '  await notify();', '  return false;', '}') },
    { name: 'falls through to a timer after the try', code: workflow('try {', '  await charge();', '} catch (err) {', "  log.warn('retrying');", '}', "await sleep('1 hour');", 'return charge();') },
    { name: 'returns a Temporal call (the async function adopts its rejection)', code: workflow('try {', '  await charge();', '} catch {', '  return notify();', '}', 'return true;') },
    { name: 'both branches of an if await a Temporal call', code: workflow('try {', '  await charge();', '} catch (err) {', '  if (retryable) await sleep(1000);', "  else await notify();", '  return false;', '}') },
    { name: 'a Temporal call in Promise.all', code: workflow('try {', '  await charge();', '} catch {', "  await Promise.all([notify(), sleep('1 minute')]);", '}') },
    { name: 'a retry loop that sleeps outside the try', code: workflow('while (true) {', '  try {', '    return await charge();', '  } catch {', "    log.warn('retrying');", '  }', "  await sleep('1 minute');", '}') },
    { name: 'a loop over items, then a Temporal call after it', code: workflow('for (const id of [1, 2]) {', '  try {', '    await charge(id);', '  } catch {', '    continue;', '  }', '}', 'await notify();') },
    { name: 'a finally that always awaits a Temporal call', code: workflow('try {', '  await charge();', '  return true;', '} catch {', '  return false;', '} finally {', '  await notify();', '}') },
    { name: 'a switch whose every case awaits', code: workflow('try {', '  await charge();', '} catch {', '  switch (String(retryable)) {', "    case 'true':", '      await sleep(1);', '      break;', '    default:', '      await notify();', '  }', '}') },
    { name: 'inside a non-cancellable scope', code: `${head}export async function wf(): Promise<void> {\n  await CancellationScope.nonCancellable(async () => {\n    try {\n      await notify();\n    } catch {\n      log.warn('notification failed');\n    }\n  });\n}\n` },
    {
      name: "a helper's catch returns to callers that each await a Temporal call next (also through a helper that returns its call)",
      code: `${head}${TRY_CHARGE}async function chargeOrNot(id: number): Promise<boolean> {\n  return tryCharge(id);\n}\nexport async function wf(): Promise<void> {\n  const ok = await tryCharge(1);\n  if (!ok) await notify();\n  else await sleep('1 minute');\n  await chargeOrNot(2);\n  await sleep('1 day');\n}\n`,
    },
    {
      name: 'a hook whose catch returns into a driver (one import away, through a barrel) that next awaits a condition',
      code: HOOKED,
      files: { 'src/machine/index.ts': "export { runMachine } from './driver';\n", 'src/machine/driver.ts': DRIVER },
    },
    {
      name: 'the same hook as a method of an object literal written in the call',
      code: `${head}import { runMachine } from './machine';\nexport async function wf(): Promise<number> {\n  return runMachine({\n    async onStart(n: number): Promise<number> {\n      try {\n        await charge(n);\n      } catch {\n        n = 0;\n      }\n      return n;\n    },\n    states: {},\n  }, 0);\n}\n`,
      files: { 'src/machine/index.ts': "export { runMachine } from './driver';\n", 'src/machine/driver.ts': DRIVER },
    },
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
    {
      name: 'hands the error to a helper that only logs it, whatever its name',
      code: workflow('try {', '  await charge();', '} catch (err) {', '  rethrowIfCancelled(err);', '}').replace("import type * as activities from './activities';", "import type * as activities from './activities';\nimport { rethrowIfCancelled } from './failures';"),
      files: { 'src/failures.ts': ONLY_LOGS },
      errors: [{ messageId: 'swallowed', line: 9 }],
    },
    { name: 'awaits a Temporal call on one branch only, then returns', code: workflow('try {', '  await charge();', '} catch (err) {', '  if (retryable) await notify();', '  return false;', '}'), errors: [{ messageId: 'swallowed', line: 8 }] },
    { name: 'returns early in one branch', code: workflow('try {', '  await charge();', '} catch (err) {', "  if (!retryable) return 'gave up';", '}', "await sleep('1 hour');"), errors: [{ messageId: 'swallowed', line: 8 }] },
    { name: 'a Temporal call that may be short-circuited', code: workflow('try {', '  await charge();', '} catch {', '  retryable && (await notify());', '}'), errors: [{ messageId: 'swallowed', line: 8 }] },
    { name: 'continues as new after the catch', code: workflow('try {', '  await charge();', '} catch {', "  log.warn('failed');", '}', 'await continueAsNew<typeof wf>(retryable);'), errors: [{ messageId: 'swallowed', line: 8 }] },
    { name: 'the next call runs in a non-cancellable scope, which the cancellation does not reach', code: workflow('try {', '  await charge();', '} catch {', "  log.warn('failed');", '}', 'await CancellationScope.nonCancellable(() => notify());'), errors: [{ messageId: 'swallowed', line: 8 }] },
    { name: 'a finally whose cleanup cannot be cancelled', code: workflow('try {', '  await charge();', '  return true;', '} catch {', '  return false;', '} finally {', '  await CancellationScope.nonCancellable(() => notify());', '}'), errors: [{ messageId: 'swallowed', line: 9 }] },
    { name: 'an endless retry loop, spinning on the rejection', code: workflow('while (true) {', '  try {', '    return await charge();', '  } catch {', "    log.warn('retrying');", '  }', '}'), errors: [{ messageId: 'swallowed', line: 9 }] },
    {
      name: 'a helper whose catch returns: exported (callers unseen), called before a return, or called from a callback',
      code: `${head}export ${TRY_CHARGE}async function settle(id: number): Promise<boolean> {\n  try {\n    await charge(id);\n    return true;\n  } catch {\n    return false;\n  }\n}\nasync function settleAll(): Promise<void> {\n  await Promise.all([1, 2].map((id) => settle(id)));\n  await sleep('1 day');\n}\nasync function refund(): Promise<string> {\n  try {\n    await notify();\n  } catch {\n    log.warn('no refund');\n  }\n  return 'done';\n}\nexport async function wf(): Promise<string> {\n  await tryCharge(1);\n  await settleAll();\n  await refund();\n  await sleep('1 hour');\n  return refund();\n}\n`,
      errors: [
        { messageId: 'swallowed', line: 9 },
        { messageId: 'swallowed', line: 18 },
        { messageId: 'swallowed', line: 29 },
      ],
    },
    {
      name: 'a hook whose driver returns right after it, keeps the hooks object, or does not await the hook',
      code: HOOKED,
      files: {
        'src/machine/index.ts': "export { runMachine } from './driver';\n",
        'src/machine/driver.ts': `import { sleep } from '@temporalio/workflow';\nexport interface Hooks {\n  onStart?: (n: number) => Promise<number>;\n  states: Record<string, number>;\n}\nexport async function runMachine(config: Hooks, input: number): Promise<number> {\n  if (!config.onStart) return input;\n  const n = await config.onStart(input);\n  if (n > 1) return n;\n  await sleep(1);\n  return n;\n}\n`,
      },
      errors: [{ messageId: 'swallowed', line: 12 }],
    },
    {
      name: 'a hook whose driver keeps the hooks object where other code may call it',
      code: HOOKED,
      files: {
        'src/machine/index.ts': "export { runMachine } from './driver';\n",
        'src/machine/driver.ts': `import { sleep } from '@temporalio/workflow';\nexport const registry: unknown[] = [];\nexport async function runMachine(config: { onStart?: (n: number) => Promise<number> }, input: number): Promise<number> {\n  registry.push(config);\n  const n = config.onStart ? await config.onStart(input) : input;\n  await sleep(1);\n  return n;\n}\n`,
      },
      errors: [{ messageId: 'swallowed', line: 12 }],
    },
    {
      name: 'a hook the driver calls without awaiting it',
      code: HOOKED,
      files: {
        'src/machine/index.ts': "export { runMachine } from './driver';\n",
        'src/machine/driver.ts': `import { sleep } from '@temporalio/workflow';\nexport async function runMachine(config: { onStart?: (n: number) => Promise<number> }, input: number): Promise<number> {\n  void config.onStart?.(input);\n  await sleep(1);\n  return input;\n}\n`,
      },
      errors: [{ messageId: 'swallowed', line: 12 }],
    },
  ],
});
