import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Names that say a list holds compensations, for lists whose closures do not call an activity directly. */
const COMPENSATION_NAME = /compensat|undo|rollback|revert/i;

type Order = 'forward' | 'backward' | 'unknown';

export default defineRule({
  meta: {
    id: 'saga-compensation-order',
    description: 'Saga compensations registered after their step is awaited, or run in registration order',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://temporal.io/blog/compensating-actions-part-of-a-complete-breakfast-with-sagas',
    messages: {
      afterStep:
        "This compensation is registered after its step was awaited: if the step takes effect and then times out, or the worker stops between the two lines, the failure path never undoes it. Register the compensation before awaiting the step (make the undo idempotent, keyed by an id the workflow creates first, e.g. with uuid4()).",
      order:
        "Compensations are registered with {{registration}}() and run here {{direction}}, so the first step is undone first: a saga must undo in reverse order of its steps. {{fix}}",
    },
  },
  create(context) {
    const checked = new Set<string>();
    return {
      [ts.SyntaxKind.CallExpression](call: TS.CallExpression) {
        const registration = compensationRegistration(call);
        if (!registration) return;
        if (followsAwaitedStep(call, registration.list)) context.report({ node: call, messageId: 'afterStep' });
        const owner = enclosingFunction(call);
        const key = owner && `${owner.pos}:${registration.list}`;
        if (!owner || checked.has(key!)) return;
        checked.add(key!);
        const verdict = runOrder(owner, registration.list);
        if (verdict) context.report({ node: verdict.node, messageId: 'order', data: verdict.data });
      },
    };
  },
});

interface Registration {
  readonly list: string;
  readonly method: 'push' | 'unshift';
}

/** `list.push(() => undo())`, `list.unshift({ fn: () => undo() })` where the list holds compensations. */
function compensationRegistration(call: TS.CallExpression): Registration | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'push' && callee.name.text !== 'unshift')) return undefined;
  const list = unwrapExpression(callee.expression);
  if (!ts.isIdentifier(list)) return undefined;
  const closures = call.arguments.flatMap(closuresOf);
  if (!closures.length) return undefined;
  if (!COMPENSATION_NAME.test(list.text) && !closures.some(callsDurableStep)) return undefined;
  return { list: list.text, method: callee.name.text };
}

/** The functions an argument registers: itself, or the function-valued properties of an object. */
function closuresOf(argument: TS.Expression): FunctionNode[] {
  const target = unwrapExpression(argument);
  if (isFunctionNode(target)) return [target];
  if (!ts.isObjectLiteralExpression(target)) return [];
  return target.properties.flatMap((property): FunctionNode[] => {
    if (ts.isMethodDeclaration(property)) return [property];
    if (ts.isPropertyAssignment(property)) {
      const value = unwrapExpression(property.initializer);
      return isFunctionNode(value) ? [value] : [];
    }
    return [];
  });
}

function callsDurableStep(fn: FunctionNode): boolean {
  let found = false;
  forEachInBody(fn, (node) => {
    if (!found && ts.isCallExpression(node) && (durableStep(node) === 'activity' || durableStep(node) === 'child')) found = true;
  });
  return found;
}

/**
 * The registration comes right after an awaited activity or child workflow, in a block whose last
 * step-or-registration is a registration: the pattern `await step(); register(undo)`, where each
 * undo follows its step. (In the right pattern, `register(undo); await step()`, a registration also
 * follows the previous step, but the block ends with a step.)
 */
function followsAwaitedStep(call: TS.CallExpression, list: string): boolean {
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent))) return false;
  const events = statement.parent.statements.flatMap((s): { s: TS.Statement; kind: 'register' | 'step' }[] => {
    if (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && compensationRegistration(s.expression)?.list === list) return [{ s, kind: 'register' }];
    return awaitsStep(s) ? [{ s, kind: 'step' }] : [];
  });
  const at = events.findIndex((e) => e.s === statement);
  return events[events.length - 1]?.kind === 'register' && events[at - 1]?.kind === 'step';
}

function awaitsStep(statement: TS.Statement): boolean {
  let found = false;
  forEachDescendant(statement, (node) => {
    if (found || !ts.isAwaitExpression(node)) return;
    const awaited = unwrapExpression(node.expression);
    if (ts.isCallExpression(awaited) && (durableStep(awaited) === 'activity' || durableStep(awaited) === 'child')) found = true;
  });
  // An await nested in a function literal (another closure) is not this statement's step.
  return found && !containsOnlyInClosures(statement);
}

function containsOnlyInClosures(statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && isFunctionNode(unwrapExpression(statement.expression));
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/**
 * How the list is registered (all `push`, or all `unshift`) and run (forward or backward), in the
 * registering function or in a function of the file the list is handed to. Undefined when right,
 * mixed or unknown.
 */
function runOrder(owner: FunctionNode, list: string): { node: TS.Node; data: Record<string, string> } | undefined {
  const methods = new Set<string>();
  const runs: { node: TS.Node; order: Order }[] = [];
  forEachInBody(owner, (node) => {
    if (!ts.isCallExpression(node)) return;
    const registration = compensationRegistration(node);
    if (registration?.list === list) methods.add(registration.method);
  });
  collectRuns(owner, list, runs, new Set());
  if (methods.size !== 1) return undefined;
  const registration = [...methods][0]!;
  for (const run of runs) {
    const wrong = (registration === 'push' && run.order === 'forward') || (registration === 'unshift' && run.order === 'backward');
    if (!wrong) continue;
    const fix = registration === 'push' ? `Run them from the end (\`for (const c of [...${list}].reverse())\`), or register with unshift().` : 'With unshift() the newest is already first: iterate forward.';
    return { node: run.node, data: { registration, direction: run.order === 'forward' ? 'in registration order' : 'from the end', fix } };
  }
  return undefined;
}

/** Loops over `list` in `fn`, following calls that hand `list` to another function of the file. */
function collectRuns(fn: FunctionNode, list: string, runs: { node: TS.Node; order: Order }[], seen: Set<TS.Node>): void {
  if (seen.has(fn)) return;
  seen.add(fn);
  const reversed = reversesInPlace(fn, list);
  forEachInBody(fn, (node) => {
    if (ts.isForOfStatement(node)) {
      const order = iterationOrder(node.expression, list);
      if (order) runs.push({ node: node.expression, order: reversed && order !== 'unknown' ? flip(order) : order });
    } else if (ts.isForStatement(node) && node.condition && mentions(node.condition, `${list}.length`)) {
      const init = node.initializer?.getText() ?? '';
      runs.push({ node: node.condition, order: /length\s*-\s*1/.test(init) ? 'backward' : /=\s*0\b/.test(init) ? (reversed ? 'backward' : 'forward') : 'unknown' });
    } else if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'forEach' && isName(callee.expression, list)) {
        runs.push({ node: callee, order: reversed ? 'backward' : 'forward' });
      }
      node.arguments.forEach((argument, index) => {
        if (!isName(argument, list)) return;
        const target = resolveFunction(node.expression);
        const parameter = target?.parameters[index]?.name;
        if (target && parameter && ts.isIdentifier(parameter)) collectRuns(target, parameter.text, runs, seen);
      });
    }
  });
}

/** `for (… of list)` is forward; `list.slice().reverse()`, `[...list].reverse()`, `list.toReversed()` backward. */
function iterationOrder(expression: TS.Expression, list: string): Order | undefined {
  const target = unwrapExpression(expression);
  if (isName(target, list)) return 'forward';
  const text = target.getText().replace(/\s+/g, '');
  if (!new RegExp(`\\b${list}\\b`).test(text)) return undefined;
  if (/\.(reverse|toReversed)\(\)$/.test(text)) return 'backward';
  return 'unknown';
}

/** `list.reverse();` as a statement before the loop turns the list around. */
function reversesInPlace(fn: FunctionNode, list: string): boolean {
  let found = false;
  forEachInBody(fn, (node) => {
    if (ts.isExpressionStatement(node) && node.expression.getText().replace(/\s+/g, '') === `${list}.reverse()`) found = true;
  });
  return found;
}

function flip(order: Order): Order {
  return order === 'forward' ? 'backward' : order === 'backward' ? 'forward' : order;
}

function isName(expression: TS.Expression, name: string): boolean {
  const target = unwrapExpression(expression);
  return ts.isIdentifier(target) && target.text === name;
}

function mentions(node: TS.Node, text: string): boolean {
  return node.getText().replace(/\s+/g, '').includes(text);
}
