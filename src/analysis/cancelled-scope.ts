/**
 * What cancelling a workflow does to the code that runs after it, as the SDK implements it. The
 * awaited activity, child, timer or condition rejects with a CancelledFailure (an ActivityFailure or
 * ChildWorkflowFailure whose cause is one; `isCancellation` recognises both, packages/workflow/src/errors.ts).
 * From then on the scope is cancelled: every new activity, timer, child workflow and condition in it
 * is rejected at once (packages/workflow/src/workflow.ts: timerNextHandler, scheduleActivityNextHandler,
 * scheduleLocalActivityNextHandler, startChildWorkflowExecutionNextHandler and conditionInner each
 * `if (scope.consideredCancelled) { … scope.cancelRequested.catch(reject) }`), and a scope made in it
 * starts cancelled (cancellation-scope.ts constructor), except `CancellationScope.nonCancellable`.
 * Syntax only, as temporal-calls.ts.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import type { Paths } from './completions.js';
import { type FunctionNode, forEachInBody, isFunctionNode, resolveFunction } from './message-handlers.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { forEachDescendant, unwrapExpression } from './syntax.js';
import { activityProxies, durableStep, exportNamed, WORKFLOW_MODULE, workflowApi } from './temporal-calls.js';

/** `@temporalio/workflow` exports that recognise a cancellation (packages/common/src/failure.ts, workflow/src/errors.ts). */
const CANCELLATION_CHECKS = new Set(['isCancellation', 'CancelledFailure']);

/** Promise combinators that reject when one of their promises does (`any` once all of them have). */
const REJECTING_COMBINATORS = new Set(['all', 'race', 'any']);

/** Array methods whose result holds (some of) the receiver's promises. */
const ARRAY_COPIES = new Set(['slice', 'filter', 'concat', 'reverse', 'toReversed']);

/** How many helpers deep a call is followed to the activity it awaits. */
const MAX_HELPER_DEPTH = 3;

export type Step = 'activity' | 'child workflow' | 'sleep()' | 'condition()';

/** `isCancellation(x)` or `x instanceof CancelledFailure`. */
export function isCancellationCheck(node: TS.Node): boolean {
  if (ts.isCallExpression(node)) return CANCELLATION_CHECKS.has(workflowApi(node) ?? '');
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && CANCELLATION_CHECKS.has(exportNamed(node.right, WORKFLOW_MODULE) ?? '');
}

/** Whether code in `root` (nested functions included) tests `name` (or a property of it) for cancellation. */
export function checksForCancellation(root: TS.Node, name: string): boolean {
  return someDescendant(root, (node) => isCancellationCheck(node) && mentions(node, name));
}

/**
 * The value `condition` has when `name` holds a cancellation: `isCancellation(err)` and
 * `err instanceof CancelledFailure` are true, and `!`, `&&`, `||` of them follow; undefined when it
 * depends on anything else.
 */
export function valueWhenCancelled(condition: TS.Expression, name: string): boolean | undefined {
  const target = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(target) && target.operator === ts.SyntaxKind.ExclamationToken) {
    const value = valueWhenCancelled(target.operand, name);
    return value === undefined ? undefined : !value;
  }
  if (ts.isBinaryExpression(target)) {
    const kind = target.operatorToken.kind;
    if (kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      const left = valueWhenCancelled(target.left, name);
      const right = valueWhenCancelled(target.right, name);
      const decisive = kind === ts.SyntaxKind.BarBarToken;
      if (left === decisive || right === decisive) return decisive;
      return left === !decisive && right === !decisive ? !decisive : undefined;
    }
  }
  return isCancellationCheck(target) && mentions(target, name) ? true : undefined;
}

/**
 * What evaluating an expression in a cancelled scope does: an awaited (or returned) activity,
 * timer, child or condition throws; continueAsNew ends the run (workflow.ts `continueAsNew`
 * throws ContinueAsNew without looking at the scope). Parts that may not run (after `&&`, `||`,
 * `??`, the branches of `?:`) and nested functions do not count.
 */
export function cancelledScopeEffect(expression: TS.Expression, depth = 0): 'throw' | 'return' | undefined {
  const rejects = (call: TS.CallExpression): boolean => rejectsWhenCancelled(call) || (depth < MAX_HELPER_DEPTH && helperRejectsFirst(call, depth + 1));
  const returned = unwrapExpression(expression);
  if (ts.isCallExpression(returned) && ts.isReturnStatement(expression.parent) && rejects(returned)) return 'throw';
  let effect: 'throw' | 'return' | undefined;
  const pending: TS.Node[] = [expression];
  while (pending.length && effect !== 'throw') {
    const node = pending.pop()!;
    if (ts.isAwaitExpression(node)) {
      const awaited = unwrapExpression(node.expression);
      if (ts.isCallExpression(awaited) && rejects(awaited)) effect = 'throw';
    } else if (ts.isCallExpression(node) && durableStep(node) === 'continue-as-new') effect = 'return';
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) pending.push(node.left);
    else if (ts.isConditionalExpression(node)) pending.push(node.condition);
    else ts.forEachChild(node, (child) => void (isFunctionNode(child) || ts.isClassLike(child) ? undefined : pending.push(child)));
  }
  return effect;
}

/**
 * A call of an async function of this file whose body, before anything that could return or branch,
 * awaits a step that rejects in a cancelled scope (`async function finalize() { await saveStatus();
 * … }`): its promise rejects with the cancellation too.
 */
function helperRejectsFirst(call: TS.CallExpression, depth: number): boolean {
  const fn = resolveFunction(call.expression);
  if (!fn?.body || !ts.isBlock(fn.body) || !(ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  for (const statement of fn.body.statements) {
    const expressions = evaluatedExpressions(statement);
    if (!expressions) return false;
    const effect = expressions.map((e) => cancelledScopeEffect(e, depth)).find(Boolean);
    if (effect) return effect === 'throw';
    if (ts.isReturnStatement(statement)) return false;
  }
  return false;
}

/**
 * The expressions a simple statement evaluates, in order (an expression statement's, a variable
 * statement's initializers, a return's value); undefined for one that branches, loops or catches.
 */
export function evaluatedExpressions(statement: TS.Statement): TS.Expression[] | undefined {
  if (ts.isExpressionStatement(statement)) return [statement.expression];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (d.initializer ? [d.initializer] : []));
  if (ts.isReturnStatement(statement)) return statement.expression ? [statement.expression] : [];
  return undefined;
}

/** The paths of workflow code in a cancelled scope. */
export const CANCELLED_SCOPE: Paths = { effect: cancelledScopeEffect };

/** A call whose promise rejects in a cancelled scope: a durable step, or Promise.all/race/any over them. */
export function rejectsWhenCancelled(call: TS.CallExpression): boolean {
  return directStep(call) !== undefined;
}

/** The step a call is: an activity, child, timer or condition, or a combinator that rejects with one. */
function directStep(call: TS.CallExpression): Step | undefined {
  const step = stepName(durableStep(call));
  if (step) return step;
  const combinator = promiseMethod(call);
  return combinator && REJECTING_COMBINATORS.has(combinator) ? durablePromises(call.arguments[0]) : undefined;
}

function stepName(kind: ReturnType<typeof durableStep>): Step | undefined {
  if (kind === 'activity') return 'activity';
  if (kind === 'child') return 'child workflow';
  if (kind === 'timer') return 'sleep()';
  if (kind === 'condition') return 'condition()';
  return undefined;
}

/** `Promise.all(…)` → 'all'. */
export function promiseMethod(call: TS.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise') return undefined;
  return callee.name.text;
}

/**
 * The steps an array of promises holds: `[charge(), sleep(1)]`, `ids.map((id) => notify(id))`,
 * `ids.map(notify)`, spreads and copies of those, and a variable holding one, or an array the
 * variable's scope pushes such calls into (`promises.push(notify(id))`).
 */
export function durablePromises(expression: TS.Expression | undefined, depth = 0): Step | undefined {
  if (!expression || depth > MAX_HELPER_DEPTH) return undefined;
  const target = unwrapExpression(expression);
  if (ts.isArrayLiteralExpression(target)) {
    for (const element of target.elements) {
      const step = ts.isSpreadElement(element) ? durablePromises(element.expression, depth + 1) : promisedStep(element);
      if (step) return step;
    }
    return undefined;
  }
  if (ts.isCallExpression(target)) {
    const callee = unwrapExpression(target.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (method === 'map' || method === 'flatMap') return callbackStep(target.arguments[0]);
    if (method === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array') return callbackStep(target.arguments[1]) ?? durablePromises(target.arguments[0], depth + 1);
    if (ARRAY_COPIES.has(method)) return durablePromises(callee.expression, depth + 1) ?? (method === 'concat' ? target.arguments.map((a) => durablePromises(a, depth + 1)).find(Boolean) : undefined);
    return undefined;
  }
  if (ts.isIdentifier(target)) return variableStep(target, depth);
  return undefined;
}

function promisedStep(element: TS.Expression): Step | undefined {
  const target = unwrapExpression(element);
  return ts.isCallExpression(target) ? directStep(target) : undefined;
}

/** What a `.map` callback starts: an activity (or child…) in its body, or a proxied activity passed by name. */
function callbackStep(callback: TS.Expression | undefined): Step | undefined {
  if (!callback) return undefined;
  const fn = resolveFunction(callback);
  if (fn) return stepInBody(fn);
  const target = unwrapExpression(callback);
  const proxies = activityProxies(target.getSourceFile());
  if (ts.isIdentifier(target) && proxies.some((p) => p.functions.has(target.text))) return 'activity';
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && proxies.some((p) => p.objectName === (target.expression as TS.Identifier).text)) return 'activity';
  return undefined;
}

function stepInBody(fn: FunctionNode): Step | undefined {
  let step: Step | undefined;
  forEachInBody(fn, (node) => {
    if (!step && ts.isCallExpression(node)) step = stepName(durableStep(node));
  });
  return step;
}

/** The variable's initializer, or the calls its declaring scope pushes into it. */
function variableStep(name: TS.Identifier, depth: number): Step | undefined {
  const found = declarationOf(name);
  if (!found) return undefined;
  const fromInitializer = found.declaration.initializer && durablePromises(found.declaration.initializer, depth + 1);
  if (fromInitializer) return fromInitializer;
  let step: Step | undefined;
  forEachDescendant(found.scope, (node) => {
    if (step || !ts.isCallExpression(node)) return;
    const callee = unwrapExpression(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'push' && callee.name.text !== 'unshift')) return;
    const receiver = unwrapExpression(callee.expression);
    if (ts.isIdentifier(receiver) && receiver.text === name.text) step = node.arguments.map((a) => (ts.isSpreadElement(a) ? durablePromises(a.expression, depth + 1) : promisedStep(a))).find(Boolean);
  });
  return step;
}

/** The nearest `const`/`let` declaration of `name` in an enclosing block, and that block. */
function declarationOf(name: TS.Identifier): { declaration: TS.VariableDeclaration; scope: TS.Node } | undefined {
  for (let node: TS.Node | undefined = name.parent; node; node = node.parent) {
    const statements = ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) ? node.statements : undefined;
    if (!statements) continue;
    for (const statement of statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name.text) return { declaration, scope: node };
    }
  }
  return undefined;
}

/**
 * What a call in workflow code can reject with a cancellation from: a durable step, a combinator
 * over them, or an async function of the project (`await chargeStep(id)`) that awaits or returns
 * one where no catch of its own handles the error without a throw. Helpers found in another module
 * are read in that file only (see project-functions.ts).
 */
export function stepOf(call: TS.CallExpression, project: ProjectFile | undefined, depth = 0): string | undefined {
  const direct = directStep(call);
  if (direct) return direct;
  if (depth >= MAX_HELPER_DEPTH) return undefined;
  const helper = calledFunction(call.expression, project);
  if (!helper || !helper.fn.body) return undefined;
  const inner = helperStep(helper.fn, helper.fn.getSourceFile() === project?.module.sourceFile ? project : undefined, depth);
  return inner && `${inner.replace(/ \(through .*\)$/, '')} (through ${calleeText(call)}())`;
}

function helperStep(fn: FunctionNode, project: ProjectFile | undefined, depth: number): string | undefined {
  let step: string | undefined;
  const consider = (expression: TS.Expression | undefined, at: TS.Node): void => {
    const target = expression && unwrapExpression(expression);
    if (step || !target || !ts.isCallExpression(target) || caughtInside(at, fn)) return;
    step = stepOf(target, project, depth + 1);
  };
  if (fn.body && !ts.isBlock(fn.body)) consider(fn.body, fn.body);
  forEachInBody(fn, (node) => {
    if (ts.isAwaitExpression(node)) consider(node.expression, node);
    else if (ts.isReturnStatement(node)) consider(node.expression, node);
  });
  return step;
}

/** Inside a `try` block of `fn` whose catch has no `throw`: the helper handles the rejection itself. */
function caughtInside(node: TS.Node, fn: FunctionNode): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent)
    if (ts.isTryStatement(parent) && parent.tryBlock === child && parent.catchClause && !someDescendant(parent.catchClause.block, ts.isThrowStatement)) return true;
  return false;
}

function calleeText(call: TS.CallExpression): string {
  const callee = unwrapExpression(call.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : 'a helper';
}

/** The first step the block awaits (outside nested functions), in source order. */
export function awaitedStep(block: TS.Block, project: ProjectFile | undefined, skip?: (node: TS.Node) => boolean): string | undefined {
  let step: string | undefined;
  const pending: TS.Node[] = [block];
  while (pending.length && !step) {
    const node = pending.pop()!;
    if (skip?.(node)) continue;
    if (ts.isAwaitExpression(node)) {
      const awaited = unwrapExpression(node.expression);
      if (ts.isCallExpression(awaited)) step = stepOf(awaited, project);
    }
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => {
      if (!isFunctionNode(child)) children.push(child);
    });
    pending.push(...children.reverse()); // source order: the first step is named
  }
  return step;
}

/** Inside `CancellationScope.nonCancellable(() => …)`, cancellation cannot reach the awaited call. */
export function inNonCancellableScope(node: TS.Node): boolean {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const call = current.parent;
    if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'nonCancellable') return true;
  }
  return false;
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

/** Whether `node` refers to `name` (`err`, `err.cause`). */
function mentions(node: TS.Node, name: string): boolean {
  return someDescendant(node, (n) => ts.isIdentifier(n) && n.text === name && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n));
}

export function someDescendant(root: TS.Node, test: (node: TS.Node) => boolean): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    found ||= test(node);
  });
  return found;
}
