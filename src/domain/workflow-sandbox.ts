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
  // Browser globals: the sandbox is not a browser (checked by replay with @temporalio/worker 1.24).
  ['window', 'use globalThis, or pass what you need in as workflow arguments'],
  ['self', 'use globalThis'],
  ['document', 'render or parse documents in an activity'],
  ['localStorage', 'keep state in workflow variables, or read and write storage in an activity'],
  ['sessionStorage', 'keep state in workflow variables, or read and write storage in an activity'],
  ['location', 'pass URLs in as workflow arguments'],
  ['indexedDB', 'keep state in workflow variables, or use a database from an activity'],
  ['alert', 'report through log from @temporalio/workflow, or a query'],
  ['Blob', 'use Uint8Array with TextEncoder/TextDecoder'],
  ['EventTarget', 'use signals, or a small emitter of your own'],
  ['Event', 'use signals, or a small emitter of your own'],
  ['AbortSignal', "use the signal of an AbortController, or CancellationScope's timeouts"],
]);

/**
 * The sandbox's `console` is an object the SDK makes with these methods only (each prefixes the
 * workflow's type and id and stays silent during replay): `console.table(…)`, `console.time(…)`,
 * `console.dir(…)` are TypeErrors. Source: sdk-typescript packages/worker/src/workflow/vm-shared.ts
 * (`injectGlobals`, `consoleMethods`).
 */
export const SANDBOX_CONSOLE_METHODS: ReadonlySet<string> = new Set(['log', 'warn', 'error', 'info', 'debug']);

/**
 * Globals that exist in the sandbox but throw when used.
 * Source: sdk-typescript packages/workflow/src/global-overrides.ts (`overrideGlobals`).
 */
export const THROWING_GLOBALS: ReadonlySet<string> = new Set(['WeakRef', 'FinalizationRegistry']);

/**
 * Names that reach the global object in the sandbox: `globalThis.fetch` is `fetch`. `global` too,
 * as webpack replaces it with its own reference to the global object (`node.global`);
 * `window` and `self` are not defined there (see MISSING_GLOBALS).
 */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global']);

/**
 * Polyfills of the TC39 Temporal API. Their `Temporal.Now.instant()` reads `Date.now()`, which the
 * sandbox makes deterministic (the workflow task's time); their `Now.*ISO()` functions without a
 * time zone, and `Now.timeZoneId()`, read the worker's time zone through Intl. A native Temporal
 * reads the host clock, which the sandbox does not replace. Checked by replay with
 * @temporalio/worker 1.24 (temporal-polyfill 1.0, @js-temporal/polyfill 0.5); `temporal-polyfill/global`
 * installs the global `Temporal`.
 */
export const TEMPORAL_POLYFILLS: readonly string[] = ['temporal-polyfill', '@js-temporal/polyfill'];
export const TEMPORAL_GLOBAL_POLYFILLS: readonly string[] = ['temporal-polyfill/global'];

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

/**
 * Exports of @temporalio/workflow that throw outside a workflow, so in activity code they fail
 * every attempt, each with what activity code uses instead. Most check for the workflow activator
 * (`assertInWorkflowContext`: an IllegalStateError "… may only be used from a Workflow Execution");
 * `CancellationScope` and `Trigger` read the sandbox's scope storage (a TypeError outside it);
 * `proxyActivities()` and `proxySinks()` return a proxy whose every call throws. Checked by calling
 * each in plain Node with @temporalio/workflow 1.24. Source: sdk-typescript packages/workflow/src/
 * workflow.ts, logs.ts (`log`: "Workflow.log(...) may only be used from workflow context."),
 * metrics.ts (`metricMeter`), cancellation-scope.ts, trigger.ts. Not here: `uuid4()`, which falls
 * back to Math.random outside a workflow (workflow.ts `uuid4`), `inWorkflowContext`,
 * `defineSignal`/`defineQuery`/`defineUpdate`, `isCancellation`, `setWorkflowOptions`, failures and types.
 */
export const WORKFLOW_CONTEXT_ONLY: ReadonlyMap<string, string> = new Map([
  ['log', "log from @temporalio/activity (Context.current().log), which adds the activity's attributes"],
  ['sleep', 'sleep from @temporalio/activity (Context.current().sleep), which also ends when the activity is cancelled'],
  ['workflowInfo', "activityInfo() from @temporalio/activity, which has the calling workflow's id and type"],
  ['metricMeter', 'metricMeter from @temporalio/activity'],
  ['condition', 'poll with heartbeat() in the activity, or wait in the workflow'],
  ['executeChild', 'start workflows with a Client from @temporalio/client'],
  ['startChild', 'start workflows with a Client from @temporalio/client'],
  ['getExternalWorkflowHandle', 'signal or cancel workflows through client.workflow.getHandle() from @temporalio/client'],
  ['proxyActivities', "call the other activity's function directly, or call both activities from the workflow"],
  ['proxyLocalActivities', "call the other activity's function directly, or call both activities from the workflow"],
  ['proxySinks', 'log or export from the activity itself'],
  ['CancellationScope', "react to the activity's cancellation through Context.current().cancellationSignal and heartbeats"],
  ['Trigger', 'use a plain Promise'],
  ...['continueAsNew', 'makeContinueAsNewFunc', 'patched', 'deprecatePatch', 'setHandler', 'setDefaultSignalHandler', 'setDefaultQueryHandler', 'setDefaultUpdateHandler', 'upsertSearchAttributes', 'upsertMemo', 'allHandlersFinished', 'currentUpdateInfo'].map(
    (name): [string, string] => [name, 'call it in the workflow, which acts on what the activity returns'],
  ),
]);

/**
 * Built-in globals the sandbox freezes. With reuseV8Context (the default), once the workflow
 * bundle has loaded the worker calls `deepFreeze` on the value of every own property of the
 * context's global object: each of these is frozen, and the members of the plain objects among
 * them (FROZEN_NAMESPACES: `Math.random`, `Intl.DateTimeFormat`) too, but not the members of
 * functions (`Error.prototype`, `Array.prototype` stay writable: the SDK leaves prototypes alone so
 * polyfills load). A write then throws a TypeError in workflow code, which is strict mode:
 * `Error.stackTraceLimit = 50` → "Cannot assign to read only property 'stackTraceLimit'",
 * `Object.x = …` → "Cannot add property x, object is not extensible". With reuseV8Context: false
 * nothing is frozen. Source: sdk-typescript packages/worker/src/workflow/reusable-vm.ts
 * (`ReusableVMWorkflowCreator` constructor, `deepFreeze`), and the SDK's own tests in
 * packages/test/src/test-isolation.ts ("V8's built-in global functions are frozen"; replacing one,
 * `globalThis.Array = …`, is allowed); checked by replay with @temporalio/worker 1.24. The list: ECMAScript's global constructors and functions, plus what
 * vm-shared.ts `injectGlobals` adds.
 */
export const FROZEN_NAMESPACES: ReadonlySet<string> = new Set(['Math', 'JSON', 'Reflect', 'Intl', 'Atomics', 'console', 'WebAssembly']);
export const FROZEN_GLOBALS: ReadonlySet<string> = new Set([
  ...FROZEN_NAMESPACES,
  ...['Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date', 'Promise', 'RegExp', 'Proxy'],
  ...['Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'],
  ...['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView'],
  ...['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'],
  ...['parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape', 'eval'],
  ...['setTimeout', 'clearTimeout', 'URL', 'URLSearchParams', 'assert', 'TextEncoder', 'TextDecoder', 'AbortController', 'AsyncLocalStorage'],
]);
