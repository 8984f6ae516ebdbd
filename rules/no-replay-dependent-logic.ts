import type { ts as TS } from 'ts-morph';
import { isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { isOnlyObserved, isTelemetryOnly } from '../src/analysis/telemetry.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * `workflowInfo().unsafe` members whose value differs between the first run and a replay.
 * Source: packages/workflow/src/interfaces.ts (`UnsafeWorkflowInfo`: isReplaying,
 * isReplayingHistoryEvents, now).
 */
const REPLAY_FLAGS = new Set(['isReplaying', 'isReplayingHistoryEvents']);

export default defineRule({
  meta: {
    id: 'no-replay-dependent-logic',
    description: 'workflowInfo().unsafe.isReplaying / unsafe.now() steering workflow logic',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://typescript.temporal.io/api/interfaces/workflow.UnsafeWorkflowInfo',
    messages: {
      replaying: "'unsafe.{{member}}' differs between the first execution and a replay: workflow logic that depends on it issues different commands on replay and fails with a non-determinism error. Use it only to keep logs, metrics and sink calls from repeating; for side effects that must happen once, use an activity.",
      now: "'unsafe.now()' is the real clock, which differs on replay: use Date.now() (deterministic in workflows) for workflow logic, and keep unsafe.now() for logging and metrics.",
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.PropertyAccessExpression](node: TS.PropertyAccessExpression) {
        const member = node.name.text;
        if (!isUnsafeAccess(node.expression)) return;
        if (member === 'now') {
          const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
          if (call && !everyUse(call, isOnlyObserved)) context.report({ node: call, messageId: 'now' });
        } else if (REPLAY_FLAGS.has(member) && !everyUse(node, steersOnlyTelemetry)) {
          context.report({ node, messageId: 'replaying', data: { member } });
        }
      },
      // const { isReplaying } = workflowInfo().unsafe;
      [ts.SyntaxKind.BindingElement](element: TS.BindingElement) {
        const declaration = element.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !isUnsafeAccess(declaration.initializer) || !ts.isIdentifier(element.name)) return;
        const member = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        if (REPLAY_FLAGS.has(member) && !referencesOf(element.name).every(steersOnlyTelemetry)) context.report({ node: element, messageId: 'replaying', data: { member } });
      },
    };
  },
});

/** `workflowInfo().unsafe`, `info.unsafe`, or `unsafe` destructured from workflowInfo(). */
function isUnsafeAccess(node: TS.Expression): boolean {
  const target = unwrapExpression(node);
  return (ts.isPropertyAccessExpression(target) && target.name.text === 'unsafe') || (ts.isIdentifier(target) && target.text === 'unsafe');
}

/** `check(value)`, or for `const replaying = value`, `check` of every use of `replaying`. */
function everyUse(value: TS.Expression, check: (use: TS.Node) => boolean): boolean {
  let holder: TS.Node = value.parent;
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && isConst(holder)) return referencesOf(holder.name).every(check);
  return check(value);
}

function isConst(declaration: TS.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** The uses of a local constant, in the scope it is declared in. */
function referencesOf(name: TS.Identifier): TS.Identifier[] {
  let scope: TS.Node = name.parent;
  while (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope) && !ts.isCaseClause(scope)) scope = scope.parent;
  const found: TS.Identifier[] = [];
  const pending: TS.Node[] = [scope];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && isReference(node) && !isDeclaredInScope(node.text, node, findInnerScope(node, scope))) found.push(node);
    ts.forEachChild(node, (child) => void pending.push(child));
  }
  return found;
}

function isReference(id: TS.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  return !(ts.isPropertyAssignment(parent) && parent.name === id);
}

/** The scope just inside `outer` that holds `node`, so a redeclaration there shadows the constant. */
function findInnerScope(node: TS.Node, outer: TS.Node): TS.Node | undefined {
  let inner: TS.Node | undefined;
  for (let current: TS.Node = node; current !== outer; current = current.parent) inner = current;
  return inner;
}

/**
 * Whether a replay flag (`unsafe.isReplaying`, or a constant holding it) only decides whether
 * telemetry runs: the condition of an `if`, `?:` or `&&`/`||` statement whose branches only observe,
 * or whose branch is an early `return;` / `continue;` before code that only observes.
 */
function steersOnlyTelemetry(flag: TS.Node): boolean {
  for (let child = flag, parent = flag.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) continue;
    if (ts.isBinaryExpression(parent) && isConditionOperator(parent.operatorToken.kind)) {
      // What the flag short-circuits runs on one of the two executions only: `!isReplaying && patched('x')` records a marker.
      if (isShortCircuit(parent) && parent.left === child && (isDiscarded(parent) || !isTelemetryOnly(parent.right))) return isDiscarded(parent) && isTelemetryOnly(parent.right);
      continue;
    }
    if (ts.isIfStatement(parent) && parent.expression === child) return [parent.thenStatement, parent.elseStatement].every((branch) => !branch || isTelemetryOnly(branch) || skipsOnlyTelemetry(branch, parent));
    if (ts.isConditionalExpression(parent) && parent.condition === child) return isDiscarded(parent) && isTelemetryOnly(parent.whenTrue) && isTelemetryOnly(parent.whenFalse);
    return isOnlyObserved(child);
  }
  return false;
}

function isConditionOperator(kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken
  );
}

function isShortCircuit(node: TS.BinaryExpression): boolean {
  const kind = node.operatorToken.kind;
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}

/** An expression whose value nobody reads: a statement of its own, or `void …`. */
function isDiscarded(node: TS.Node): boolean {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isExpressionStatement(parent) || ts.isVoidExpression(parent);
}

/**
 * `if (isReplaying) return;` (or `continue;`, after telemetry): the branch skips the rest of the
 * function (or loop body), which must then only observe too. A `return` inside a loop also skips
 * later iterations, and is not followed.
 */
function skipsOnlyTelemetry(branch: TS.Statement, ifStatement: TS.IfStatement): boolean {
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  const exit = statements[statements.length - 1];
  if (!exit || !statements.slice(0, -1).every(isTelemetryOnly)) return false;
  const kind = ts.isReturnStatement(exit) && !exit.expression ? 'return' : ts.isContinueStatement(exit) && !exit.label ? 'continue' : undefined;
  if (!kind) return false;
  for (let child: TS.Node = ifStatement, parent = ifStatement.parent; ; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return kind === 'return';
    if (ts.isIterationStatement(parent, false)) return kind === 'continue';
    if (ts.isBlock(parent)) {
      const after = parent.statements.slice(parent.statements.indexOf(child as TS.Statement) + 1);
      if (!after.every(isTelemetryOnly)) return false;
    } else if (!ts.isIfStatement(parent) && !ts.isTryStatement(parent) && !ts.isCatchClause(parent)) {
      return false;
    }
  }
}
