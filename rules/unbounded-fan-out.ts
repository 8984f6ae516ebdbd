import type { ts as TS } from 'ts-morph';
import { type FunctionNode, isAsyncFunction, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import { forEachDescendant, isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { activityProxies, constInitializer, durableStep, workflowApi } from '../src/analysis/temporal-calls.js';
import { isExportedTopLevel, parameterOwner } from '../src/analysis/workflow-inputs.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Promise combinators that start every element at once. */
const ALL_AT_ONCE = new Set(['all', 'allSettled']);

/**
 * Temporal's default cap on incomplete activities and child workflows per execution
 * (docs.temporal.io/workflow-execution/limits: NumPendingActivitiesLimit, NumPendingChildExecutionsLimit).
 */
const PENDING_LIMIT = '2,000';

type Started = 'activity' | 'child workflow';

export default defineRule({
  meta: {
    id: 'unbounded-fan-out',
    description: 'Promise.all over a workflow input array that starts one activity or child workflow per element, with no batching',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/workflow-execution/limits',
    messages: {
      unbounded:
        "Promise.{{combinator}} starts one {{started}} per element of '{{input}}', a workflow input nothing bounds. Temporal allows " + PENDING_LIMIT +
        " pending activities and " + PENDING_LIMIT + " pending child workflows per execution by default: past that the workflow task fails and the workflow is stuck, and each element adds events to a history capped at 51,200. Process the input in batches (await Promise.all over slices of, say, 100), hand slices to child workflows, or continueAsNew with the rest.",
    },
  },
  create(context) {
    return {
      CallExpression(call: TS.CallExpression) {
        const combinator = promiseCombinator(call);
        const mapped = call.arguments[0] && unwrapExpression(call.arguments[0]);
        if (!combinator || !mapped || !ts.isCallExpression(mapped)) return;
        const callee = unwrapExpression(mapped.expression);
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'map' || !mapped.arguments[0]) return;
        const started = startedPerElement(mapped.arguments[0]);
        if (!started) return;
        const workflow = workflowInputRoot(callee.expression);
        if (!workflow || continuesAsNew(workflow.fn) || checksLength(workflow.fn, [workflow.input, callee.expression.getText()])) return;
        context.report({ node: call, messageId: 'unbounded', data: { combinator, started, input: workflow.input } });
      },
    };
  },
});

function promiseCombinator(call: TS.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ALL_AT_ONCE.has(callee.name.text)) return undefined;
  const base = unwrapExpression(callee.expression);
  return ts.isIdentifier(base) && base.text === 'Promise' && !isDeclaredInScope('Promise', base) ? callee.name.text : undefined;
}

/** What the `.map` callback starts: an activity (or a child) directly, or through an async function of the file. */
function startedPerElement(callback: TS.Expression): Started | undefined {
  const target = unwrapExpression(callback);
  if (ts.isIdentifier(target) || ts.isPropertyAccessExpression(target)) {
    if (isActivityFunction(target)) return 'activity';
    const fn = resolveFunction(target);
    return fn && isAsyncFunction(fn) ? stepsIn(fn) : undefined;
  }
  return isFunctionNode(target) ? stepsIn(target) : undefined;
}

/** `urls.map(httpGet)` / `urls.map(acts.httpGet)` with a proxied activity. */
function isActivityFunction(expression: TS.Identifier | TS.PropertyAccessExpression): boolean {
  const proxies = activityProxies(expression.getSourceFile());
  if (ts.isIdentifier(expression)) return proxies.some((p) => p.functions.has(expression.text));
  const base = unwrapExpression(expression.expression);
  // `acts.httpGet`, or `ns.httpGet` of a namespace import of stubs.
  return ts.isIdentifier(base) && proxies.some((p) => p.objectName === base.text || p.functions.has(`${base.text}.${expression.name.text}`));
}

const stepsCache = new WeakMap<FunctionNode, Started | undefined>();

/** The activities or children a function starts, looking one call deep into async functions of the file. */
function stepsIn(fn: FunctionNode, depth = 0): Started | undefined {
  if (stepsCache.has(fn)) return stepsCache.get(fn);
  let found: Started | undefined;
  if (fn.body)
    forEachDescendant(fn.body, (node) => {
      if (found || !ts.isCallExpression(node)) return;
      const step = durableStep(node);
      if (step === 'activity') found = 'activity';
      else if (step === 'child') found = 'child workflow';
      else if (depth === 0 && ts.isIdentifier(unwrapExpression(node.expression))) {
        const helper = resolveFunction(node.expression);
        if (helper && helper !== fn && isAsyncFunction(helper)) found = stepsIn(helper, 1);
      }
    });
  if (depth === 0) stepsCache.set(fn, found);
  return found;
}

/**
 * The exported module-level function whose parameter the array comes from (`items`, `input.items`,
 * or a `const` bound to one), with the array's text. Arrays built in the workflow are not inputs.
 */
function workflowInputRoot(array: TS.Expression): { fn: FunctionNode; input: string } | undefined {
  let target = unwrapExpression(array);
  for (let hops = 0; hops < 4 && ts.isIdentifier(target); hops++) {
    const initializer = constInitializer(target);
    if (!initializer) break;
    target = unwrapExpression(initializer);
  }
  const input = target.getText();
  let root = target;
  while (ts.isPropertyAccessExpression(root)) root = unwrapExpression(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  const fn = parameterOwner(root);
  return fn && isExportedTopLevel(fn) ? { fn, input } : undefined;
}


function continuesAsNew(fn: FunctionNode): boolean {
  let found = false;
  if (fn.body)
    forEachDescendant(fn.body, (node) => {
      if (!found && ts.isCallExpression(node)) {
        const api = workflowApi(node);
        found = api === 'continueAsNew' || api === 'makeContinueAsNewFunc';
      }
    });
  return found;
}

/** `if (items.length > 100) throw …`: the workflow bounds its input itself. */
function checksLength(fn: FunctionNode, arrays: string[]): boolean {
  let found = false;
  if (fn.body)
    forEachDescendant(fn.body, (node) => {
      if (found || !ts.isBinaryExpression(node) || !isComparison(node.operatorToken.kind)) return;
      found = [node.left, node.right].some((side) => {
        const operand = unwrapExpression(side);
        return ts.isPropertyAccessExpression(operand) && operand.name.text === 'length' && arrays.includes(operand.expression.getText());
      });
    });
  return found;
}

function isComparison(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken || kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken;
}
