/**
 * Activity stubs bound outside the workflow file (imported from the module that binds them, made
 * by a helper, or both) drive every rule that knows activity calls exactly as a proxy written in
 * the workflow file does (src/analysis/activity-stubs.ts). One group per rule; the traps are names
 * that only look like stubs.
 */
import activityTimeoutRequired from '../../rules/activity-timeout-required.js';
import cancellationSwallowed from '../../rules/cancellation-swallowed.js';
import floatingWorkflowPromise from '../../rules/floating-workflow-promise.js';
import heartbeatTimeoutWithoutHeartbeat from '../../rules/heartbeat-timeout-without-heartbeat.js';
import retriedWriteWithoutLimit from '../../rules/retried-write-without-limit.js';
import unboundedFanOut from '../../rules/unbounded-fan-out.js';
import unboundedHistory from '../../rules/unbounded-history.js';
import { testRule } from '../support/rule-tester.js';

const ACTIVITIES = `export async function release(id: string): Promise<void> { await fetch(id, { method: 'POST' }); }
export async function audit(what: string): Promise<void> { void what; }
export async function poll(): Promise<void> {}
`;
const TYPES = `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\n`;
/** `export const { … } = proxyActivities(…)`. */
const STUBS = `${TYPES}export const { release, audit, poll } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\n`;
/** `export const acts = proxyActivities(…)`. */
const OBJECT_STUB = `${TYPES}export const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\n`;
/** A helper that makes the proxy. */
const HELPER = `${TYPES}export function createActivities() {\n  return proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\n}\n`;
/** A generic wrapper that passes its options on. */
const WRAPPER = `import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';\nexport function makeProxy<T>(options: ActivityOptions) {\n  const proxy = proxyActivities<T>({ ...options });\n  return proxy;\n}\n`;
/** Plain functions named like the activities. */
const PLAIN = `export async function release(id: string): Promise<void> { void id; }\nexport function audit(what: string): void { void what; }\nexport async function poll(): Promise<void> {}\n`;

const SWALLOW = (call: string): string => `export async function cleanup(id: string): Promise<void> {\n  try {\n    await ${call}(id);\n  } catch {\n    // ignore\n  }\n}\n`;

testRule(cancellationSwallowed, {
  valid: [
    { name: 'an imported plain function named like an activity', code: `import { release } from './plain';\n${SWALLOW('release')}`, files: { 'src/plain.ts': PLAIN } },
    {
      name: 'a parameter hides the imported stub',
      code: `import { release } from './acts';\nexport async function cleanup(release: (id: string) => Promise<void>): Promise<void> {\n  try {\n    await release('a');\n  } catch {\n    // ignore\n  }\n}\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
    },
    {
      name: 'a helper that returns something other than a proxy',
      code: `import { createClient } from './client';\nconst { release } = createClient();\n${SWALLOW('release')}`,
      files: { 'src/client.ts': `import { sleep } from '@temporalio/workflow';\nexport function createClient() {\n  return { release: async (id: string) => { await sleep(id); } };\n}\n` },
    },
  ],
  invalid: [
    { name: 'a destructured stub imported from another module', code: `import { release } from './acts';\n${SWALLOW('release')}`, files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES }, errors: [{ messageId: 'swallowed', line: 5 }] },
    {
      name: 'a proxy object imported from another module',
      code: `import { acts } from './acts';\n${SWALLOW('acts.release')}`,
      files: { 'src/acts.ts': OBJECT_STUB, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 5 }],
    },
    {
      name: 'a stub renamed through a barrel',
      code: `import { free } from './stubs';\n${SWALLOW('free')}`,
      files: { 'src/stubs/index.ts': `export { release as free } from '../acts';\n`, 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 5 }],
    },
    {
      name: 'a stub through a namespace import of an export * barrel',
      code: `import * as stubs from './stubs';\n${SWALLOW('stubs.release')}`,
      files: { 'src/stubs/index.ts': `export * from '../acts';\n`, 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 5 }],
    },
    {
      name: 'stubs made by an imported helper in the workflow',
      code: `import { createActivities } from './proxies';\nconst { release } = createActivities();\n${SWALLOW('release')}`,
      files: { 'src/proxies.ts': HELPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'a proxy object made by a helper inside the workflow function',
      code: `import { createActivities } from './proxies';\nexport async function cleanup(id: string): Promise<void> {\n  const acts = createActivities();\n  try {\n    await acts.release(id);\n  } catch {\n    // ignore\n  }\n}\n`,
      files: { 'src/proxies.ts': HELPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 6 }],
    },
    {
      name: 'stubs a module binds with a helper and exports',
      code: `import { release } from './acts';\n${SWALLOW('release')}`,
      files: { 'src/acts.ts': `import { createActivities } from './proxies';\nexport const { release, audit } = createActivities();\n`, 'src/proxies.ts': HELPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 5 }],
    },
    {
      name: 'a proxy made by a generic wrapper',
      code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nconst { release } = makeProxy<typeof activities>({ startToCloseTimeout: '1m' });\n${SWALLOW('release')}`,
      files: { 'src/proxy.ts': WRAPPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'swallowed', line: 7 }],
    },
  ],
});

testRule(floatingWorkflowPromise, {
  valid: [
    { name: 'an imported plain function called without await', code: `import { audit } from './plain';\nexport async function wf(): Promise<void> {\n  audit('x');\n}\n`, files: { 'src/plain.ts': PLAIN } },
    { name: 'an imported stub awaited', code: `import { audit } from './acts';\nexport async function wf(): Promise<void> {\n  await audit('x');\n}\n`, files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES } },
  ],
  invalid: [
    {
      name: 'an imported stub never awaited',
      code: `import { audit } from './acts';\nexport async function wf(): Promise<void> {\n  audit('x');\n}\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'floating', line: 3 }],
    },
    {
      name: 'a stub made by a helper, never awaited',
      code: `import { createActivities } from './proxies';\nexport async function wf(): Promise<void> {\n  const acts = createActivities();\n  acts.audit('x');\n}\n`,
      files: { 'src/proxies.ts': HELPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'floating', line: 4 }],
    },
  ],
});

testRule(unboundedFanOut, {
  valid: [
    { name: 'an imported plain function per element', code: `import { release } from './plain';\nexport async function all(ids: string[]): Promise<void> {\n  await Promise.all(ids.map((id) => release(id)));\n}\n`, files: { 'src/plain.ts': PLAIN } },
  ],
  invalid: [
    {
      name: 'an imported stub per element of the input',
      code: `import { release } from './acts';\nexport async function all(ids: string[]): Promise<void> {\n  await Promise.all(ids.map((id) => release(id)));\n}\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    {
      name: 'a namespace member of stubs mapped over the input',
      code: `import * as stubs from './acts';\nexport async function all(ids: string[]): Promise<void> {\n  await Promise.all(ids.map(stubs.release));\n}\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
  ],
});

testRule(unboundedHistory, {
  valid: [
    { name: 'an endless loop awaiting an imported plain function', code: `import { poll } from './plain';\nexport async function watch(): Promise<never> {\n  for (;;) {\n    await poll();\n  }\n}\n`, files: { 'src/plain.ts': PLAIN } },
  ],
  invalid: [
    {
      name: 'an endless loop awaiting an imported stub',
      code: `import { poll } from './acts';\nexport async function watch(): Promise<never> {\n  for (;;) {\n    await poll();\n  }\n}\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'endless', line: 3 }],
    },
  ],
});

const BEATING = `import { heartbeat } from '@temporalio/activity';\nexport async function release(id: string): Promise<void> { heartbeat(); void id; }\n`;
const HEARTBEAT_STUBS = `${TYPES}export const { release } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\n`;

testRule(heartbeatTimeoutWithoutHeartbeat, {
  valid: [
    { name: 'an imported stub whose activity heartbeats', code: `import { release } from './acts';\nexport async function wf(): Promise<void> { await release('a'); }\n`, files: { 'src/acts.ts': HEARTBEAT_STUBS, 'src/activities.ts': BEATING } },
    {
      name: 'a generic wrapper called without heartbeatTimeout',
      code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nconst { release } = makeProxy<typeof activities>({ startToCloseTimeout: '1h' });\nexport async function wf(): Promise<void> { await release('a'); }\n`,
      files: { 'src/proxy.ts': WRAPPER, 'src/activities.ts': ACTIVITIES },
    },
  ],
  invalid: [
    {
      name: 'an imported stub with heartbeatTimeout whose activity never heartbeats',
      code: `import { release } from './acts';\nexport async function wf(): Promise<void> { await release('a'); }\n`,
      files: { 'src/acts.ts': HEARTBEAT_STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'never', line: 2, message: "'release' is called with heartbeatTimeout '30s', but its implementation (src/activities.ts) never calls heartbeat()" }],
    },
    {
      name: 'a generic wrapper given heartbeatTimeout by the caller, the type named at the call',
      code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nconst { release } = makeProxy<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '1m' });\nexport async function wf(): Promise<void> { await release('a'); }\n`,
      files: { 'src/proxy.ts': WRAPPER, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'never', line: 4, message: "heartbeatTimeout '1m'" }],
    },
  ],
});

testRule(retriedWriteWithoutLimit, {
  valid: [
    {
      name: 'a helper whose options bound the retries',
      code: `import { createActivities } from './proxies';\nconst { release } = createActivities();\nexport async function wf(): Promise<void> { await release('a'); }\n`,
      files: { 'src/proxies.ts': `${TYPES}export function createActivities() {\n  return proxyActivities<typeof activities>({ startToCloseTimeout: '1m', retry: { maximumAttempts: 3 } });\n}\n`, 'src/activities.ts': ACTIVITIES },
    },
  ],
  invalid: [
    {
      name: 'an imported stub with the default retry policy calling an activity that POSTs',
      code: `import { release } from './acts';\nexport async function wf(): Promise<void> { await release('a'); }\n`,
      files: { 'src/acts.ts': STUBS, 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'unlimited', line: 2, message: "'release' does POST with fetch (src/activities.ts)" }],
    },
  ],
});

testRule(activityTimeoutRequired, {
  valid: [
    { name: 'a wrapper given a timeout by its caller', code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nexport const acts = makeProxy<typeof activities>({ startToCloseTimeout: '1m' });\n`, files: { 'src/proxy.ts': WRAPPER } },
    {
      name: 'a wrapper whose defaults hold the timeout',
      code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nexport const acts = makeProxy<typeof activities>({ retry: { maximumAttempts: 2 } });\n`,
      files: { 'src/proxy.ts': `import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';\nexport function makeProxy<T>(options: Partial<ActivityOptions>) {\n  return proxyActivities<T>({ startToCloseTimeout: '1m', ...options });\n}\n` },
    },
    { name: 'options the caller passes on unseen', code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nexport function make(options: object) { return makeProxy<typeof activities>({ ...options }); }\n`, files: { 'src/proxy.ts': WRAPPER } },
  ],
  invalid: [
    {
      name: 'a wrapper called without a timeout',
      code: `import type * as activities from './activities';\nimport { makeProxy } from './proxy';\nexport const acts = makeProxy<typeof activities>({ retry: { maximumAttempts: 2 } });\n`,
      files: { 'src/proxy.ts': WRAPPER },
      errors: [{ messageId: 'missing', line: 3, message: 'makeProxy() options have neither startToCloseTimeout nor scheduleToCloseTimeout' }],
    },
  ],
});
