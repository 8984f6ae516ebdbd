import type { ts as TS } from 'ts-morph';
import { callSitesOf } from '../src/analysis/call-sites.js';
import {
  awaitedStep,
  CANCELLED_SCOPE,
  cancelledScopeEffect,
  evaluatedExpressions,
  checksForCancellation,
  durablePromises,
  inNonCancellableScope,
  isCancellationCheck,
  promiseMethod,
  someDescendant,
  stepOf,
  valueWhenCancelled,
} from '../src/analysis/cancelled-scope.js';
import { type Completion, completionsAfter, completionsFrom, type Paths, statementCompletions } from '../src/analysis/completions.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from '../src/analysis/message-handlers.js';
import { calledFunction, type ProjectFile } from '../src/analysis/project-functions.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { plainErrorType, usesFailureTypeSettings } from '../src/analysis/workflow-failures.js';
import { defineRule, type RuleContext } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** How many helpers deep an error handed on from a catch is followed. */
const MAX_HELPER_DEPTH = 3;

/** How many calls out a path that returns from the catch's function is followed. */
const MAX_CALLER_DEPTH = 3;

type MessageId = 'swallowed' | 'checkedThenDropped' | 'catchMethod' | 'allSettled' | 'plainError';

export default defineRule({
  meta: {
    id: 'cancellation-swallowed',
    description: 'Catches, .catch() handlers and Promise.allSettled around Temporal calls that swallow a cancellation, or turn it into a plain Error',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/cancellation',
    messages: {
      swallowed:
        "This catch swallows every error from the awaited {{step}}, including the CancelledFailure that cancelling the workflow raises there: a cancelled workflow then carries on (or completes as if it succeeded). Rethrow what you do not handle, or check isCancellation(err) first and rethrow it.",
      checkedThenDropped:
        "This catch checks isCancellation() but does not rethrow the cancellation from the awaited {{step}}: on that branch the workflow still carries on (or completes as if it succeeded). Rethrow it (`if (isCancellation(err)) throw err;`); cleanup that must run first goes in CancellationScope.nonCancellable().",
      catchMethod:
        ".catch() here turns every error from the {{step}} into a value, including the CancelledFailure that cancelling the workflow raises there: a cancelled workflow then carries on (or completes as if it succeeded). Rethrow in the handler what you do not handle (`if (isCancellation(err)) throw err;`).",
      allSettled:
        "Promise.allSettled turns the CancelledFailure that cancelling the workflow raises in each {{step}} into a 'rejected' entry, and nothing here checks for it: a cancelled workflow then carries on (or completes as if it succeeded). Rethrow entries whose reason isCancellation(), or check CancellationScope.current().consideredCancelled after it.",
      plainError:
        "This catch replaces every error from the awaited {{step}} with {{type}}, the CancelledFailure of a cancelled workflow included: a plain Error fails the workflow task, which is retried forever instead of the workflow ending cancelled. Rethrow cancellations first (`if (isCancellation(err)) throw err;`) and throw ApplicationFailure for the rest.",
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.CatchClause](clause: TS.CatchClause) {
        checkCatchClause(clause, context);
      },
      [ts.SyntaxKind.CallExpression](call: TS.CallExpression) {
        if (promiseMethod(call) === 'allSettled') checkAllSettled(call, context);
        else checkCatchMethod(call, context);
      },
    };
  },
});

type Context = RuleContext<MessageId>;

/** What a handler (a catch block, a `.catch()` callback) does with a cancellation. */
type Handling =
  /** It tests for cancellation: the path that test selects decides. */
  | { kind: 'checks'; binding: string }
  /** It throws, or hands the error to a helper that rethrows it. */
  | { kind: 'rethrows' }
  /** Every throw in it is a plain Error made afresh: the cancellation becomes a workflow-task failure. */
  | { kind: 'plain'; type: string }
  | { kind: 'ignores' };

/**
 * A handler that throws (anything) or tells cancellations apart and rethrows some errors decides
 * on purpose: completing a cancelled workflow after `if (!isCancellation(err)) throw err;` is
 * allowed (the SDK's own unblockOrCancel sample does it). One that mentions isCancellation() and
 * rethrows nothing is judged by the path a cancellation takes through it.
 */
function handlingOf(binding: string | undefined, block: TS.Block, project: Context): Handling {
  if (binding && passesTo(block, binding, project, 0, new Set())) return { kind: 'rethrows' };
  const checks = binding !== undefined && checksForCancellation(block, binding);
  const throws: TS.ThrowStatement[] = [];
  forEachInBody({ body: block } as unknown as FunctionNode, (node) => void (ts.isThrowStatement(node) && throws.push(node)));
  if (throws.length) {
    // A throw that a cancelled workflow never reaches (an activity, timer or child awaited before
    // it in the catch rejects at once with the cancellation) does not replace it.
    const reached = throws.filter((t) => !awaitedStepBefore(t, block));
    const types = checks ? [] : reached.map((t) => plainErrorType(t.expression));
    if (types.length && types.every(Boolean) && !usesFailureTypeSettings(project.sourceFile, project.model)) return { kind: 'plain', type: types[0]! };
    return { kind: 'rethrows' };
  }
  if (someDescendant(block, ts.isThrowStatement)) return { kind: 'rethrows' };
  return checks ? { kind: 'checks', binding: binding! } : { kind: 'ignores' };
}

function catchThrowsNothing(statement: TS.TryStatement): boolean {
  return statement.catchClause !== undefined && !someDescendant(statement.catchClause.block, ts.isThrowStatement);
}

/**
 * Whether a statement before `node`, in `block` or a statement list between them, always awaits a
 * step that rejects in a cancelled scope (cancelled-scope.ts cancelledScopeEffect): there the
 * CancelledFailure is raised again, before `node` runs (workflow.ts: activities, timers and
 * children started in a cancelled scope reject at once).
 */
function awaitedStepBefore(node: TS.Node, block: TS.Block): boolean {
  for (let current: TS.Node = node; current !== block && current.parent; current = current.parent) {
    const list = ts.isBlock(current.parent) || ts.isCaseClause(current.parent) || ts.isDefaultClause(current.parent) ? current.parent.statements : undefined;
    if (!list) continue;
    for (const statement of list) {
      if (statement === current) break;
      if ((evaluatedExpressions(statement) ?? []).some((expression) => cancelledScopeEffect(expression) === 'throw')) return true;
    }
  }
  return false;
}

function checkCatchClause(clause: TS.CatchClause, context: Context): void {
  const statement = clause.parent;
  // Steps inside an inner try whose catch throws nothing: no error of theirs reaches this catch
  // (that inner catch is judged on its own).
  const step = awaitedStep(statement.tryBlock, context, (node) => ts.isBlock(node) && ts.isTryStatement(node.parent) && node.parent.tryBlock === node && node !== statement.tryBlock && catchThrowsNothing(node.parent));
  if (!step || inNonCancellableScope(statement)) return;
  const handling = handlingOf(bindingName(clause.variableDeclaration?.name), clause.block, context);
  const node = clause.getFirstToken() ?? clause;
  if (handling.kind === 'plain') {
    if (!insideOuterTry(statement) && !runsNonCancellable(statement, context)) context.report({ node, messageId: 'plainError', data: { step, type: handling.type } });
    return;
  }
  if (handling.kind === 'rethrows') return;
  if (handling.kind === 'checks' && returnsOnPurpose(clause.block, handling.binding)) return;
  const known = handling.kind === 'checks' ? knownFor(handling.binding) : undefined;
  const ends = completionsAfter(clause.block, { effect: cancelledScopeEffect, origin: statement, known });
  if (swallows(ends, clause, context) && !runsNonCancellable(statement, context)) context.report({ node, messageId: known ? 'checkedThenDropped' : 'swallowed', data: { step } });
}

/**
 * `if (isCancellation(err)) { await CancellationScope.nonCancellable(() => cancelSync(id)); return { cancelled: true }; }`
 * (Nango's sync workflows): the branch only a cancellation takes cleans up the way Temporal's docs
 * show, where the cancellation cannot reach, and ends in a `return` of its own (every way out of it
 * returns or throws). Completing the cancelled workflow with that value is then a decision, like
 * the SDK-sanctioned `if (!isCancellation(err)) throw err; … return`. A branch that only logs and
 * returns, or falls through to code every error reaches, is still judged by where the cancellation goes.
 */
function returnsOnPurpose(block: TS.Block, binding: string): boolean {
  return block.statements.some((statement) => {
    if (!ts.isIfStatement(statement)) return false;
    const cancelled = valueWhenCancelled(statement.expression, binding);
    const branch = cancelled === true ? statement.thenStatement : cancelled === false ? statement.elseStatement : undefined;
    if (!branch || !someDescendant(branch, isNonCancellableCall)) return false;
    const ends = statementCompletions(branch, { effect: cancelledScopeEffect });
    return ends.has('return') && [...ends].every((c) => c === 'return' || c === 'throw');
  });
}

function isNonCancellableCall(node: TS.Node): boolean {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'nonCancellable';
}

/** `await step().catch((err) => …)` whose handler resolves with a value on some path. */
function checkCatchMethod(call: TS.CallExpression, context: Context): void {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'catch' || call.arguments.length !== 1) return;
  const receiver = unwrapExpression(callee.expression);
  const step = ts.isCallExpression(receiver) ? stepOf(receiver, context) : undefined;
  if (!step || inNonCancellableScope(call)) return;
  const handler = calledFunction(call.arguments[0]!, context)?.fn;
  if (!handler?.body) return;
  const outcome = handlerOutcome(handler, context);
  if (outcome.kind === 'plain') {
    if (!runsNonCancellable(call, context)) context.report({ node: callee.name, messageId: 'plainError', data: { step, type: outcome.type } });
    return;
  }
  if (outcome.kind !== 'resolves') return;
  const ends = pathsAfterCall(call);
  if (ends && swallows(ends, call, context) && !runsNonCancellable(call, context)) context.report({ node: callee.name, messageId: 'catchMethod', data: { step } });
}

/** Whether a `.catch()` handler can resolve (turning the rejection into a value). */
function handlerOutcome(handler: FunctionNode, context: Context): { kind: 'resolves' | 'rejects' } | { kind: 'plain'; type: string } {
  const binding = bindingName(handler.parameters[0]?.name);
  const body = handler.body!;
  if (!ts.isBlock(body)) {
    const value = unwrapExpression(body);
    if (ts.isCallExpression(value) && (stepOf(value, context) || promiseMethod(value) === 'reject')) return { kind: 'rejects' };
    if (binding && ts.isCallExpression(value) && passesTo(value, binding, context, 0, new Set())) return { kind: 'rejects' };
    return { kind: 'resolves' };
  }
  const handling = handlingOf(binding, body, context);
  if (handling.kind === 'plain') return handling;
  if (handling.kind === 'rethrows') return { kind: 'rejects' };
  const ends = statementCompletions(body, { effect: cancelledScopeEffect, known: handling.kind === 'checks' ? knownFor(handling.binding) : undefined });
  return { kind: ends.has('normal') || ends.has('return') ? 'resolves' : 'rejects' };
}

/**
 * `await Promise.allSettled(steps)`: in a cancelled scope every entry is 'rejected' and nothing
 * throws. Fine when the function tests for cancellation, reads `consideredCancelled`, or throws
 * anything after it (a rejected entry rethrown, a failure for the failed count), or when every
 * path from it awaits another step (which the cancelled scope rejects).
 */
function checkAllSettled(call: TS.CallExpression, context: Context): void {
  const step = durablePromises(call.arguments[0]);
  const fn = enclosingFunction(call);
  if (!step || !fn?.body || inNonCancellableScope(call)) return;
  const inspected = someDescendant(fn.body, (node) => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'consideredCancelled') return true;
    if (ts.isThrowStatement(node)) return node.pos > call.end;
    return isCancellationCheck(node);
  });
  if (inspected) return;
  const ends = pathsAfterCall(call);
  if (ends && swallows(ends, call, context) && !runsNonCancellable(call, context)) context.report({ node: call.expression, messageId: 'allSettled', data: { step } });
}

function knownFor(binding: string): Paths['known'] {
  return (condition) => valueWhenCancelled(condition, binding);
}

function bindingName(name: TS.BindingName | undefined): string | undefined {
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/**
 * Some path returns (after `returnReraised` follows it into the callers), or every path can only
 * come back to the same statement forever (a retry loop spinning on the rejection).
 */
function swallows(ends: Set<Completion>, from: TS.Node, project: ProjectFile): boolean {
  if (ends.has('return') && returnReraised(from, project, 0, new Set())) {
    ends.delete('return');
    ends.add('throw');
  }
  return ends.has('return') || (ends.size > 0 && [...ends].every((c) => c === 'cycle'));
}

/** A throw in the catch of a `try` around this one, in the same function, is that catch's to handle. */
function insideOuterTry(statement: TS.TryStatement): boolean {
  for (let child: TS.Node = statement, parent = statement.parent; parent && !isFunctionNode(parent); child = parent, parent = parent.parent)
    if (ts.isTryStatement(parent) && parent.tryBlock === child && parent.catchClause) return true;
  return false;
}

/**
 * The catch hands its error to a helper that rethrows cancellations: `rethrowIfCancelled(err)`,
 * declared in the file or imported from a project module (the helper's own helpers are followed
 * in its file only: the lint cache sees one import away).
 * `scope` calls a function with `name` as an argument, and that function rethrows what it gets.
 */
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
    if (rethrows(helper.fn, parameter.text)) return true;
    if (valueHandedOn(node) && helper.fn.body && checksForCancellation(helper.fn.body, parameter.text)) return true;
    return passesTo(helper.fn, parameter.text, inLintedFile ? project : undefined, depth + 1, seen);
  });
}

/**
 * The call's value goes on (returned, thrown, stored, passed to another call), not dropped or only
 * tested: a helper that tells cancellations apart and returns something for them
 * (`return Err(classifyError(err))`, temporal-contract's typed ChildWorkflowCancelledError) hands the
 * cancellation on as a value on purpose.
 */
function valueHandedOn(call: TS.CallExpression): boolean {
  let node: TS.Expression = outside(call);
  if (ts.isAwaitExpression(node.parent)) node = outside(node.parent);
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent) || ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isPrefixUnaryExpression(parent)) return false;
  if (ts.isConditionalExpression(parent)) return parent.condition !== node;
  return !(ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken));
}

/**
 * A helper that throws the cancellation it was given: on the path where its error is a
 * cancellation (`if (isCancellation(err)) throw err;`), every way out throws; without such a test,
 * it throws its parameter somewhere, or never returns (it throws whatever it was given, as another
 * error). A predicate (`return isCancellation(err)`) or a check that only logs is not.
 */
function rethrows(helper: FunctionNode, parameter: string): boolean {
  const body = helper.body;
  if (!body || !ts.isBlock(body)) return false;
  const checks = checksForCancellation(body, parameter);
  if (!checks && someInBody(helper, (node) => ts.isThrowStatement(node) && isIdentifierNamed(node.expression, parameter))) return true;
  const ends = statementCompletions(body, { effect: () => undefined, known: checks ? knownFor(parameter) : undefined });
  return ends.size > 0 && [...ends].every((c) => c === 'throw');
}

/**
 * The function `from` is in returns to callers that all re-raise the cancellation: every call of it
 * can be seen (call-sites.ts: a function of this file called only by name, or a hook or state
 * placed in an object handed to functions of the project that only read their way to it and call
 * it, here or in the modules importing it), and each either runs in `CancellationScope.nonCancellable`
 * (no cancellation reaches the function then) or is awaited as a statement of its own (or returned,
 * or assigned) and every path after it awaits an activity, timer, child or condition, which rejects
 * at once in the same cancelled scope, before its function can return; a return there is followed
 * the same way while the call is in this file.
 */
function returnReraised(from: TS.Node, project: ProjectFile, depth: number, seen: Set<TS.Node>): boolean {
  const fn = enclosingFunction(from);
  if (!fn || depth >= MAX_CALLER_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  const sites = callSitesOf(fn, project);
  return sites !== undefined && sites.length > 0 && sites.every((site) => inNonCancellableScope(site.call) || afterCallReraises(site.call, site.inLintedFile, project, depth, seen));
}

function afterCallReraises(call: TS.CallExpression, inLintedFile: boolean, project: ProjectFile, depth: number, seen: Set<TS.Node>): boolean {
  const ends = pathsAfterCall(call);
  if (!ends) return false;
  if (ends.has('return')) {
    if (!inLintedFile || !returnReraised(call, project, depth + 1, seen)) return false;
    ends.delete('return');
    ends.add('throw');
  }
  return ends.size > 0 && [...ends].every((c) => c === 'throw');
}

/**
 * No cancellation reaches `node`: it runs in `CancellationScope.nonCancellable`, or every call of
 * the function it is in does (a state machine's `onCancellation` hook its driver runs there),
 * followed through callers while they are in this file.
 */
function runsNonCancellable(node: TS.Node, project: ProjectFile, depth = 0, seen = new Set<TS.Node>()): boolean {
  if (inNonCancellableScope(node)) return true;
  const fn = enclosingFunction(node);
  if (!fn || depth >= MAX_CALLER_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  const sites = callSitesOf(fn, project);
  return sites !== undefined && sites.length > 0 && sites.every((site) => (site.inLintedFile ? runsNonCancellable(site.call, project, depth + 1, seen) : inNonCancellableScope(site.call)));
}

/**
 * How the function around `call` can complete once the call's promise resolved, in a cancelled
 * scope: the call awaited as a statement of its own, as a lone declaration's initializer or as
 * what a statement assigns (`output = await state.fn(ctx)`), or returned. Undefined for any other
 * use (not awaited, part of a larger expression).
 */
function pathsAfterCall(call: TS.CallExpression): Set<Completion> | undefined {
  let node: TS.Node = outside(call);
  const awaited = ts.isAwaitExpression(node.parent);
  if (awaited) node = outside(node.parent as TS.AwaitExpression);
  const statement = node.parent;
  if (ts.isReturnStatement(statement)) return completionsFrom(statement, 'return', CANCELLED_SCOPE);
  if (awaited && ts.isExpressionStatement(statement)) return completionsFrom(statement, 'normal', CANCELLED_SCOPE);
  if (awaited && ts.isBinaryExpression(statement) && statement.operatorToken.kind === ts.SyntaxKind.EqualsToken && statement.right === node && ts.isExpressionStatement(statement.parent))
    return completionsFrom(statement.parent, 'normal', CANCELLED_SCOPE);
  if (awaited && ts.isVariableDeclaration(statement) && ts.isVariableDeclarationList(statement.parent) && statement.parent.declarations.length === 1 && ts.isVariableStatement(statement.parent.parent))
    return completionsFrom(statement.parent.parent, 'normal', CANCELLED_SCOPE);
  return undefined;
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

function isIdentifierNamed(expression: TS.Expression | undefined, name: string): boolean {
  const target = expression && unwrapExpression(expression);
  return target !== undefined && ts.isIdentifier(target) && target.text === name;
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
