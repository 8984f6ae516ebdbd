/**
 * Facts about the workflow sandbox of Temporal's TypeScript SDK, kept as data so that a new SDK
 * release is a change here and not in the rules.
 */
import { builtinModules } from 'node:module';

/**
 * Node built-ins the bundler lets through, and the only members the sandbox gives them.
 * Source: sdk-typescript packages/worker/src/workflow/bundler.ts (`allowedBuiltinModules`) and
 * packages/worker/src/workflow/module-overrides/{assert,url,util}.ts.
 */
export const ALLOWED_BUILTIN_MEMBERS: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map<string, ReadonlySet<string> | 'all'>([
  ['assert', 'all'],
  ['url', new Set(['URL', 'URLSearchParams'])],
  ['util', new Set(['TextEncoder', 'TextDecoder'])],
]);

/** Every other built-in of the running Node is rejected, as the bundler computes it from `builtinModules`. */
export function isDisallowedBuiltin(name: string): boolean {
  const bare = name.replace(/^node:/, '');
  const base = bare.split('/')[0]!;
  if (ALLOWED_BUILTIN_MEMBERS.has(base) && bare === base) return false;
  return builtinModules.includes(bare) || builtinModules.includes(base) || name.startsWith('node:');
}

/**
 * Temporal modules the bundler refuses in workflow code, matched as `name` or `name/…`.
 * Source: sdk-typescript packages/worker/src/workflow/bundler.ts (`disallowedModules`).
 */
export const DISALLOWED_TEMPORAL_MODULES: readonly { module: string; use: string }[] = [
  { module: '@temporalio/activity', use: 'call activities through proxyActivities() and import their types with `import type`' },
  { module: '@temporalio/client', use: 'start child workflows with startChild()/executeChild(), signal with getExternalWorkflowHandle()' },
  { module: '@temporalio/worker', use: 'keep worker setup in its own module and point workflowsPath at the workflows' },
  { module: '@temporalio/testing', use: 'import it only from test files' },
  { module: '@temporalio/core-bridge', use: 'it is the worker’s native binding; nothing in a workflow needs it' },
  { module: '@temporalio/common/lib/internal-non-workflow', use: 'import from @temporalio/common or @temporalio/workflow instead' },
  { module: '@temporalio/interceptors-opentelemetry/lib/client', use: 'use the workflow interceptors from @temporalio/interceptors-opentelemetry/lib/workflow' },
  { module: '@temporalio/interceptors-opentelemetry/lib/worker', use: 'use the workflow interceptors from @temporalio/interceptors-opentelemetry/lib/workflow' },
  { module: '@temporalio/interceptors-opentelemetry-v2/lib/client', use: 'use the workflow interceptors from @temporalio/interceptors-opentelemetry-v2/lib/workflow' },
  { module: '@temporalio/interceptors-opentelemetry-v2/lib/worker', use: 'use the workflow interceptors from @temporalio/interceptors-opentelemetry-v2/lib/workflow' },
];

export function disallowedTemporalModule(specifier: string): { module: string; use: string } | undefined {
  return DISALLOWED_TEMPORAL_MODULES.find(({ module }) => specifier === module || specifier.startsWith(`${module}/`));
}

/**
 * Host globals the sandbox does not have: code using them compiles, bundles, and fails when the
 * workflow runs. The sandbox is a fresh V8 context plus what the SDK injects (URL, URLSearchParams,
 * assert, TextEncoder, TextDecoder, AbortController, console.{log,warn,error,info,debug}) and its
 * deterministic Date, Math.random, setTimeout and clearTimeout.
 * Source: sdk-typescript packages/worker/src/workflow/vm-shared.ts (`injectGlobals`) and
 * packages/workflow/src/global-overrides.ts.
 */
export const MISSING_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['process', 'pass configuration in as workflow arguments, or read it in an activity'],
  ['Buffer', 'use Uint8Array with TextEncoder/TextDecoder'],
  ['fetch', 'make the request in an activity'],
  ['XMLHttpRequest', 'make the request in an activity'],
  ['WebSocket', 'talk to the network from an activity'],
  ['Headers', 'build requests in an activity'],
  ['Request', 'make the request in an activity'],
  ['Response', 'make the request in an activity'],
  ['FormData', 'build requests in an activity'],
  ['crypto', 'use uuid4() from @temporalio/workflow for ids, or an activity for real cryptography'],
  ['setInterval', 'loop with `await sleep(…)` from @temporalio/workflow'],
  ['clearInterval', 'loop with `await sleep(…)` and stop the loop instead'],
  ['setImmediate', 'use `await sleep(…)` or Promise.resolve().then(…)'],
  ['clearImmediate', 'use a CancellationScope to cancel pending work'],
  ['queueMicrotask', 'use Promise.resolve().then(…)'],
  ['performance', 'use Date.now(), which is deterministic in workflows'],
  ['structuredClone', 'copy with JSON.parse(JSON.stringify(…)) or a spread'],
  ['require', 'use a static import'],
  ['__dirname', 'resolve paths in worker or activity code'],
  ['__filename', 'resolve paths in worker or activity code'],
  ['atob', 'decode in an activity, or use a pure-JS base64 helper'],
  ['btoa', 'encode in an activity, or use a pure-JS base64 helper'],
  ['navigator', 'read host information in an activity'],
  ['BroadcastChannel', 'communicate through signals, updates and activities'],
  ['MessageChannel', 'communicate through signals, updates and activities'],
]);

/**
 * Globals that exist in the sandbox but throw when used.
 * Source: sdk-typescript packages/workflow/src/global-overrides.ts (`overrideGlobals`).
 */
export const THROWING_GLOBALS: ReadonlySet<string> = new Set(['WeakRef', 'FinalizationRegistry']);

/** Names that reach the global object: `globalThis.fetch` is `fetch`. */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

/** The bundler's own matching: `name` itself or anything below `name/`. Source: bundler.ts `moduleMatches`. */
export function moduleMatches(specifier: string, modules: readonly string[]): boolean {
  const bare = specifier.replace(/^node:/, '');
  return modules.some((m) => bare === m || bare.startsWith(`${m}/`));
}

/**
 * Functions of @temporalio/workflow that only work inside a running workflow: each reads the
 * workflow activator (`assertInWorkflowContext` / `getActivator`) or schedules a command. A module
 * whose exported function calls one is workflow code, whatever else it imports; `defineSignal`,
 * `defineQuery`, `defineUpdate`, enums and types work anywhere and mark nothing.
 * Source: sdk-typescript packages/workflow/src/workflow.ts, cancellation-scope.ts and global-attributes.ts.
 */
export const WORKFLOW_ONLY_APIS: ReadonlySet<string> = new Set([
  'sleep',
  'condition',
  'proxyActivities',
  'proxyLocalActivities',
  'proxySinks',
  'executeChild',
  'startChild',
  'setHandler',
  'setDefaultSignalHandler',
  'setDefaultQueryHandler',
  'setDefaultUpdateHandler',
  'continueAsNew',
  'makeContinueAsNewFunc',
  'patched',
  'deprecatePatch',
  'getExternalWorkflowHandle',
  'workflowInfo',
  'uuid4',
  'upsertSearchAttributes',
  'upsertMemo',
  'allHandlersFinished',
  'currentUpdateInfo',
  'setWorkflowOptions',
  'createNexusClient',
  'CancellationScope',
  'Trigger',
]);

