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

/**
 * A state-machine driver (the shape of temporal-commerce-demo's framework/driver.ts): each state's
 * `fn` runs after a `condition()` that waits for input (none for a transitional state); on
 * cancellation the onCancellation hook runs in a non-cancellable scope and the driver completes on
 * purpose; at the end the onTerminal hook runs after a last condition, then the driver returns.
 * `variant` replaces a line to make a driver that does not re-raise.
 */
const MACHINE = (variant: Record<string, string> = {}): string =>
  [
    "import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';",
    'export interface Step { ctx: number; next: string }',
    'export interface Machine {',
    '  states: Record<string, { fn: (ctx: number, input: string) => Promise<Step>; timeout?: string; transitional?: boolean }>;',
    '  initial: string;',
    '  onCancellation?: (ctx: number) => Promise<void>;',
    '  onTerminal?: (ctx: number, state: string) => Promise<void>;',
    '}',
    'export async function runStateMachine(config: Machine, initial: number): Promise<number> {',
    '  let ctx = initial;',
    '  let current = config.initial;',
    '  const inbox: string[] = [];',
    '  try {',
    '    while (true) {',
    "      if (current.startsWith('done')) break;",
    '      const state = config.states[current];',
    '      if (!state) throw new Error(`no state ${current}`);',
    "      let input = 'timeout';",
    '      if (!state.transitional) {',
    "        const woke = await condition(() => inbox.length > 0, state.timeout ?? '1 hour');",
    '        if (woke) input = inbox.shift()!;',
    '      }',
    '      let output: Step;',
    '      output = await state.fn(ctx, input);',
    variant.afterState ?? '      ctx = output.ctx;',
    '      current = output.next;',
    '    }',
    '  } catch (err) {',
    '    if (isCancellation(err)) {',
    variant.onCancellation ?? '      if (config.onCancellation) await CancellationScope.nonCancellable(() => config.onCancellation!(ctx));',
    '      return ctx;',
    '    }',
    '    throw err;',
    '  }',
    '  await condition(() => inbox.length === 0);',
    '  if (config.onTerminal) await config.onTerminal(ctx, current);',
    '  return ctx;',
    '}',
    '',
  ].join('\n');

/**
 * States whose catch returns a result to the driver (temporal-commerce-demo's checkout/states.ts):
 * an exported state that returns a helper's result (catch at line 8), and one whose own catch
 * returns (line 22), placed in an exported states map.
 */
const STATES = `import { log, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
const { charge, ship } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
import type { Step } from './machine';
async function tryCharge(ctx: number): Promise<Step> {
  try {
    await charge(ctx);
  } catch (err) {
    log.warn('charge failed', { err: String(err) });
    return { ctx, next: 'payment' };
  }
  return { ctx: ctx + 1, next: 'shipping' };
}
export async function paymentState(ctx: number, input: string): Promise<Step> {
  if (input === 'timeout') return { ctx, next: 'done:expired' };
  return tryCharge(ctx);
}
export async function shippingState(ctx: number): Promise<Step> {
  try {
    await ship(ctx);
    return { ctx, next: 'done:shipped' };
  } catch {
    return { ctx, next: 'shipping' };
  }
}
export const CHECKOUT_STATES = {
  payment: { fn: paymentState, timeout: '1 hour' },
  shipping: { fn: shippingState },
};
`;

/** The workflow handing the states map and its hooks (catches at lines 13 and 20) to the driver; `extra` goes before the call. */
const CHECKOUT = (extra = ''): string => `import { log, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';
import { runStateMachine } from './framework';
import { CHECKOUT_STATES } from './states';
const { release } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });
export async function checkout(): Promise<number> {
  const config = {
    states: CHECKOUT_STATES,
    initial: 'payment',
    onCancellation: async (ctx: number): Promise<void> => {
      try {
        await release(ctx);
      } catch (err) {
        log.error('release failed', { err: String(err) });
      }
    },
    onTerminal: async (ctx: number): Promise<void> => {
      try {
        await release(ctx);
      } catch (err) {
        log.error('release failed', { err: String(err) });
      }
    },
  };
${extra}  return runStateMachine(config, 0);
}
`;

/** The states map used by a workflow of the module that declares it, the one the worker loads. */
const STATES_IN_WORKFLOWS = `${STATES}import { runStateMachine } from './framework';
export async function checkout(): Promise<number> {
  return runStateMachine({ states: CHECKOUT_STATES, initial: 'payment' }, 0);
}
`;

/** The files around a case: the driver (behind a barrel), the states, the workflow. */
const MACHINE_FILES = (machine = MACHINE(), checkout = CHECKOUT()): Record<string, string> => ({
  'src/framework/index.ts': "export * from './driver';\n",
  'src/framework/driver.ts': machine,
  'src/states.ts': STATES,
  'src/workflows.ts': checkout,
});

testRule(rule, {
  valid: [
    { name: 'checks isCancellation and rethrows it', code: `${head}export async function wf(): Promise<string> {\n  try {\n    await charge();\n    return 'charged';\n  } catch (err) {\n    if (isCancellation(err)) throw err;\n    return 'declined';\n  }\n}\n` },
    { name: 'instanceof CancelledFailure, then rethrown', code: `${head}export async function wf(): Promise<void> {\n  try {\n    await sleep('1 day');\n  } catch (err) {\n    if (err instanceof CancelledFailure) {\n      log.info('cancelled');\n      throw err;\n    }\n  }\n}\n` },
    { name: 'handles only what is not a cancellation, rethrows the rest', code: workflow('try {', '  await charge();', '} catch (err) {', '  if (!isCancellation(err)) {', "    log.warn('declined');", '    return false;', '  }', '  throw err;', '}') },
    { name: 'cleans up a cancellation where it cannot be cancelled, then rethrows it', code: workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancellation(err) || retryable) {', '    await CancellationScope.nonCancellable(() => notify());', '    throw err;', '  }', '  return false;', '}') },
    {
      name: 'a predicate helper guarding a rethrow',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancelled(err)) throw err;', '  return false;', '}')}function isCancelled(e: unknown): boolean {\n  return isCancellation(e);\n}\n`,
    },
    {
      name: "completes on purpose when cancelled, rethrowing every other error (the SDK's unblockOrCancel)",
      code: workflow('try {', '  await charge();', '} catch (err) {', '  if (!(err instanceof CancelledFailure)) {', '    throw err;', '  }', "  log.info('cancelled');", '}'),
    },
    {
      name: "a cancellation cleaned up where it cannot be cancelled, then returned as a value of its own, other errors returned too (Nango's sync workflows)",
      code: workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancellation(err)) {', '    await CancellationScope.nonCancellable(() => notify());', '    return { cancelled: true };', '  }', "  log.warn('failed');", '  return false;', '}', 'return true;'),
    },
    { name: 'a cancellation branch that only logs, every other error rethrown', code: workflow('try {', '  await charge();', '} catch (err) {', "  if (isCancellation(err)) log.info('cancelled');", '  else throw err;', '}') },
    {
      name: 'hands the error to a helper that tells cancellations apart and returns a result for them (temporal-contract)',
      code: `${workflow('try {', '  await charge();', '  return { ok: true };', '} catch (err) {', '  return { ok: false, error: classify(err) };', '}')}function classify(e: unknown): { cancelled: boolean; cause: unknown } {\n  if (isCancellation(e)) return { cancelled: true, cause: e };\n  return { cancelled: false, cause: e };\n}\n`,
    },
    { name: 'a plain Error only for what is not a cancellation', code: workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancellation(err)) throw err;', '  throw new Error(`charge failed: ${String(err)}`);', '}') },
    { name: 'a plain Error where the project makes Error a workflow failure', code: `${workflow('try {', '  await charge();', '} catch (err) {', "  throw new Error('charge failed');", '}')}export const options = { failureExceptionTypes: [Error] };\n` },
    { name: 'a plain Error handled by the catch of an outer try', code: workflow('try {', '  try {', '    await charge();', '  } catch {', "    throw new Error('charge failed');", '  }', '} catch (err) {', '  throw ApplicationFailure.nonRetryable(String(err));', '}') },
    { name: 'a try around a helper that awaits no Temporal call', code: `${workflow('try {', '  await parse();', '} catch {', '  return false;', '}', 'return true;')}async function parse(): Promise<number> {\n  return JSON.parse('1') as number;\n}\n` },
    { name: 'a try around Promise.all of promises that are not Temporal calls', code: workflow('const parsed = [1, 2].map(async (n) => n * 2);', 'try {', '  await Promise.all(parsed);', '} catch {', '  return false;', '}', 'return true;') },
    { name: '.catch() whose handler rethrows cancellations', code: workflow('const ok = await charge().catch((err) => {', '  if (isCancellation(err)) throw err;', '  return false;', '});', 'return ok;') },
    { name: '.catch() whose handler awaits another activity', code: workflow('await charge().catch(() => notify());', 'return true;') },
    { name: '.catch() followed by a timer', code: workflow('await charge().catch(() => undefined);', "await sleep('1 hour');", 'return true;') },
    { name: 'Promise.allSettled whose reasons are checked for cancellation', code: workflow('const results = await Promise.allSettled([1, 2].map((id) => charge(id)));', "for (const r of results) if (r.status === 'rejected' && isCancellation(r.reason)) throw r.reason;", "return results.filter((r) => r.status === 'rejected').length;") },
    { name: "Promise.allSettled, then the scope's consideredCancelled", code: workflow('const results = await Promise.allSettled([charge(1), notify()]);', 'if (CancellationScope.current().consideredCancelled) await sleep(1);', 'return results.length;') },
    { name: 'Promise.allSettled, then a rejected entry rethrown', code: workflow('const results = await Promise.allSettled([charge(1), notify()]);', 'const failed = results.find((r) => r.status === "rejected");', 'if (failed) throw ApplicationFailure.nonRetryable(String(failed.reason));', 'return true;') },
    { name: 'Promise.allSettled, then another activity', code: workflow('const results = await Promise.allSettled([charge(1), charge(2)]);', 'await notify();', 'return results.length;') },
    { name: 'Promise.allSettled over promises that are not Temporal calls', code: workflow("const results = await Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('x'))]);", 'return results.length;') },
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
    {
      name: 'states in an exported states map whose catch returns to a driver that next awaits a condition (temporal-commerce-demo checkout/states.ts)',
      filename: 'src/states.ts',
      code: STATES,
      files: MACHINE_FILES(),
    },
    {
      name: 'onCancellation hooks the driver runs in a non-cancellable scope: in a const, and as a method of a states machine written in the call, whose state is inline',
      code: `${head}import { runStateMachine } from './framework';
export async function fulfil(ids: number[]): Promise<number> {
  const config = {
    states: {},
    initial: 'done',
    onCancellation: async (ctx: number): Promise<void> => {
      try {
        await charge(ctx);
      } catch (err) {
        log.error('refund failed', { err: String(err) });
      }
      await audit(ctx);
    },
  };
  await runStateMachine(config, 0);
  return runStateMachine({
    initial: 'open',
    states: {
      open: {
        fn: async (ctx: number) => {
          try {
            await notify(ctx);
          } catch {
            return { ctx, next: 'open' };
          }
          return { ctx, next: 'done' };
        },
        timeout: '1 day',
      },
    },
    async onCancellation(ctx: number): Promise<void> {
      for (const id of ids) {
        try {
          await notify(id, ctx);
        } catch {
          // the child may be gone already
        }
      }
    },
  }, 1);
}
async function audit(ctx: number): Promise<void> {
  log.info('cancelled', { ctx });
}
`,
      files: { 'src/framework/index.ts': "export * from './driver';\n", 'src/framework/driver.ts': MACHINE() },
    },
    {
      name: 'the same states, not exported, in the module the worker loads',
      code: STATES_IN_WORKFLOWS.replaceAll('export async function', 'async function').replace('async function checkout', 'export async function checkout'),
      files: { 'src/framework/index.ts': "export * from './driver';\n", 'src/framework/driver.ts': MACHINE() },
    },
  ],
  invalid: [
    {
      name: 'a fallback that also swallows cancellation',
      code: `${head}export async function wf(): Promise<string> {\n  try {\n    await charge();\n    return 'charged';\n  } catch (err) {\n    log.warn('charge failed', { err });\n    return 'declined';\n  }\n}\n`,
      errors: [{ messageId: 'swallowed', line: 9, column: 5, message: 'isCancellation(err)' }],
    },
    {
      name: 'instanceof CancelledFailure that only logs',
      code: `${head}export async function wf(): Promise<void> {\n  try {\n    await sleep('1 day');\n  } catch (err) {\n    if (err instanceof CancelledFailure) log.info('cancelled');\n  }\n}\n`,
      errors: [{ messageId: 'checkedThenDropped', line: 8, message: 'sleep()' }],
    },
    {
      name: 'a cancellation cleaned up where it cannot be cancelled, then falling through to what every error reaches',
      code: workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancellation(err)) await CancellationScope.nonCancellable(() => notify());', "  log.warn('failed');", '  return false;', '}', 'return true;'),
      errors: [{ messageId: 'checkedThenDropped', line: 8 }],
    },
    {
      name: 'a cancellation branch that returns, and one that only logs',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  if (isCancellation(err)) {', "    log.info('cancelled');", '    return false;', '  }', "  log.warn('failed');", '}', 'return true;')}export async function other(): Promise<void> {\n  try {\n    await notify();\n  } catch (err) {\n    if (isCancellation(err)) log.info('cancelled');\n    else log.warn('failed');\n  }\n}\n`,
      errors: [{ messageId: 'checkedThenDropped', line: 8 }, { messageId: 'checkedThenDropped', line: 20 }],
    },
    {
      name: 'hands the error to a helper that only logs cancellations, or to a predicate that decides a return',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  note(err);', '  return false;', '}', 'try {', '  await notify();', '} catch (err) {', "  if (isCancelled(err)) return 'cancelled';", '}')}function note(e: unknown): void {\n  if (isCancellation(e)) log.info('cancelled');\n}\nfunction isCancelled(e: unknown): boolean {\n  return isCancellation(e);\n}\n`,
      errors: [{ messageId: 'swallowed', line: 8 }, { messageId: 'swallowed', line: 14 }],
    },
    {
      name: 'replaces every error with a plain Error, or a local subclass of one',
      code: `${workflow('try {', '  await charge();', '} catch (err) {', '  throw new Error(`charge failed: ${String(err)}`, { cause: err });', '}', 'try {', '  await notify();', '} catch {', "  throw new NotifyError('notify failed');", '}')}class NotifyError extends Error {}\n`,
      errors: [{ messageId: 'plainError', line: 8, message: 'a plain Error' }, { messageId: 'plainError', line: 13, message: 'NotifyError (an Error subclass)' }],
    },
    {
      name: 'a plain Error thrown after an activity awaited in the catch: only the errors that are not a cancellation reach it',
      code: workflow('try {', '  await charge();', '} catch (err) {', '  await notify(String(err));', '  throw new Error(`charge failed: ${String(err)}`);', '}', 'try {', '  await charge(2);', '} catch (err) {', "  if (retryable) await notify('retrying');", "  throw new Error('charge failed');", '}'),
      errors: [{ messageId: 'plainError', line: 14, message: 'a plain Error' }],
    },
    {
      name: 'a catch that goes on to return through an async helper: reported unless the helper awaits an activity before anything else',
      code: `${workflow('try {', '  await charge(1);', '} catch (err) {', "  log.warn('failed', { err: String(err) });", '}', 'return finish();')}export async function other(): Promise<string> {\n  try {\n    await charge(2);\n  } catch (err) {\n    log.warn('failed', { err: String(err) });\n  }\n  return summary();\n}\nasync function finish(): Promise<string> {\n  await notify('done');\n  return 'done';\n}\nasync function summary(): Promise<string> {\n  if (Math.random() > 2) await notify('never');\n  return 'summary';\n}\n`,
      errors: [{ messageId: 'swallowed', line: 16 }],
    },
    {
      name: 'an outer catch that makes a plain Error of what an inner catch already swallowed: only the inner one',
      code: workflow('try {', '  let ok = false;', '  try {', '    ok = await charge();', '  } catch {', '    ok = false;', '  }', '  return ok;', '} catch (err) {', '  throw new Error(String(err));', '}'),
      errors: [{ messageId: 'swallowed', line: 10 }],
    },
    {
      name: '.catch() that turns the error into a value: inline, a function of the file, returned from the workflow',
      code: `${workflow('const ok = await charge().catch(() => false);', 'await notify().catch(ignore);', "if (ok) return charge(2).catch((err) => { log.warn('failed', { err }); return false; });", 'return ok;')}function ignore(): void {}\n`,
      errors: [{ messageId: 'catchMethod', line: 6 }, { messageId: 'catchMethod', line: 7 }, { messageId: 'catchMethod', line: 8 }],
    },
    { name: '.catch() whose value an awaited assignment takes, then returned', code: workflow('let ok = true;', 'ok = await charge().catch(() => false);', 'return ok;'), errors: [{ messageId: 'catchMethod', line: 7 }] },
    { name: '.catch() whose handler throws a plain Error', code: workflow("await charge().catch((err) => { throw new TypeError(String(err)); });"), errors: [{ messageId: 'plainError', line: 6, message: 'a plain TypeError' }] },
    {
      name: 'Promise.allSettled over activities and children: mapped, listed, pushed in a loop, or ignored',
      code: workflow(
        'const first = await Promise.allSettled([1, 2].map((id) => charge(id)));',
        'if (first.length > 5) return first.length;',
        'const pending: Promise<void>[] = [];',
        'for (const id of [3, 4]) pending.push(charge(id));',
        'const second = await Promise.allSettled(pending);',
        'if (second.length > 5) return 0;',
        'await Promise.allSettled([notify(), charge(5)]);',
        'return 1;',
      ),
      errors: [{ messageId: 'allSettled', line: 6, message: 'activity' }, { messageId: 'allSettled', line: 10 }, { messageId: 'allSettled', line: 12 }],
    },
    {
      name: 'a try around Promise.all of activity promises made before it, mapped or pushed',
      code: workflow('const pending = [1, 2].map((id) => charge(id));', 'try {', '  await Promise.all(pending);', '} catch {', '  return false;', '}', 'const more: Promise<void>[] = [];', 'more.push(notify());', 'try {', '  await Promise.race(more);', '} catch {', "  log.warn('failed');", '}', 'return true;'),
      errors: [{ messageId: 'swallowed', line: 9, message: 'activity' }, { messageId: 'swallowed', line: 16 }],
    },
    {
      name: 'a try around a helper that awaits an activity: of the file, or imported',
      code: `${workflow('try {', '  await chargeStep(1);', '} catch {', '  return false;', '}', 'try {', '  await settle(2);', '} catch {', '  return false;', '}', 'return true;').replace("import type * as activities from './activities';", "import type * as activities from './activities';\nimport { settle } from './steps';")}async function chargeStep(id: number): Promise<void> {\n  await charge(id);\n}\n`,
      files: { 'src/steps.ts': "import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { refund } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function settle(id: number): Promise<void> {\n  await refund(id);\n}\n" },
      errors: [{ messageId: 'swallowed', line: 9, message: 'activity (through chargeStep())' }, { messageId: 'swallowed', line: 14, message: 'activity (through settle())' }],
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
    {
      name: 'an onTerminal hook the driver runs after its last condition and then returns (temporal-commerce-demo supplier-workflows.ts): the onCancellation hook beside it is fine',
      code: CHECKOUT(),
      files: MACHINE_FILES(),
      errors: [{ messageId: 'swallowed', line: 20 }],
    },
    {
      name: 'a driver that runs the onCancellation hook outside a non-cancellable scope, then returns',
      code: CHECKOUT(),
      files: MACHINE_FILES(MACHINE({ onCancellation: '      if (config.onCancellation) await config.onCancellation(ctx);' })),
      errors: [{ messageId: 'swallowed', line: 13 }, { messageId: 'swallowed', line: 20 }],
    },
    {
      name: 'states whose driver may return right after a state',
      filename: 'src/states.ts',
      code: STATES,
      files: MACHINE_FILES(MACHINE({ afterState: "      if (output.next === 'payment') return output.ctx;\n      ctx = output.ctx;" })),
      errors: [{ messageId: 'swallowed', line: 8 }, { messageId: 'swallowed', line: 22 }],
    },
    {
      name: 'states whose map the workflow also hands to a function outside the project',
      filename: 'src/states.ts',
      code: STATES,
      files: MACHINE_FILES(MACHINE(), CHECKOUT("  log.info('states', { names: Object.keys(CHECKOUT_STATES) });\n")),
      errors: [{ messageId: 'swallowed', line: 8 }, { messageId: 'swallowed', line: 22 }],
    },
    {
      name: 'states whose module another module takes wholesale',
      filename: 'src/states.ts',
      code: STATES,
      files: { ...MACHINE_FILES(), 'src/all.ts': "export * from './states';\n" },
      errors: [{ messageId: 'swallowed', line: 8 }, { messageId: 'swallowed', line: 22 }],
    },
    {
      name: 'the same states exported from the module the worker loads: the worker may start them as workflows',
      code: STATES_IN_WORKFLOWS,
      files: { 'src/framework/index.ts': "export * from './driver';\n", 'src/framework/driver.ts': MACHINE() },
      errors: [{ messageId: 'swallowed', line: 8 }, { messageId: 'swallowed', line: 22 }],
    },
  ],
});
