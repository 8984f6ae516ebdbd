import type { ts as TS } from 'ts-morph';
import { callSitesOf } from '../src/analysis/call-sites.js';
import { type Completion, completionsAfter, completionsFrom, type Paths, statementCompletions } from '../src/analysis/completions.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from '../src/analysis/message-handlers.js';
import { calledFunction, type ProjectFile } from '../src/analysis/project-functions.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep, exportNamed, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** `@temporalio/workflow` exports that recognise a cancellation (packages/common/src/failure.ts, workflow/src/errors.ts). */
const CANCELLATION_CHECKS = new Set(['isCancellation', 'CancelledFailure']);

/** Promise combinators that reject as soon as one of their promises does. */
const REJECTING_COMBINATORS = new Set(['all', 'race']);

/** How many helpers deep an error handed on from a catch is followed. */
const MAX_HELPER_DEPTH = 3;

/** How many calls out a path that returns from the catch's function is followed. */
const MAX_CALLER_DEPTH = 3;

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
        if (handsToHelper(clause, context) || !swallowsOnSomePath(clause, context)) return;
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
function rethrowsOrChecks(block: TS.Node): boolean {
  return someDescendant(block, (node) => ts.isThrowStatement(node) || isCancellationCheck(node));
}

function isCancellationCheck(node: TS.Node): boolean {
  if (ts.isCallExpression(node)) return CANCELLATION_CHECKS.has(workflowApi(node) ?? '');
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && CANCELLATION_CHECKS.has(exportNamed(node.right, WORKFLOW_MODULE) ?? '');
}

/**
 * The catch hands its error to a helper that rethrows cancellations: `rethrowIfCancelled(err)`,
 * declared in the file or imported from a project module (the helper's own helpers are followed
 * in its file only: the lint cache sees one import away).
 */
function handsToHelper(clause: TS.CatchClause, project: ProjectFile): boolean {
  const binding = clause.variableDeclaration?.name;
  return binding !== undefined && ts.isIdentifier(binding) && passesTo(clause.block, binding.text, project, 0, new Set());
}

/** `scope` calls a function with `name` as an argument, and that function rethrows what it gets. */
function passesTo(scope: TS.Node, name: string, project: ProjectFile | undefined, depth: number, seen: Set<FunctionNode>): boolean {
  if (depth > MAX_HELPER_DEPTH) return false;
  return someInBody(scope, (node) => {
    if (!ts.isCallExpression(node)) return false;
    const index = node.arguments.findIndex((a) => isIdentifierNamed(a, name));
    const helper = index >= 0 ? calledFunction(node.expression, project) : undefined;
    const parameter = helper?.fn.parameters[index]?.name;
    if (!helper || !parameter || !ts.isIdentifier(parameter) || seen.has(helper.fn)) return false;
    seen.add(helper.fn);
    const inLintedFile = helper.fn.getSourceFile() === project?.module.sourceFile;
    return rethrows(helper.fn, parameter.text) || passesTo(helper.fn, parameter.text, inLintedFile ? project : undefined, depth + 1, seen);
  });
}

/**
 * A helper that checks its error for cancellation, throws it (`if (isCancellation(err)) throw err;`,
 * `throw err;`), or never returns (it throws whatever it was given, as another error).
 */
function rethrows(helper: FunctionNode, parameter: string): boolean {
  const body = helper.body;
  if (!body) return false;
  if (someInBody(helper, (node) => isCancellationCheck(node) || (ts.isThrowStatement(node) && isIdentifierNamed(node.expression, parameter)))) return true;
  if (!ts.isBlock(body)) return false;
  const ends = statementCompletions(body, { effect: () => undefined });
  return ends.size > 0 && [...ends].every((c) => c === 'throw');
}

/**
 * In a cancelled scope the SDK rejects every new activity, timer, child workflow and condition at
 * once (workflow/src/workflow.ts: timerNextHandler, scheduleActivityNextHandler,
 * scheduleLocalActivityNextHandler, startChildWorkflowExecutionNextHandler and conditionInner
 * each `if (scope.consideredCancelled) { … scope.cancelRequested.catch(reject) }`; a child scope
 * of a cancelled scope starts cancelled, cancellation-scope.ts constructor), so a catch that
 * swallows the CancelledFailure and then awaits one of those still ends the workflow cancelled.
 * It swallows when some path from it returns, runs off the end of the function or continues as
 * new first, or can only come back to the same try forever (a retry loop spinning on the rejection).
 * A return out of a helper is followed into its callers (see returnReraised).
 */
function swallowsOnSomePath(clause: TS.CatchClause, project: ProjectFile): boolean {
  const ends = completionsAfter(clause.block, { effect: cancelledScopeEffect, origin: clause.parent });
  if (ends.has('return') && returnReraised(clause, project, 0, new Set())) {
    ends.delete('return');
    ends.add('throw');
  }
  return ends.has('return') || (ends.size > 0 && [...ends].every((c) => c === 'cycle'));
}

const CANCELLED_SCOPE: Paths = { effect: cancelledScopeEffect };

/**
 * The function `from` is in returns to callers that all re-raise the cancellation: every call of it
 * can be seen (call-sites.ts: a function of this file called only by name, or a hook object handed
 * to functions here or one import away), each is awaited as a statement of its own (or returned),
 * outside `CancellationScope.nonCancellable`, and every path after it awaits an activity, timer,
 * child or condition, which rejects at once in the same cancelled scope, before its function can
 * return; a return there is followed the same way while the call is in this file.
 */
function returnReraised(from: TS.Node, project: ProjectFile, depth: number, seen: Set<TS.Node>): boolean {
  const fn = enclosingFunction(from);
  if (!fn || depth >= MAX_CALLER_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  const sites = callSitesOf(fn, project);
  return sites !== undefined && sites.length > 0 && sites.every((site) => afterCallReraises(site.call, site.inLintedFile, project, depth, seen));
}

function afterCallReraises(call: TS.CallExpression, inLintedFile: boolean, project: ProjectFile, depth: number, seen: Set<TS.Node>): boolean {
  if (inNonCancellableScope(call)) return false;
  let node: TS.Node = outside(call);
  const awaited = ts.isAwaitExpression(node.parent);
  if (awaited) node = outside(node.parent as TS.AwaitExpression);
  const statement = node.parent;
  let ends: Set<Completion>;
  if (ts.isReturnStatement(statement)) ends = completionsFrom(statement, 'return', CANCELLED_SCOPE);
  else if (awaited && ts.isExpressionStatement(statement)) ends = completionsFrom(statement, 'normal', CANCELLED_SCOPE);
  else if (awaited && ts.isVariableDeclaration(statement) && ts.isVariableDeclarationList(statement.parent) && statement.parent.declarations.length === 1 && ts.isVariableStatement(statement.parent.parent))
    ends = completionsFrom(statement.parent.parent, 'normal', CANCELLED_SCOPE);
  else return false;
  if (ends.has('return')) {
    if (!inLintedFile || !returnReraised(statement, project, depth + 1, seen)) return false;
    ends.delete('return');
    ends.add('throw');
  }
  return ends.size > 0 && [...ends].every((c) => c === 'throw');
}

/** The outermost of the parentheses around `node`. */
function outside(node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return isFunctionNode(current) ? current : undefined;
  return undefined;
}

/**
 * What evaluating an expression in a cancelled scope does: an awaited (or returned) activity,
 * timer, child or condition throws; continueAsNew ends the run (workflow.ts `continueAsNew`
 * throws ContinueAsNew without looking at the scope). Parts that may not run (after `&&`, `||`,
 * `??`, the branches of `?:`) and nested functions do not count.
 */
function cancelledScopeEffect(expression: TS.Expression): 'throw' | 'return' | undefined {
  const returned = unwrapExpression(expression);
  if (ts.isCallExpression(returned) && ts.isReturnStatement(expression.parent) && rejectsWhenCancelled(returned)) return 'throw';
  let effect: 'throw' | 'return' | undefined;
  const pending: TS.Node[] = [expression];
  while (pending.length && effect !== 'throw') {
    const node = pending.pop()!;
    if (ts.isAwaitExpression(node)) {
      const awaited = unwrapExpression(node.expression);
      if (ts.isCallExpression(awaited) && rejectsWhenCancelled(awaited)) effect = 'throw';
    } else if (ts.isCallExpression(node) && durableStep(node) === 'continue-as-new') effect = 'return';
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) pending.push(node.left);
    else if (ts.isConditionalExpression(node)) pending.push(node.condition);
    else ts.forEachChild(node, (child) => void (isFunctionNode(child) || ts.isClassLike(child) ? undefined : pending.push(child)));
  }
  return effect;
}

function rejectsWhenCancelled(call: TS.CallExpression): boolean {
  const step = durableStep(call);
  if (step) return step !== 'continue-as-new';
  // Promise.all([charge(), sleep(…)]) / Promise.race(…) reject with the first rejection.
  const callee = unwrapExpression(call.expression);
  const list = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise' || !REJECTING_COMBINATORS.has(callee.name.text)) return false;
  return list !== undefined && ts.isArrayLiteralExpression(list) && list.elements.some((e) => ts.isCallExpression(unwrapExpression(e)) && rejectsWhenCancelled(unwrapExpression(e) as TS.CallExpression));
}

function isShortCircuit(kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken
  );
}

function isIdentifierNamed(expression: TS.Expression | undefined, name: string): boolean {
  const target = expression && unwrapExpression(expression);
  return target !== undefined && ts.isIdentifier(target) && target.text === name;
}

function someDescendant(root: TS.Node, test: (node: TS.Node) => boolean): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    found ||= test(node);
  });
  return found;
}

/** Like someDescendant, but not into nested functions: code there does not run on this path. */
function someInBody(root: TS.Node, test: (node: TS.Node) => boolean): boolean {
  let found = false;
  const fn = isFunctionNode(root) ? root : ({ body: root } as unknown as FunctionNode);
  forEachInBody(fn, (node) => {
    found ||= test(node);
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
