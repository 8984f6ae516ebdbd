import type { ts as TS } from 'ts-morph';
import { type FunctionNode, handlerRegistrations, isFunctionNode } from '../src/analysis/message-handlers.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { exportNamed, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'condition-timeout',
    description: 'condition() waiting for a signal or update with no timeout, where nothing else bounds the wait',
    context: 'workflow',
    severity: 'warn',
    // Not in recommended: demos and many real workflows wait for a message on purpose (16 such waits
    // in temporalio/samples-typescript); teams that want every wait bounded opt in with strict.
    presets: ['strict'],
    temporalDocs: 'https://typescript.temporal.io/api/namespaces/workflow#condition',
    messages: {
      unbounded:
        "This condition() waits for a message (the workflow handles signals or updates) with no timeout: if the person or system never answers, the workflow waits forever and nobody is told. Pass a timeout, condition(fn, '2 days'), and handle the false result: remind, escalate, or fail with a clear result.",
    },
  },
  create(context) {
    let handlesMessages: boolean | undefined;
    return {
      [ts.SyntaxKind.CallExpression](call: TS.CallExpression) {
        if (workflowApi(call) !== 'condition' || call.arguments.length !== 1) return;
        const predicate = unwrapExpression(call.arguments[0]!);
        if (waitsOnlyForHandlers(predicate) || readsContinueAsNewSuggested(predicate)) return;
        if (isBoundedElsewhere(call)) return;
        handlesMessages ??= handlerRegistrations(context.sourceFile, context).some((r) => r.kind === 'signal' || r.kind === 'update' || r.kind === undefined);
        if (handlesMessages) context.report({ node: call, messageId: 'unbounded' });
      },
    };
  },
});

/** `condition(allHandlersFinished)`: waiting for the workflow's own handlers, which always finish. */
function waitsOnlyForHandlers(predicate: TS.Expression): boolean {
  if (exportNamed(predicate, WORKFLOW_MODULE) === 'allHandlersFinished') return true;
  if (!ts.isArrowFunction(predicate) || ts.isBlock(predicate.body)) return false;
  const body = unwrapExpression(predicate.body);
  return ts.isCallExpression(body) && exportNamed(body.expression, WORKFLOW_MODULE) === 'allHandlersFinished';
}

function readsContinueAsNewSuggested(predicate: TS.Expression): boolean {
  return /\bcontinueAsNewSuggested\b/.test(predicate.getText());
}

/**
 * Bounded by something else: raced against a timer (`Promise.race([condition(…), sleep(…)])`), in a
 * `CancellationScope.withTimeout`, or waiting for the next message inside a loop (an entity's main
 * loop, whose lifetime other checks cover).
 */
function isBoundedElsewhere(call: TS.CallExpression): boolean {
  for (let node: TS.Node = call, parent = call.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent) && /^Promise\.race$/.test(parent.parent.expression.getText())) return true;
    if (ts.isCallExpression(parent) && /withTimeout$/.test(parent.expression.getText()) && isFunctionNode(node)) return true;
    if (ts.isIterationStatement(parent, false) && parent.statement === node) return true;
    if (isFunctionNode(parent)) return isHandedToWithTimeout(parent);
  }
  return false;
}

function isHandedToWithTimeout(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return ts.isCallExpression(parent) && /withTimeout$/.test(parent.expression.getText());
}
