import type { ts as TS } from 'ts-morph';
import { isFunctionNode } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Ways a workflow starts afresh with an empty history (packages/workflow/src/workflow.ts). */
const CONTINUE_AS_NEW = new Set(['continueAsNew', 'makeContinueAsNewFunc']);

const STEP_NAMES: Record<string, string> = { activity: 'an activity', child: 'a child workflow', timer: 'a timer (sleep)', condition: 'a condition' };

export default defineRule({
  meta: {
    id: 'unbounded-history',
    description: 'An endless loop that awaits activities, children, timers or conditions, with no continueAsNew',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/continue-as-new',
    messages: {
      endless:
        "This loop never ends on its own and awaits {{step}} on every turn, so the workflow's history grows without bound: past 10,240 events Temporal warns, and at 51,200 events (or 50 MB) it terminates the workflow. Call continueAsNew() with the state to carry over when workflowInfo().continueAsNewSuggested is true (after `await condition(allHandlersFinished)`).",
    },
  },
  create(context) {
    let fileContinuesAsNew: boolean | undefined;
    return {
      [ts.SyntaxKind.WhileStatement]: check,
      [ts.SyntaxKind.DoStatement]: check,
      [ts.SyntaxKind.ForStatement]: check,
    };

    function check(loop: TS.WhileStatement | TS.DoStatement | TS.ForStatement): void {
      if (!neverEndsOnItsOwn(loop) || leavesLoop(loop)) return;
      const step = awaitedStep(loop.statement);
      if (!step) return;
      fileContinuesAsNew ??= continuesAsNew(context.sourceFile);
      if (!fileContinuesAsNew) context.report({ node: loopKeyword(loop), messageId: 'endless', data: { step } });
    }
  },
});

/** `while (true)`, `do … while (true)`, `for (;;)`, `for (;true;)`. */
function neverEndsOnItsOwn(loop: TS.WhileStatement | TS.DoStatement | TS.ForStatement): boolean {
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (!condition) return true;
  const value = unwrapExpression(condition);
  return value.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(value) && value.text !== '0');
}

/** A `break` that leaves this loop, or a `return`/`throw`, in its body (not in nested functions or loops' own breaks). */
function leavesLoop(loop: TS.IterationStatement): boolean {
  let leaves = false;
  const pending: { node: TS.Node; nestedLoop: boolean }[] = [{ node: loop.statement, nestedLoop: false }];
  while (pending.length && !leaves) {
    const { node, nestedLoop } = pending.pop()!;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) leaves = true;
    else if (ts.isBreakStatement(node) && (node.label ? isLabelOf(node.label, loop) : !nestedLoop)) leaves = true;
    else {
      const inner = nestedLoop || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
      ts.forEachChild(node, (child) => {
        if (!isFunctionNode(child) && !ts.isClassLike(child)) pending.push({ node: child, nestedLoop: inner });
      });
    }
  }
  return leaves;
}

function isLabelOf(label: TS.Identifier, loop: TS.IterationStatement): boolean {
  return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === label.text;
}

/** The first durable step the body awaits: the thing that adds events to history on every turn. */
function awaitedStep(body: TS.Statement): string | undefined {
  let step: string | undefined;
  forEachDescendant(body, (node) => {
    if (step || !ts.isAwaitExpression(node)) return;
    const kind = awaitedKind(unwrapExpression(node.expression));
    if (kind) step = STEP_NAMES[kind];
  });
  return step;
}

function awaitedKind(expression: TS.Expression): string | undefined {
  if (ts.isCallExpression(expression)) {
    const kind = durableStep(expression);
    if (kind && kind !== 'continue-as-new') return kind;
    // await Promise.race([sleep(…), condition(…)]) and friends
    const callee = unwrapExpression(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') {
      const list = expression.arguments[0] && unwrapExpression(expression.arguments[0]);
      if (list && ts.isArrayLiteralExpression(list)) for (const element of list.elements) {
        const inner = awaitedKind(unwrapExpression(element));
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

/** The file calls continueAsNew (or makes a continue-as-new function), or reads continueAsNewSuggested. */
function continuesAsNew(sourceFile: TS.SourceFile): boolean {
  // All three names (and any alias's import) spell it out.
  if (!/continueAsNew/i.test(sourceFile.text)) return false;
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (found) return;
    if (ts.isCallExpression(node) && CONTINUE_AS_NEW.has(workflowApi(node) ?? '')) found = true;
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'continueAsNewSuggested') found = true;
  });
  return found;
}

function loopKeyword(loop: TS.IterationStatement): TS.Node {
  return loop.getFirstToken() ?? loop;
}
