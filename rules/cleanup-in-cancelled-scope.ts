import type { ts as TS } from 'ts-morph';
import { awaitedStep, inNonCancellableScope, stepOf, valueWhenCancelled } from '../src/analysis/cancelled-scope.js';
import { compensationRegistration, compensationRuns } from '../src/analysis/compensations.js';
import { type Completion, statementCompletions } from '../src/analysis/completions.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from '../src/analysis/message-handlers.js';
import { defineRule, type RuleContext } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

type MessageId = 'cancellationBranch' | 'finally' | 'compensations';

export default defineRule({
  meta: {
    id: 'cleanup-in-cancelled-scope',
    description: 'Cleanup started after a cancellation (in its catch branch, a finally, saga compensations) in the cancelled scope, where the SDK rejects it at once',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/cancellation#cancellation-scopes',
    messages: {
      cancellationBranch:
        "This {{step}} is cleanup for a cancellation, started in the scope that was cancelled: the SDK rejects it at once (scheduleActivityNextHandler checks scope.consideredCancelled), so it never runs. Run it in CancellationScope.nonCancellable(() => …).",
      finally:
        "This {{step}} in a finally also runs when the workflow is cancelled during the try, in the scope that was cancelled: the SDK then rejects it at once (scheduleActivityNextHandler checks scope.consideredCancelled), so the cleanup never runs. Run it in CancellationScope.nonCancellable(() => …).",
      compensations:
        "These compensations run in the workflow's own scope: when the workflow is cancelled during the saga, that scope is cancelled and the SDK rejects every undo activity at once, so nothing is undone. Run them in CancellationScope.nonCancellable(async () => { … }).",
    },
  },
  create(context) {
    const reported = new Set<TS.Node>();
    const report = (node: TS.Node, messageId: MessageId, data?: Record<string, string>): void => {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId, ...(data ? { data } : {}) });
    };
    const checkedLists = new Set<string>();
    return {
      TryStatement(statement: TS.TryStatement) {
        if (inNonCancellableScope(statement) || !awaitedStep(statement.tryBlock, context)) return;
        const clause = statement.catchClause;
        const binding = clause?.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name) ? clause.variableDeclaration.name.text : undefined;
        if (clause && binding) {
          for (const { call, step } of cleanupCalls(clause.block, context)) if (onCancellationPath(call, clause.block, binding)) report(call, 'cancellationBranch', { step });
        }
        if (statement.finallyBlock) {
          const first = cleanupCalls(statement.finallyBlock, context).find(({ call }) => !testsCancellation(call, statement.finallyBlock!));
          if (first) report(first.call, 'finally', { step: first.step });
        }
      },
      CallExpression(call: TS.CallExpression) {
        const registration = compensationRegistration(call);
        const owner = registration && enclosingFunction(call);
        if (!registration || !owner || checkedLists.has(`${owner.pos}:${registration.list}`)) return;
        checkedLists.add(`${owner.pos}:${registration.list}`);
        for (const run of compensationRuns(owner, registration)) {
          if (inNonCancellableScope(run.entry) || inNonCancellableScope(run.node)) continue;
          if (runsAfterCancellation(run.entry, owner, context)) report(run.entry, 'compensations');
        }
      },
    };
  },
});

type Context = RuleContext<MessageId>;

/**
 * Activities and child workflows (also through a function of the project that awaits one) that a
 * catch or finally block starts outside `CancellationScope.nonCancellable`, in source order.
 */
function cleanupCalls(block: TS.Block, context: Context): { call: TS.CallExpression; step: string }[] {
  const found: { call: TS.CallExpression; step: string }[] = [];
  forEachInBody({ body: block } as unknown as FunctionNode, (node) => {
    if (!ts.isCallExpression(node) || inNonCancellableScope(node) || !isAwaitedOrReturned(node)) return;
    const step = stepOf(node, context);
    if (step && (step.startsWith('activity') || step.startsWith('child workflow'))) found.push({ call: node, step });
  });
  return found.sort((a, b) => a.call.pos - b.call.pos);
}

function isAwaitedOrReturned(call: TS.CallExpression): boolean {
  let node: TS.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isAwaitExpression(node.parent) || ts.isReturnStatement(node.parent);
}

/**
 * The call runs only when the caught error is a cancellation: inside `if (isCancellation(err))`
 * (or the `else` of its negation), or after `if (!isCancellation(err)) { … throw/return }` in a
 * block of the catch. A generic catch that calls an activity is not this: for a business failure
 * its activity runs, and after a cancellation its rejection re-raises the cancellation.
 */
function onCancellationPath(call: TS.Node, block: TS.Block, binding: string): boolean {
  let selected = false;
  for (let child: TS.Node = call, parent = call.parent; parent && child !== block; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      const value = valueWhenCancelled(parent.expression, binding);
      if (value !== undefined) {
        if ((child === parent.thenStatement) !== value) return false;
        selected = true;
      }
    }
    if (ts.isBlock(parent) && guardedBefore(parent, child as TS.Statement, binding)) selected = true;
  }
  return selected;
}

/** A statement before `statement` in `block` leaves unless the error is a cancellation: `if (!isCancellation(err)) throw err;`. */
function guardedBefore(block: TS.Block, statement: TS.Statement, binding: string): boolean {
  const index = block.statements.indexOf(statement);
  return block.statements.slice(0, Math.max(index, 0)).some((s) => {
    if (!ts.isIfStatement(s) || s.elseStatement || valueWhenCancelled(s.expression, binding) !== false) return false;
    const ends = statementCompletions(s.thenStatement, { effect: () => undefined });
    return ends.size > 0 && ![...ends].some((c: Completion) => c === 'normal');
  });
}

/** `if (!CancellationScope.current().consideredCancelled) await notify()`: skipping the cleanup on a cancellation is chosen. */
function testsCancellation(call: TS.Node, block: TS.Block): boolean {
  for (let child: TS.Node = call, parent = call.parent; parent && child !== block; child = parent, parent = parent.parent)
    if (ts.isIfStatement(parent) && child !== parent.expression && /consideredCancelled|isCancellation|CancelledFailure/.test(parent.expression.getText())) return true;
  return false;
}

/**
 * The compensations are entered from a catch (on the path a cancellation takes through it) or a
 * finally of a `try` in `owner` that awaits a step, where a cancellation of the workflow lands.
 */
function runsAfterCancellation(entry: TS.Node, owner: FunctionNode, context: Context): boolean {
  for (let child: TS.Node = entry, parent = entry.parent; parent && parent !== owner; child = parent, parent = parent.parent) {
    if (ts.isCatchClause(parent)) {
      const name = parent.variableDeclaration?.name;
      if (name && ts.isIdentifier(name) && excludedOnCancellation(entry, parent.block, name.text)) return false;
      return awaitedStep(parent.parent.tryBlock, context) !== undefined;
    }
    if (ts.isTryStatement(parent) && child === parent.finallyBlock) return awaitedStep(parent.tryBlock, context) !== undefined;
  }
  return false;
}

/** Inside a branch that a cancellation does not take (`if (!isCancellation(err)) await compensate()`). */
function excludedOnCancellation(node: TS.Node, block: TS.Block, binding: string): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent && child !== block; child = parent, parent = parent.parent) {
    if (!ts.isIfStatement(parent) || child === parent.expression) continue;
    const value = valueWhenCancelled(parent.expression, binding);
    if (value !== undefined && (child === parent.thenStatement) !== value) return true;
  }
  return false;
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}
