/**
 * Code that is guarded so that it never misbehaves in the workflow sandbox: it runs only outside a
 * workflow (`if (!inWorkflowContext())`, `if (inWorkflowContext()) return;` earlier in the block,
 * `inWorkflowContext() ? a : host()`), or only once a check has shown that a global exists
 * (`typeof process !== 'undefined' && …`, `if ('crypto' in globalThis) …`, `globalThis.fetch ? … : …`).
 * or only after a statement has made sure that it exists (`if (typeof globalThis.crypto ===
 * 'undefined') globalThis.crypto = {…};`, `globalThis.x ??= …`: a feature-checked polyfill install).
 * All stay true for as long as the code runs: a context is a workflow sandbox or not for good, and
 * a global the sandbox lacks never appears in it (unless code installs it, which is then true too).
 * Syntax only; functions that only guarded code calls are guarded too.
 */
import type { ts as TS } from 'ts-morph';
import { GLOBAL_OBJECT_NAMES } from '../domain/workflow-sandbox.js';
import { ts } from '../ts.js';
import { calleeName, forEachDescendant, stringValue, treeMemo, unwrapExpression } from './syntax.js';

/** `inWorkflowContext()` from @temporalio/workflow: false outside a workflow (packages/workflow/src/workflow.ts). */
const CONTEXT_CHECK = 'inWorkflowContext';

/** Whether `condition`, having evaluated to `outcome`, shows that the guarded code is safe. */
type Proof = (condition: TS.Expression, outcome: boolean) => boolean;

/** Whether `node` only runs outside the workflow sandbox. */
export function runsOnlyOutsideWorkflow(node: TS.Node): boolean {
  return isGuarded(node, '', (condition, outcome) => proves(condition, outcome, undefined));
}

/**
 * Whether `node` only runs inside a workflow (`if (inWorkflowContext())`, after
 * `if (!inWorkflowContext()) return;`): the other side of runsOnlyOutsideWorkflow, for code that
 * fails outside the sandbox (workflow APIs in a helper that activities share).
 */
export function runsOnlyInsideWorkflow(node: TS.Node): boolean {
  return isGuarded(node, INSIDE, provesInside);
}

/** The memo key of runsOnlyInsideWorkflow: no global is named so, so no install is looked for. */
const INSIDE = '\0inside';

function provesInside(condition: TS.Expression, outcome: boolean): boolean {
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return provesInside(expression.operand, !outcome);
  if (ts.isCallExpression(expression)) return outcome && calleeName(expression) === CONTEXT_CHECK && expression.arguments.length === 0;
  if (!ts.isBinaryExpression(expression)) return false;
  const left = (o: boolean): boolean => provesInside(expression.left, o);
  const right = (o: boolean): boolean => provesInside(expression.right, o);
  if (expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return outcome ? left(true) || right(true) : left(false) && right(false);
  if (expression.operatorToken.kind === ts.SyntaxKind.BarBarToken) return outcome ? left(true) && right(true) : left(false) || right(false);
  return false;
}

/**
 * Whether `node` only runs where the global `name` exists: outside the workflow sandbox, or after
 * a check that it is defined. Only for globals the sandbox lacks: one it defines to throw (WeakRef)
 * passes every such check.
 */
export function runsOnlyWhereDefined(node: TS.Node, name: string): boolean {
  return isGuarded(node, name, (condition, outcome) => proves(condition, outcome, name));
}

/**
 * What `condition` evaluating to `outcome` proves: that the code is outside a workflow, or (with
 * `name`) that the global `name` is defined. Follows `!`, `&&`, `||` and parentheses.
 */
function proves(condition: TS.Expression, outcome: boolean, name: string | undefined): boolean {
  const expression = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return proves(expression.operand, !outcome, name);
  if (ts.isCallExpression(expression)) return !outcome && calleeName(expression) === CONTEXT_CHECK && expression.arguments.length === 0;
  if (name === undefined) return ts.isBinaryExpression(expression) && provesBoth(expression, outcome, name);
  if (ts.isBinaryExpression(expression)) return provesBoth(expression, outcome, name) || provesDefined(expression, outcome, name);
  // `if (globalThis.fetch)`, `if (process)`: a truthy value is a defined one.
  return outcome && isGlobalReference(expression, name);
}

function provesBoth(expression: TS.BinaryExpression, outcome: boolean, name: string | undefined): boolean {
  const left = (o: boolean): boolean => proves(expression.left, o, name);
  const right = (o: boolean): boolean => proves(expression.right, o, name);
  switch (expression.operatorToken.kind) {
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return outcome ? left(true) || right(true) : left(false) && right(false);
    case ts.SyntaxKind.BarBarToken:
      return outcome ? left(true) && right(true) : left(false) || right(false);
    default:
      return false;
  }
}

/** `typeof x !== 'undefined'`, `typeof x === 'function'`, `'x' in globalThis`, `globalThis.x != null`… */
function provesDefined(expression: TS.BinaryExpression, outcome: boolean, name: string): boolean {
  const operator = expression.operatorToken.kind;
  if (operator === ts.SyntaxKind.InKeyword) return outcome && stringValue(expression.left) === name && isGlobalObject(expression.right);
  const equal = equality(operator);
  if (equal === undefined) return false;
  const left = unwrapExpression(expression.left);
  const right = unwrapExpression(expression.right);
  const strict = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  return comparisonProves(left, right, equal === outcome, strict, name) || comparisonProves(right, left, equal === outcome, strict, name);
}

/** Whether `subject` being (`same`) or not being equal to `other` shows that the global `name` is defined. */
function comparisonProves(subject: TS.Expression, other: TS.Expression, same: boolean, strict: boolean, name: string): boolean {
  if (ts.isTypeOfExpression(subject) && isGlobalReference(unwrapExpression(subject.expression), name)) {
    const type = stringValue(other);
    // `typeof x === 'undefined'` is false exactly when x is defined; `typeof x === 'function'` true only if it is.
    return type === 'undefined' ? !same : type !== undefined && same;
  }
  // `globalThis.x !== undefined`, `globalThis.x != null` (not `!== null`: undefined passes it); a
  // bare `x !== undefined` would throw first, and is reported itself.
  return !same && isMissingValue(other, strict) && isGlobalReference(subject, name);
}

/** true for `===`/`==`, false for `!==`/`!=`, undefined for other operators. */
export function equality(operator: TS.SyntaxKind): boolean | undefined {
  switch (operator) {
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
      return true;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return false;
    default:
      return undefined;
  }
}

/** What a missing global reads as through `globalThis`: undefined, or with `==` also null. */
function isMissingValue(node: TS.Expression, strict: boolean): boolean {
  return (ts.isIdentifier(node) && node.text === 'undefined') || ts.isVoidExpression(node) || (!strict && node.kind === ts.SyntaxKind.NullKeyword);
}

/**
 * `x` or `globalThis.x` / `global.x`, or a member of it (`globalThis.crypto?.randomUUID`): if the
 * value is defined, so is `x`.
 */
function isGlobalReference(node: TS.Expression, name: string): boolean {
  let target = node;
  while (ts.isPropertyAccessExpression(target) && !(target.name.text === name && isGlobalObject(target.expression))) target = unwrapExpression(target.expression);
  return ts.isIdentifier(target) ? target.text === name : ts.isPropertyAccessExpression(target);
}

function isGlobalObject(node: TS.Expression): boolean {
  const target = unwrapExpression(node);
  return ts.isIdentifier(target) && GLOBAL_OBJECT_NAMES.has(target.text);
}

/** Per function, per guard key (the global's name, or '' for the context check): whether every call is guarded. */
const guardedFunctions = new WeakMap<TS.Node, Map<string, boolean>>();
const referencesByFile = treeMemo<Map<string, TS.Identifier[]>>();

function isGuarded(node: TS.Node, key: string, proof: Proof, visiting = new Set<TS.Node>()): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (guardsChild(parent, child, key, proof)) return true;
    const name = functionName(parent);
    // A named function is guarded when every call of it is; otherwise where it is made may still be.
    if (name && isGuardedFunction(parent, name, key, proof, visiting)) return true;
  }
  return false;
}

/**
 * Whether `parent` runs `child` only when a condition proves it safe, or (for a global, `key`) only
 * after an earlier statement has installed it where it was missing.
 */
function guardsChild(parent: TS.Node, child: TS.Node, key: string, proof: Proof): boolean {
  if (ts.isIfStatement(parent)) return (child === parent.thenStatement && proof(parent.expression, true)) || (child === parent.elseStatement && proof(parent.expression, false));
  if (ts.isConditionalExpression(parent)) return (child === parent.whenTrue && proof(parent.condition, true)) || (child === parent.whenFalse && proof(parent.condition, false));
  if (ts.isBinaryExpression(parent) && child === parent.right) {
    const operator = parent.operatorToken.kind;
    return (operator === ts.SyntaxKind.AmpersandAmpersandToken && proof(parent.left, true)) || (operator === ts.SyntaxKind.BarBarToken && proof(parent.left, false));
  }
  // A function declaration is hoisted above any early exit before it.
  if (!ts.isStatement(child) || ts.isFunctionDeclaration(child)) return false;
  const statements = statementsOf(parent);
  if (!statements) return false;
  for (const statement of statements) {
    if (statement === child) return false;
    if (exitsUnlessProven(statement, proof) || (key !== '' && ensuresDefined(statement, key, proof))) return true;
  }
  return false;
}

/**
 * After `statement`, the global `name` exists on every path that goes on: it installs it
 * (`globalThis.crypto = …`, `??=`, `Object.defineProperty(globalThis, 'crypto', …)`), or it is an
 * `if` whose condition shows the global defined one way and whose other branch installs it
 * (`if (typeof globalThis.crypto === 'undefined') { globalThis.crypto = {}; }`). Source of the
 * shape: the SDK's contrib/openai-agents/src/workflow/load-polyfills.ts `installPolyfills`.
 */
function ensuresDefined(statement: TS.Statement, name: string, proof: Proof): boolean {
  if (ts.isExpressionStatement(statement)) return installs(statement.expression, name);
  if (!ts.isIfStatement(statement)) return false;
  const installed = (branch: TS.Statement | undefined): boolean => branch !== undefined && alwaysInstalls(branch, name);
  return (proof(statement.expression, false) && installed(statement.thenStatement)) || (proof(statement.expression, true) && installed(statement.elseStatement));
}

/** Every way through `branch` that falls through installs `name`: the install comes before anything that could skip it. */
function alwaysInstalls(branch: TS.Statement, name: string): boolean {
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  for (const statement of statements) {
    if (ts.isExpressionStatement(statement) && installs(statement.expression, name)) return true;
    if (!ts.isExpressionStatement(statement) && !ts.isVariableStatement(statement)) return false;
  }
  return false;
}

/** `globalThis.name = …` (also `??=`, `||=`) or `Object.defineProperty(globalThis, 'name', …)`. */
function installs(expression: TS.Expression, name: string): boolean {
  const target = unwrapExpression(expression);
  if (ts.isBinaryExpression(target) && isInstallOperator(target.operatorToken.kind)) {
    const left = unwrapExpression(target.left);
    return ts.isPropertyAccessExpression(left) && left.name.text === name && isGlobalObject(left.expression);
  }
  if (!ts.isCallExpression(target) || target.arguments.length < 3) return false;
  const callee = unwrapExpression(target.expression);
  const isDefine = ts.isPropertyAccessExpression(callee) && callee.name.text === 'defineProperty' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object';
  return isDefine && isGlobalObject(target.arguments[0]!) && stringValue(target.arguments[1]) === name;
}

function isInstallOperator(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;
}

function statementsOf(node: TS.Node): TS.NodeArray<TS.Statement> | undefined {
  if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** `if (inWorkflowContext()) return;`: the statements after it run only when the condition was false. */
function exitsUnlessProven(statement: TS.Statement, proof: Proof): boolean {
  if (!ts.isIfStatement(statement)) return false;
  const thenExits = alwaysExits(statement.thenStatement);
  const elseExits = statement.elseStatement !== undefined && alwaysExits(statement.elseStatement);
  if (thenExits && !elseExits) return proof(statement.expression, false);
  if (elseExits && !thenExits) return proof(statement.expression, true);
  return false;
}

/** Whether control never leaves `statement` at its end: it returns, throws, breaks or continues. */
export function alwaysExits(statement: TS.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakStatement(statement) || ts.isContinueStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some(alwaysExits);
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && alwaysExits(statement.thenStatement) && alwaysExits(statement.elseStatement);
  return false;
}

/** The name a function is called by: `function f` or `const f = () => …`; undefined for others. */
function functionName(node: TS.Node): TS.Identifier | undefined {
  if (ts.isFunctionDeclaration(node)) return node.name;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name;
  return undefined;
}

function isGuardedFunction(fn: TS.Node, name: TS.Identifier, key: string, proof: Proof, visiting: Set<TS.Node>): boolean {
  let byKey = guardedFunctions.get(fn);
  const known = byKey?.get(key);
  if (known !== undefined) return known;
  if (visiting.has(fn)) return true; // a recursive call adds no caller of its own
  visiting.add(fn);
  const sourceFile = fn.getSourceFile();
  const uses = (referencesIn(sourceFile).get(name.text) ?? []).filter((id) => id !== name);
  const result = uses.length > 0 && !isExported(fn) && uses.every((id) => isGuarded(id, key, proof, visiting));
  visiting.delete(fn);
  if (!byKey) guardedFunctions.set(fn, (byKey = new Map()));
  byKey.set(key, result);
  return result;
}

function isExported(fn: TS.Node): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent.parent;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function referencesIn(sourceFile: TS.SourceFile): Map<string, TS.Identifier[]> {
  let index = referencesByFile.get(sourceFile);
  if (!index) {
    const built = new Map<string, TS.Identifier[]>();
    forEachDescendant(sourceFile, (node) => {
      if (!ts.isIdentifier(node)) return;
      const list = built.get(node.text);
      if (list) list.push(node);
      else built.set(node.text, [node]);
    });
    index = built;
    referencesByFile.set(sourceFile, index);
  }
  return index;
}
