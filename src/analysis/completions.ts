/**
 * How the code after a point can finish, as JavaScript's completion records do (ECMA-262 §6.2.4):
 * it falls through, returns, throws, breaks or continues. Structured statements only (blocks, if,
 * loops, switch, labels, try/finally), no values: a condition may go either way, a loop may run
 * again or stop. What an expression does to the path is the caller's question (`effect`): a rule
 * says which calls always throw, or end the function, where they are evaluated.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';

/**
 * `normal`: falls through. `return`: leaves the function (a `return`, or the end of its body).
 * `throw`: an exception leaves the path (a `throw`, a call that `effect` says throws).
 * `cycle`: the path came back to the statement it started from (see `Paths.origin`).
 * `break` / `continue`, with `:label` when labelled.
 */
export type Completion = 'normal' | 'return' | 'throw' | 'cycle' | `break${'' | `:${string}`}` | `continue${'' | `:${string}`}`;

export interface Paths {
  /** What evaluating an expression (outside nested functions and short-circuited parts) does to the path, if anything. */
  readonly effect: (expression: TS.Expression) => 'throw' | 'return' | undefined;
  /** Reaching this statement again is a `cycle`, not a second run through it. */
  readonly origin?: TS.Statement;
  /**
   * The value an `if` condition is known to have on these paths, if any: only the branch it
   * selects is run (a rule following the path of a cancellation knows `isCancellation(err)`).
   */
  readonly known?: (condition: TS.Expression) => boolean | undefined;
}

/**
 * The completions of the function around `block` once `block` (a part of some statement, e.g. a
 * catch clause's block) has run: the rest of each enclosing statement list, loops run again or
 * left, `finally` blocks, up to the function's boundary, where falling off the end is a `return`.
 * A throw inside an enclosing `try` with a catch stays a `throw`: it is that catch's to handle.
 */
export function completionsAfter(block: TS.Block, paths: Paths): Set<Completion> {
  return completeFunction(block, statementCompletions(block, paths), paths);
}

/**
 * The completions of the function around `statement` once it has completed with `completion`
 * (`normal`: the code after it runs; `return`: enclosing `finally` blocks still do).
 */
export function completionsFrom(statement: TS.Statement, completion: Completion, paths: Paths): Set<Completion> {
  return completeFunction(statement, new Set([completion]), paths);
}

function completeFunction(start: TS.Node, first: Set<Completion>, paths: Paths): Set<Completion> {
  let outcomes = first;
  for (let current: TS.Node = start; ; current = current.parent) {
    const parent = current.parent;
    if (!parent || isBoundary(parent)) {
      if (outcomes.delete('normal')) outcomes.add('return');
      return outcomes;
    }
    outcomes = leave(parent, current, outcomes, paths);
  }
}

/** Completions of `parent` once its child `from` completed with `outcomes`. */
function leave(parent: TS.Node, from: TS.Node, outcomes: Set<Completion>, paths: Paths): Set<Completion> {
  if (ts.isBlock(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
    if (!outcomes.delete('normal')) return outcomes;
    const rest = parent.statements.slice(parent.statements.indexOf(from as TS.Statement) + 1);
    if (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const clauses = parent.parent.clauses;
      for (const clause of clauses.slice(clauses.indexOf(parent) + 1)) rest.push(...clause.statements); // fall-through
    }
    return union(outcomes, listCompletions(rest, paths));
  }
  if (isLoop(parent) && from === parent.statement) return afterLoopBody(parent, outcomes, paths);
  if (ts.isLabeledStatement(parent) || ts.isSwitchStatement(parent)) return closeBreaks(parent, outcomes);
  if (ts.isTryStatement(parent) && from !== parent.finallyBlock) return throughFinally(parent, outcomes, paths);
  return outcomes;
}

function isBoundary(node: TS.Node): boolean {
  return ts.isFunctionLike(node) || ts.isSourceFile(node) || ts.isClassStaticBlockDeclaration(node);
}

/** The completions of running `statement` from its start. */
export function statementCompletions(statement: TS.Statement, paths: Paths): Set<Completion> {
  if (statement === paths.origin) return new Set(['cycle']);
  if (ts.isBlock(statement)) return listCompletions(statement.statements, paths);
  if (ts.isExpressionStatement(statement)) return effectOf([statement.expression], paths);
  if (ts.isVariableStatement(statement)) return effectOf(statement.declarationList.declarations.map((d) => d.initializer), paths);
  if (ts.isReturnStatement(statement)) return orElse(effectOf([statement.expression], paths), 'return');
  if (ts.isThrowStatement(statement)) return new Set(['throw']);
  if (ts.isBreakStatement(statement)) return new Set<Completion>([statement.label ? `break:${statement.label.text}` : 'break']);
  if (ts.isContinueStatement(statement)) return new Set<Completion>([statement.label ? `continue:${statement.label.text}` : 'continue']);
  if (ts.isIfStatement(statement)) {
    const value = paths.known?.(statement.expression);
    const otherwise = (): Set<Completion> => (statement.elseStatement ? statementCompletions(statement.elseStatement, paths) : new Set(['normal']));
    return then(effectOf([statement.expression], paths), () =>
      value === true ? statementCompletions(statement.thenStatement, paths) : value === false ? otherwise() : union(statementCompletions(statement.thenStatement, paths), otherwise()),
    );
  }
  if (isLoop(statement)) return loopCompletions(statement, paths);
  if (ts.isLabeledStatement(statement)) return closeBreaks(statement, statementCompletions(statement.statement, paths));
  if (ts.isSwitchStatement(statement)) return then(effectOf([statement.expression], paths), () => closeBreaks(statement, switchCompletions(statement, paths)));
  if (ts.isTryStatement(statement)) return throughFinally(statement, statementCompletions(statement.tryBlock, paths), paths);
  return new Set(['normal']);
}

function listCompletions(statements: readonly TS.Statement[], paths: Paths): Set<Completion> {
  let outcomes = new Set<Completion>(['normal']);
  for (const statement of statements) {
    if (!outcomes.delete('normal')) break;
    outcomes = union(outcomes, statementCompletions(statement, paths));
  }
  return outcomes;
}

/** `normal` unless an expression, evaluated in order, throws or ends the function. */
function effectOf(expressions: readonly (TS.Expression | undefined)[], paths: Paths): Set<Completion> {
  for (const expression of expressions) {
    const effect = expression && paths.effect(expression);
    if (effect) return new Set([effect]);
  }
  return new Set(['normal']);
}

/** `first`, with its `normal` replaced by `completion` (a `return` statement after its expression). */
function orElse(first: Set<Completion>, completion: Completion): Set<Completion> {
  if (first.delete('normal')) first.add(completion);
  return first;
}

/** `first`, with its `normal` replaced by what `next` gives. */
function then(first: Set<Completion>, next: () => Set<Completion>): Set<Completion> {
  return first.delete('normal') ? union(first, next()) : first;
}

type Loop = TS.ForStatement | TS.ForInStatement | TS.ForOfStatement | TS.WhileStatement | TS.DoStatement;

function isLoop(node: TS.Node): node is Loop {
  return ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/**
 * A loop run from its start. Every turn can do what one turn does, so one pass over the body
 * tells all: what leaves the body leaves the loop, `continue` and the end of a turn start the
 * next, and the loop ends normally when its condition can be false or a `break` ends it.
 */
function loopCompletions(loop: Loop, paths: Paths): Set<Completion> {
  const head: (TS.Expression | undefined)[] = ts.isForStatement(loop)
    ? [loop.initializer && !ts.isVariableDeclarationList(loop.initializer) ? loop.initializer : undefined, ...(loop.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations.map((d) => d.initializer) : []), loop.condition]
    : ts.isDoStatement(loop)
      ? []
      : [loop.expression];
  return then(effectOf(head, paths), () => afterLoopBody(loop, statementCompletions(loop.statement, paths), paths, false));
}

/** The loop's completions once a turn of its body completed with `outcomes` (`again`: the next turn is run through too). */
function afterLoopBody(loop: Loop, outcomes: Set<Completion>, paths: Paths, again = true): Set<Completion> {
  const labels = labelsOf(loop);
  const result = new Set<Completion>();
  let nextTurn = false;
  for (const outcome of outcomes) {
    if (outcome === 'normal' || outcome === 'continue' || labels.some((l) => outcome === `continue:${l}`)) nextTurn = true;
    else if (outcome === 'break' || labels.some((l) => outcome === `break:${l}`)) result.add('normal');
    else result.add(outcome);
  }
  if (nextTurn && mayEnd(loop)) result.add('normal');
  // The next turn runs the body from its start, so it can reach the statement the path began at.
  return nextTurn && again ? union(result, afterLoopBody(loop, statementCompletions(loop.statement, paths), paths, false)) : result;
}

/** `while (true)` and `for (;;)` end only by a break, return or throw. */
function mayEnd(loop: Loop): boolean {
  if (ts.isForStatement(loop)) return loop.condition !== undefined && loop.condition.kind !== ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression.kind !== ts.SyntaxKind.TrueKeyword;
  return true;
}

function labelsOf(statement: TS.Statement): string[] {
  const labels: string[] = [];
  for (let parent = statement.parent; ts.isLabeledStatement(parent); parent = parent.parent) labels.push(parent.label.text);
  return labels;
}

/** A labelled statement ends normally on a `break` to its label; a switch on any unlabelled `break` too. */
function closeBreaks(statement: TS.LabeledStatement | TS.SwitchStatement, outcomes: Set<Completion>): Set<Completion> {
  const closing = ts.isLabeledStatement(statement) ? `break:${statement.label.text}` : 'break';
  return outcomes.delete(closing as Completion) ? outcomes.add('normal') : outcomes;
}

/** Each clause runs on to the end of the switch (fall-through); with no `default`, nothing may match. */
function switchCompletions(statement: TS.SwitchStatement, paths: Paths): Set<Completion> {
  const clauses = statement.caseBlock.clauses;
  let outcomes = new Set<Completion>(clauses.some((c) => ts.isDefaultClause(c)) ? [] : ['normal']);
  clauses.forEach((_, index) => {
    outcomes = union(outcomes, listCompletions(clauses.slice(index).flatMap((c) => [...c.statements]), paths));
  });
  return outcomes;
}

/**
 * A `finally` runs on every way out: when it cannot end normally, its completions replace the
 * try's (`finally { await cleanup() }` throws where the try returned); otherwise they add to them.
 */
function throughFinally(statement: TS.TryStatement, outcomes: Set<Completion>, paths: Paths): Set<Completion> {
  if (!statement.finallyBlock) return outcomes;
  const after = statementCompletions(statement.finallyBlock, paths);
  if (!after.delete('normal')) return after;
  return union(outcomes, after);
}

function union(a: Set<Completion>, b: Set<Completion>): Set<Completion> {
  for (const completion of b) a.add(completion);
  return a;
}
