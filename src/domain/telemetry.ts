/**
 * What workflow code may call without changing the commands the workflow issues: telemetry, which
 * leaves the sandbox through sinks and never becomes history, and computation with no effect.
 */

/**
 * `@temporalio/workflow` exports whose calls only observe. Sources: packages/workflow/src/logs.ts
 * (`log.*` calls the logger sink), metrics.ts (`metricMeter` instruments call the metrics sink, and
 * record nothing while replaying), sinks.ts (`proxySinks()`: calls go to the worker after the
 * activation; packages/worker/src/sinks.ts `callDuringReplay`, false by default, skips them on replay).
 */
export const TELEMETRY_EXPORTS: ReadonlySet<string> = new Set(['log', 'metricMeter', 'proxySinks']);

/**
 * Loggers by name: the sandbox's `console` (packages/worker/src/workflow/vm-shared.ts `injectGlobals`
 * prints, and stays silent while replaying), and `log` / `logger` objects however a project gets them.
 */
export const LOGGER_NAMES: ReadonlySet<string> = new Set(['console', 'log', 'logger']);

/** Functions that compute a value and do nothing else, as `Name` or `Namespace.name` (`Math.*`: all of Math). */
export const PURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  'JSON.stringify', 'Date.now', 'Object.keys', 'Object.values', 'Object.entries', 'Array.isArray', 'Array.from',
  'Number.isFinite', 'Number.isInteger', 'Math.*',
]);

/**
 * Methods that read their receiver and return a new value (arrays, strings, numbers, dates, maps,
 * `unsafe.now()` and `performance.now()`): callbacks passed to them are checked on their own.
 */
export const PURE_METHODS: ReadonlySet<string> = new Set([
  'map', 'filter', 'forEach', 'reduce', 'some', 'every', 'find', 'findIndex', 'includes', 'indexOf', 'join', 'slice', 'concat', 'at', 'flat', 'flatMap',
  'keys', 'values', 'entries', 'get', 'has',
  'toString', 'toFixed', 'toISOString', 'toJSON', 'getTime', 'valueOf',
  'trim', 'toUpperCase', 'toLowerCase', 'padStart', 'padEnd', 'split', 'startsWith', 'endsWith', 'replace', 'substring',
  'now',
]);

/**
 * Errors whose throw fails the workflow task, not the workflow: packages/workflow/src/internals.ts
 * `handleWorkflowFailure` makes a command only of a TemporalFailure, ContinueAsNew, a cancellation or
 * a type listed in `failureExceptionTypes` / the worker's `workflowFailureErrorTypes`; any other error
 * is `recordWorkflowTaskError`, and the task is retried with none of its commands sent.
 */
export const TASK_FAILURE_ERRORS: ReadonlySet<string> = new Set(['Error', 'TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);
