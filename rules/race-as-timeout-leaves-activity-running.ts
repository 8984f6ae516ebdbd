import type { ts as TS } from 'ts-morph';
import { isFunctionNode } from '../src/analysis/message-handlers.js';
import { forEachDescendant, isDeclaredInScope, referenceRole, unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer, durableStep, exportNamed, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Promise methods that chain onto a promise and settle with it: followed back to the call that started it. */
const CHAINS = new Set(['then', 'catch', 'finally']);

/**
 * CancellationScope statics whose callback runs in a scope the code can cancel (or that cancels
 * itself): a race inside one is how the SDK's own condition(fn, timeout) is written
 * (packages/workflow/src/workflow.ts: `CancellationScope.cancellable(… Promise.race([sleep(timeout), …]) … finally cancel())`).
 */
const CANCELLABLE_SCOPES = new Set(['cancellable', 'withTimeout']);

const STARTED: Record<string, string> = { activity: 'an activity', child: 'a child workflow' };

export default defineRule({
  meta: {
    id: 'race-as-timeout-leaves-activity-running',
    description: 'Promise.race between a timer and an activity or child workflow, used as a timeout: the loser keeps running',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/cancellation',
    messages: {
      leftRunning:
        "Promise.race between a timer and {{started}} ('{{call}}') works as a timeout only for the workflow: when the timer wins, nothing cancels {{started}}; it keeps running and retrying on its worker, its result is dropped, and the workflow can finish with it still pending. Give it a scope that cancels it: `await CancellationScope.withTimeout('5 minutes', () => {{call}})` (a CancelledFailure when time is up), or race inside `CancellationScope.cancellable(…)` and cancel the scope when the timer wins.",
    },
  },
  create(context) {
    return {
      CallExpression(call: TS.CallExpression) {
        if (!isPromiseRace(call)) return;
        const list = call.arguments[0] && unwrapExpression(call.arguments[0]);
        if (!list || !ts.isArrayLiteralExpression(list)) return;
        const steps = list.elements.map((element) => startedBy(element));
        const started = steps.find((s) => s && s.kind !== 'timer');
        if (!started || !steps.some((s) => s?.kind === 'timer') || inCancellableScope(call)) return;
        // `await Promise.race([pending, sleep(…)])` then `await pending`: a reminder, not a timeout.
        if (started.name && usedOutside(started.name, list)) return;
        context.report({ node: call, messageId: 'leftRunning', data: { started: STARTED[started.kind]!, call: shortText(started.call) } });
      },
    };
  },
});

function isPromiseRace(call: TS.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'race') return false;
  const base = unwrapExpression(callee.expression);
  return ts.isIdentifier(base) && base.text === 'Promise' && !isDeclaredInScope('Promise', base);
}

interface Started {
  readonly kind: 'timer' | 'activity' | 'child';
  readonly call: TS.CallExpression;
  /** The `const` the race names it by, if any. */
  readonly name?: TS.Identifier;
}

/** The durable call a race element settles with: `sleep(…)`, `act(…)`, `sleep(…).then(…)`, or a `const` bound to one. */
function startedBy(element: TS.Expression, depth = 0): Started | undefined {
  const value = unwrapExpression(element);
  if (depth < 4 && ts.isIdentifier(value)) {
    const initializer = constInitializer(value);
    const started = initializer && startedBy(initializer, depth + 1);
    return started && { ...started, name: started.name ?? value };
  }
  if (!ts.isCallExpression(value)) return undefined;
  const callee = unwrapExpression(value.expression);
  if (ts.isPropertyAccessExpression(callee) && CHAINS.has(callee.name.text)) return depth < 4 ? startedBy(callee.expression, depth + 1) : undefined;
  const step = durableStep(value);
  if (step === 'timer' || step === 'activity') return { kind: step, call: value };
  if (step === 'child' && workflowApi(value) === 'executeChild') return { kind: 'child', call: value };
  return undefined;
}

/** The name is read somewhere in its function other than in the race's list. */
function usedOutside(name: TS.Identifier, list: TS.ArrayLiteralExpression): boolean {
  let scope: TS.Node = list;
  while (scope.parent && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let used = false;
  forEachDescendant(scope, (node) => {
    if (used || !ts.isIdentifier(node) || node.text !== name.text || (node.pos >= list.pos && node.end <= list.end)) return;
    used = referenceRole(node) === 'value';
  });
  return used;
}

/** `buildReport(id)`, or `executeChild(…)` when the call is long or spans lines. */
function shortText(call: TS.CallExpression): string {
  const text = call.getText();
  return text.length <= 60 && !text.includes('\n') ? text : `${call.expression.getText()}(…)`;
}

/** Inside a function handed to `CancellationScope.cancellable` / `withTimeout`. */
function inCancellableScope(node: TS.Node): boolean {
  for (let current: TS.Node = node, parent = node.parent; parent; current = parent, parent = parent.parent) {
    if (!isFunctionNode(current) || !ts.isCallExpression(parent)) continue;
    const callee = unwrapExpression(parent.expression);
    if (ts.isPropertyAccessExpression(callee) && CANCELLABLE_SCOPES.has(callee.name.text) && exportNamed(callee.expression, WORKFLOW_MODULE) === 'CancellationScope') return true;
  }
  return false;
}
