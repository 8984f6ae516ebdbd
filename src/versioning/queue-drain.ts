/**
 * A queue drained from the front in a loop that keeps draining while it holds anything: the
 * pattern of a workflow fed by signals (samples-typescript mutex/src/workflows.ts, an entity's
 * pending requests):
 *
 *   const queue: Item[] = [];                      // filled only by push (a signal handler)
 *   while (true) {
 *     await condition(() => queue.length > 0 || done);
 *     if (queue.length === 0) break;               // every exit only when the queue is empty
 *     for (const item of queue.splice(0)) await process(item);
 *   }
 *
 * Whether each wake-up takes the whole queue (`splice(0)`) or some of it (`splice(0, 1)`), the
 * items are taken in the order they came, each turn of the inner loop does the same for its item,
 * and the outer loop ends at the same point: the sequence of commands is the same. Syntax only, and
 * only where every part of that argument can be read off the code; anything else is not a drain.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { isFunctionNode } from '../analysis/message-handlers.js';
import { unwrapExpression } from '../analysis/syntax.js';
import { constInitializer } from '../analysis/temporal-calls.js';

/**
 * The queue a loop drains, by name, when it is a front drain as above. The loop takes items either
 * as a batch, `for (const x of q.splice(0))` or `q.splice(0, n)` (directly or through a const of
 * the enclosing loop's body), or one by one until the queue is empty, `while (q.length > 0) { const
 * x = q.shift(); … }`, for a local `const q = []` that the workflow otherwise only pushes to and
 * reads the length of. It is a statement of an enclosing loop whose every exit (its condition, a
 * `break`, `continue`, `return` or `throw` outside the drain) requires the queue to be empty; no
 * `break` leaves the drain early (items taken but not processed); and the drain's body reads
 * neither the queue, the batch, nor anything the enclosing loop's body sets. Whether the enclosing
 * loop gives other commands, whether the turns are awaited one by one and whether a handler gives
 * commands are for the caller, which knows the command sequence.
 */
export function drainedQueue(loop: TS.ForOfStatement | TS.WhileStatement): string | undefined {
  const outer = enclosingLoop(loop);
  if (!outer) return undefined;
  const taking = ts.isForOfStatement(loop) ? batchTaken(loop, outer.statement) : oneTaken(loop);
  if (!taking) return undefined;
  const { queue, removal, perItem } = taking;
  const declaration = emptyArrayConst(queue);
  const scope = declaration && enclosingFunction(declaration);
  if (!scope || !onlyPushedAndMeasured(scope, queue.text, removal)) return undefined;
  if (references(loop.statement, queue.text, perItem) || leavesEarly(loop.statement)) return undefined;
  if ([...setIn(outer.statement, loop)].some((name) => references(loop.statement, name))) return undefined;
  if (outer.condition && !falseOnlyWhenEmpty(outer.condition, queue.text)) return undefined;
  return everyExitWhenEmpty(outer.statement, loop, queue.text) ? queue.text : undefined;
}

interface Taking {
  readonly queue: TS.Identifier;
  /** The call that takes items out: `q.splice(0, n)`, `q.shift()`. */
  readonly removal: TS.CallExpression;
  /** The statement of the drain's body that takes the item, which may name the queue (the `shift` form). */
  readonly perItem?: TS.Node;
}

/** `for (const x of q.splice(0, n))`, or of a const of the enclosing loop's body holding it and read nowhere else. */
function batchTaken(loop: TS.ForOfStatement, outerBody: TS.Node): Taking | undefined {
  let collection = unwrapExpression(loop.expression);
  if (ts.isIdentifier(collection)) {
    const batch = collection;
    const initializer = constInitializer(batch);
    if (!initializer || !within(initializer, outerBody) || !ts.isVariableDeclaration(initializer.parent)) return undefined;
    if (references(outerBody, batch.text, loop.expression, initializer.parent.name) || references(loop.statement, batch.text)) return undefined;
    collection = unwrapExpression(initializer);
  }
  const queue = frontSplice(collection);
  return queue && { queue, removal: collection as TS.CallExpression };
}

/** `while (q.length > 0) { const x = q.shift(); … }`: one item per turn until the queue is empty. */
function oneTaken(loop: TS.WhileStatement): Taking | undefined {
  const [first] = ts.isBlock(loop.statement) ? loop.statement.statements : [];
  if (!first || !ts.isVariableStatement(first)) return undefined;
  const [declaration, ...more] = first.declarationList.declarations;
  const initializer = declaration?.initializer && unwrapExpression(declaration.initializer);
  if (more.length || !initializer || !ts.isCallExpression(initializer) || initializer.arguments.length) return undefined;
  const callee = initializer.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'shift' || !ts.isIdentifier(callee.expression)) return undefined;
  const queue = callee.expression;
  // The loop runs until the queue is empty: its condition is false only then.
  return falseOnlyWhenEmpty(loop.expression, queue.text) && loop.expression.kind !== ts.SyntaxKind.TrueKeyword ? { queue, removal: initializer, perItem: first } : undefined;
}

interface EnclosingLoop {
  readonly statement: TS.Statement;
  /** What must hold for another turn (absent for `for (;;)`). */
  readonly condition?: TS.Expression;
}

/** The `while`, `do` or `for (;;)` loop whose body block holds `loop` as one of its statements. */
function enclosingLoop(loop: TS.Statement): EnclosingLoop | undefined {
  const block = loop.parent;
  if (!ts.isBlock(block)) return undefined;
  const node = block.parent;
  if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return { statement: node.statement, condition: node.expression };
  if (ts.isForStatement(node)) return { statement: node.statement, condition: node.condition };
  return undefined;
}

/**
 * A `break` of the drain itself (items taken and left unprocessed, or left for the next turn), or a
 * labelled `break`/`continue` that leaves it. `continue` goes on to the next item; a `break` of a
 * loop or switch inside the body stays in it.
 */
function leavesEarly(body: TS.Node): boolean {
  let leaves = false;
  const visit = (node: TS.Node, nested: boolean): void => {
    if (leaves || isFunctionNode(node)) return;
    if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && node.label) leaves = !labelledWithin(node, node.label.text, body);
    else if (ts.isBreakStatement(node)) leaves = !nested;
    ts.forEachChild(node, (child) => visit(child, nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node)));
  };
  visit(body, false);
  return leaves;
}

/** `q` of `q.splice(0)` and `q.splice(0, n)` (n not a literal 0: that takes nothing). */
function frontSplice(expression: TS.Expression): TS.Identifier | undefined {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return undefined;
  const { expression: target, name } = expression.expression;
  if (name.text !== 'splice' || !ts.isIdentifier(target)) return undefined;
  const [start, count, ...inserted] = expression.arguments;
  if (!start || !isZero(start) || inserted.length) return undefined;
  return count && isZero(count) ? undefined : target;
}

function isZero(expression: TS.Expression): boolean {
  const value = unwrapExpression(expression);
  return ts.isNumericLiteral(value) && Number(value.text) === 0;
}

/** The declaration of `const q = []` (or `: T[] = []`) that `identifier` names, found by walking its enclosing blocks. */
function emptyArrayConst(identifier: TS.Identifier): TS.VariableDeclaration | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (!ts.isBlock(node)) continue;
    for (const statement of node.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== identifier.text) continue;
        const initializer = declaration.initializer && unwrapExpression(declaration.initializer);
        return initializer && ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0 ? declaration : undefined;
      }
    }
  }
  return undefined;
}

function enclosingFunction(node: TS.Node): TS.Node | undefined {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** Every use of `name` in `scope` is `name.push(…)`, `name.length` read, or the drain itself. */
function onlyPushedAndMeasured(scope: TS.Node, name: string, drain: TS.Expression): boolean {
  let ok = true;
  const visit = (node: TS.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(node) && node.text === name && !(ts.isVariableDeclaration(node.parent) && node.parent.name === node)) {
      const access = node.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== node) ok = false;
      else if (access.parent === drain) ok = true;
      else if (access.name.text === 'push') ok = ts.isCallExpression(access.parent) && access.parent.expression === access;
      else ok = access.name.text === 'length' && !isWritten(access);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return ok;
}

function isWritten(node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken);
}

/** Whether `name` occurs in `node`, outside `except` and other than as the node `declared`. */
function references(node: TS.Node, name: string, except?: TS.Node, declared?: TS.Node): boolean {
  let found = false;
  const visit = (child: TS.Node): void => {
    if (found || child === except) return;
    if (ts.isIdentifier(child) && child.text === name && child !== declared && !isPropertyName(child)) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function isPropertyName(identifier: TS.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isPropertyAssignment(parent) && parent.name === identifier);
}

/** Names the enclosing loop's body declares or assigns outside the inner loop: per-batch state. */
function setIn(body: TS.Node, inner: TS.Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (node === inner) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) names.add(node.name.text);
    if (ts.isIdentifier(node) && isWritten(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return names;
}

/** `true`, `q.length`, `q.length > 0`, `q.length !== 0`, `q.length >= 1`, or an `||` with one of them: false only when `q` is empty. */
function falseOnlyWhenEmpty(condition: TS.Expression, queue: string): boolean {
  const expression = unwrapExpression(condition);
  if (expression.kind === ts.SyntaxKind.TrueKeyword || isLength(expression, queue)) return true;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.BarBarToken) return falseOnlyWhenEmpty(expression.left, queue) || falseOnlyWhenEmpty(expression.right, queue);
  return lengthTest(expression, queue) === 'non-empty';
}

/** `!q.length`, `q.length === 0`, `q.length < 1`, `q.length <= 0`, or an `&&` with one of them: true only when `q` is empty. */
function trueOnlyWhenEmpty(condition: TS.Expression, queue: string): boolean {
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return falseOnlyWhenEmpty(expression.operand, queue);
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return trueOnlyWhenEmpty(expression.left, queue) || trueOnlyWhenEmpty(expression.right, queue);
  return lengthTest(expression, queue) === 'empty';
}

/** What `q.length <op> <n>` says of the queue, for the comparisons that say it exactly. */
function lengthTest(expression: TS.Expression, queue: string): 'empty' | 'non-empty' | undefined {
  if (!ts.isBinaryExpression(expression) || !isLength(expression.left, queue)) return undefined;
  const bound = unwrapExpression(expression.right);
  if (!ts.isNumericLiteral(bound)) return undefined;
  return comparisonsOfLength().find(([operator, value]) => operator === expression.operatorToken.kind && value === Number(bound.text))?.[2];
}

/** The comparisons of a length with a number that say exactly whether it is 0, made on first use (TypeScript loads on first need). */
let lengthComparisons: readonly (readonly [TS.SyntaxKind, number, 'empty' | 'non-empty'])[] | undefined;
function comparisonsOfLength(): readonly (readonly [TS.SyntaxKind, number, 'empty' | 'non-empty'])[] {
  return (lengthComparisons ??= [
    [ts.SyntaxKind.GreaterThanToken, 0, 'non-empty'],
    [ts.SyntaxKind.ExclamationEqualsEqualsToken, 0, 'non-empty'],
    [ts.SyntaxKind.ExclamationEqualsToken, 0, 'non-empty'],
    [ts.SyntaxKind.GreaterThanEqualsToken, 1, 'non-empty'],
    [ts.SyntaxKind.EqualsEqualsEqualsToken, 0, 'empty'],
    [ts.SyntaxKind.EqualsEqualsToken, 0, 'empty'],
    [ts.SyntaxKind.LessThanEqualsToken, 0, 'empty'],
    [ts.SyntaxKind.LessThanToken, 1, 'empty'],
  ]);
}

function isLength(expression: TS.Expression, queue: string): boolean {
  const target = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(target) && target.name.text === 'length' && ts.isIdentifier(target.expression) && target.expression.text === queue;
}

/**
 * Every way out of a turn of the enclosing loop outside the drain (`break`, `continue`, `return`,
 * `throw`, outside nested functions) sits in the `then` of an `if` whose condition is true only when
 * the queue is empty. A `break` or `continue` of a nested loop or switch stays in the turn. In the
 * drain, per item, `return` and `throw` end the workflow alike however the items were taken.
 */
function everyExitWhenEmpty(body: TS.Node, drain: TS.Node, queue: string): boolean {
  let ok = true;
  const visit = (node: TS.Node, guarded: boolean, nested: boolean): void => {
    if (!ok || node === drain || isFunctionNode(node)) return;
    if (ts.isIfStatement(node)) {
      visit(node.expression, guarded, nested);
      visit(node.thenStatement, guarded || trueOnlyWhenEmpty(node.expression, queue), nested);
      if (node.elseStatement) visit(node.elseStatement, guarded, nested);
      return;
    }
    const jump = ts.isBreakStatement(node) || ts.isContinueStatement(node);
    const leaves = jump ? (node.label ? !labelledWithin(node, node.label.text, body) : !nested) : ts.isReturnStatement(node) || ts.isThrowStatement(node);
    if (leaves && !guarded) ok = false;
    ts.forEachChild(node, (child) => visit(child, guarded, nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node)));
  };
  visit(body, false, false);
  return ok;
}

/** Whether the statement labelled `label` that `jump` refers to is inside `ancestor`. */
function labelledWithin(jump: TS.Node, label: string, ancestor: TS.Node): boolean {
  for (let current: TS.Node | undefined = jump.parent; current && current !== ancestor; current = current.parent)
    if (ts.isLabeledStatement(current) && current.label.text === label) return true;
  return false;
}

function within(node: TS.Node, ancestor: TS.Node): boolean {
  for (let current: TS.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}
