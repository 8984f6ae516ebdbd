import type { ts as TS } from 'ts-morph';
import { isFunctionNode } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep, exportNamed, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** `@temporalio/workflow` exports that recognise a cancellation (packages/common/src/failure.ts, workflow/src/errors.ts). */
const CANCELLATION_CHECKS = new Set(['isCancellation', 'CancelledFailure']);

export default defineRule({
  meta: {
    id: 'cancellation-swallowed',
    description: 'catch clauses around awaited Temporal calls that neither rethrow nor check isCancellation()',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/cancellation',
    messages: {
      swallowed:
        "This catch swallows every error from the awaited {{step}}, including the CancelledFailure that cancelling the workflow raises there: a cancelled workflow then carries on (or completes as if it succeeded). Rethrow what you do not handle, or check isCancellation(err) first and rethrow it.",
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.CatchClause](clause: TS.CatchClause) {
        const statement = clause.parent;
        const step = awaitedStep(statement.tryBlock);
        if (!step || rethrowsOrChecks(clause.block) || inNonCancellableScope(statement)) return;
        context.report({ node: clause.getFirstToken() ?? clause, messageId: 'swallowed', data: { step } });
      },
    };
  },
});

/** The first activity, child, timer or condition the try block awaits (outside nested functions). */
function awaitedStep(block: TS.Block): string | undefined {
  let step: string | undefined;
  const pending: TS.Node[] = [block];
  while (pending.length && !step) {
    const node = pending.pop()!;
    if (ts.isAwaitExpression(node)) {
      const awaited = unwrapExpression(node.expression);
      const kind = ts.isCallExpression(awaited) ? durableStep(awaited) : undefined;
      if (kind && kind !== 'continue-as-new') step = kind === 'timer' ? 'sleep()' : kind === 'child' ? 'child workflow' : kind === 'condition' ? 'condition()' : 'activity';
    }
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => {
      if (!isFunctionNode(child)) children.push(child);
    });
    pending.push(...children.reverse()); // source order: the first step is named
  }
  return step;
}

/** A `throw` anywhere in the catch block, or a test with isCancellation() / `instanceof CancelledFailure`. */
function rethrowsOrChecks(block: TS.Block): boolean {
  let found = false;
  forEachDescendant(block, (node) => {
    if (found) return;
    if (ts.isThrowStatement(node)) found = true;
    else if (ts.isCallExpression(node) && CANCELLATION_CHECKS.has(workflowApi(node) ?? '')) found = true;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && CANCELLATION_CHECKS.has(exportNamed(node.right, WORKFLOW_MODULE) ?? '')) found = true;
  });
  return found;
}

/** Inside `CancellationScope.nonCancellable(() => …)`, cancellation cannot reach the awaited call. */
function inNonCancellableScope(node: TS.Node): boolean {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const call = current.parent;
    if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'nonCancellable') return true;
  }
  return false;
}
