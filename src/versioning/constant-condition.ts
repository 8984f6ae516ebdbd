/**
 * The value of a branch condition when some names are known: the parameters a workflow gained with
 * a literal default, which every execution started on the deployed code (called with the old
 * arguments) sees at that default. Syntax only: literals, the known names, `!`, `===`, `!==`, `==`,
 * `!=`, `&&`, `||`; anything else is unknown.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { unwrapExpression } from '../analysis/syntax.js';
import { activityCall, constInitializer, workflowApi } from '../analysis/temporal-calls.js';

export type Literal = string | number | boolean | null | undefined;

const UNKNOWN = Symbol('unknown');
/** A value known to be an object: the promise a command gives (an activity call, `executeChild(…)`). */
const PROMISE = Symbol('promise');

/** `@temporalio/workflow` functions that return a promise. */
const PROMISE_APIS = new Set(['executeChild', 'startChild', 'sleep', 'condition', 'scheduleActivity', 'scheduleLocalActivity']);

/**
 * `true` or `false` when `condition` is decided by `known`; else what is left of it once the
 * operands of `&&` and `||` that `known` decides are dropped (`(scope === 'all' || …) && isVideo(x)`
 * with scope 'all' is `isVideo(x)`).
 */
export function decidedCondition(condition: TS.Expression, known: ReadonlyMap<string, Literal>): boolean | TS.Expression {
  // Only what the known names decide: a condition on constants alone reads the same on both sides.
  const reads = { known: false };
  const value = evaluate(condition, known, 0, reads);
  if (value !== UNKNOWN && reads.known) return Boolean(value);
  const expression = unwrapExpression(condition);
  if (!ts.isBinaryExpression(expression)) return condition;
  const and = expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
  if (!and && expression.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return condition;
  const [left, right] = [decidedCondition(expression.left, known), decidedCondition(expression.right, known)];
  // `x && true` is x, `x && false` false; `x || false` is x, `x || true` true.
  for (const [one, other] of [[left, right], [right, left]] as const) if (typeof one === 'boolean') return one === and ? other : one;
  return condition;
}

/** A parameter's default when it is a literal (`scope = 'all'`, `retries = 3`, `dryRun = false`). */
export function literalValue(expression: TS.Expression | undefined): { value: Literal } | undefined {
  const value = expression ? evaluate(expression, new Map()) : UNKNOWN;
  return value === UNKNOWN || value === PROMISE ? undefined : { value };
}

function evaluate(node: TS.Expression, known: ReadonlyMap<string, Literal>, depth = 0, reads = { known: false }): Literal | typeof PROMISE | typeof UNKNOWN {
  const expression = unwrapExpression(node);
  if (depth > 4) return UNKNOWN;
  if (ts.isCallExpression(expression)) return activityCall(expression) || PROMISE_APIS.has(workflowApi(expression) ?? '') ? PROMISE : UNKNOWN;
  if (ts.isConditionalExpression(expression)) {
    const test = evaluate(expression.condition, known, depth + 1, reads);
    return test === UNKNOWN ? UNKNOWN : evaluate(test ? expression.whenTrue : expression.whenFalse, known, depth + 1, reads);
  }
  // A const holding a value decided by the known names (`const p = scope === 'all' ? transcribe() : null`).
  if (ts.isIdentifier(expression) && !known.has(expression.text) && expression.text !== 'undefined') {
    const initializer = constInitializer(expression);
    return initializer ? evaluate(initializer, known, depth + 1, reads) : UNKNOWN;
  }
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (expression.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isIdentifier(expression)) {
    if (expression.text === 'undefined') return undefined;
    if (!known.has(expression.text)) return UNKNOWN;
    reads.known = true;
    return known.get(expression.text);
  }
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = evaluate(expression.operand, known, depth + 1, reads);
    return operand === UNKNOWN ? UNKNOWN : !operand;
  }
  if (!ts.isBinaryExpression(expression)) return UNKNOWN;
  const left = evaluate(expression.left, known, depth + 1, reads);
  switch (expression.operatorToken.kind) {
    case ts.SyntaxKind.AmpersandAmpersandToken:
      if (left !== UNKNOWN && !left) return left;
      return left === UNKNOWN ? (evaluate(expression.right, known, depth + 1, reads) === false ? false : UNKNOWN) : evaluate(expression.right, known, depth + 1, reads);
    case ts.SyntaxKind.BarBarToken:
      if (left !== UNKNOWN && left) return left;
      return left === UNKNOWN ? (evaluate(expression.right, known, depth + 1, reads) === true ? true : UNKNOWN) : evaluate(expression.right, known, depth + 1, reads);
  }
  const right = evaluate(expression.right, known, depth + 1, reads);
  if (left === UNKNOWN || right === UNKNOWN || left === PROMISE || right === PROMISE) return UNKNOWN;
  switch (expression.operatorToken.kind) {
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
      return left === right;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return left !== right;
    case ts.SyntaxKind.EqualsEqualsToken:
      return left == right;
    case ts.SyntaxKind.ExclamationEqualsToken:
      return left != right;
    default:
      return UNKNOWN;
  }
}

/**
 * The `let` flags a condition reads that hold their initial literal for every execution started on
 * the deployed code: declared `let flag = <literal>`, and set to anything else only inside `unrun`
 * (code no such execution ran, such as a new `catch` around commands nothing caught before: an
 * execution that threw there failed, and recorded nothing after). A flag set anywhere else, in a
 * nested function or a handler too, or by `++`, is not known.
 */
export function unsetFlags(condition: TS.Expression, unrun: readonly TS.Node[]): Map<string, Literal> {
  const flags = new Map<string, Literal>();
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && !flags.has(node.text)) {
      const declaration = letDeclaration(node);
      const initial = declaration && literalValue(declaration.initializer);
      const scope = declaration && enclosingBody(declaration);
      if (initial && scope && setOnlyWithin(scope, node.text, initial.value, unrun)) flags.set(node.text, initial.value);
    }
    ts.forEachChild(node, visit);
  };
  visit(condition);
  return flags;
}

function letDeclaration(identifier: TS.Identifier): TS.VariableDeclaration | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    const statements = ts.isSourceFile(node) || ts.isBlock(node) ? node.statements : undefined;
    if (!statements) continue;
    for (const statement of statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const list = statement.declarationList;
      for (const declaration of list.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === identifier.text) return list.flags & ts.NodeFlags.Let ? declaration : undefined;
    }
    if (ts.isSourceFile(node)) return undefined;
  }
  return undefined;
}

function enclosingBody(declaration: TS.Node): TS.Node | undefined {
  for (let node: TS.Node | undefined = declaration.parent; node; node = node.parent) if (ts.isFunctionLike(node)) return node;
  return undefined;
}

/** Every write of `name` in `scope` either gives it `initial` again or is inside one of `unrun`. */
function setOnlyWithin(scope: TS.Node, name: string, initial: Literal, unrun: readonly TS.Node[]): boolean {
  let ok = true;
  const inside = (node: TS.Node): boolean => unrun.some((u) => node.pos >= u.pos && node.end <= u.end && node.getSourceFile() === u.getSourceFile());
  const visit = (node: TS.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const value = parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? literalValue(parent.right) : undefined;
        if (!(value && value.value === initial) && !inside(parent)) ok = false;
      } else if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken) && !inside(parent)) ok = false;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return ok;
}
