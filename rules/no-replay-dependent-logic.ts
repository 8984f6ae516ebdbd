import type { ts as TS } from 'ts-morph';
import { type FunctionNode, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import type { ProjectFile } from '../src/analysis/project-functions.js';
import { forEachDescendant, isDeclaredInScope, isReference as refersToBinding, unwrapExpression } from '../src/analysis/syntax.js';
import { isOnlyObserved, isTelemetryOnly } from '../src/analysis/telemetry.js';
import { TASK_FAILURE_ERRORS } from '../src/domain/telemetry.js';
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
    const steers = (flag: TS.Node): boolean => steersOnlyTelemetry(flag, context, FLAG, new Set());
    return {
      PropertyAccessExpression(node: TS.PropertyAccessExpression) {
        const member = node.name.text;
        if (!isUnsafeAccess(node.expression)) return;
        if (member === 'now') {
          const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
          if (call && !everyUse(call, (use) => isOnlyObserved(use, context))) context.report({ node: call, messageId: 'now' });
        } else if (REPLAY_FLAGS.has(member) && !everyUse(node, steers)) {
          context.report({ node, messageId: 'replaying', data: { member } });
        }
      },
      // const { isReplaying } = workflowInfo().unsafe;
      BindingElement(element: TS.BindingElement) {
        const declaration = element.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !isUnsafeAccess(declaration.initializer) || !ts.isIdentifier(element.name)) return;
        const member = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        if (REPLAY_FLAGS.has(member) && !referencesOf(element.name).every(steers)) context.report({ node: element, messageId: 'replaying', data: { member } });
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
 * What a value tells of the replay flag it was computed from: the flag's value when the value is
 * true, and when it is false (undefined: either). `!` swaps them, `&&` keeps only the first, `||`
 * only the second.
 */
interface Polarity {
  readonly whenTrue: boolean | undefined;
  readonly whenFalse: boolean | undefined;
}

const FLAG: Polarity = { whenTrue: true, whenFalse: false };

/**
 * Whether a replay flag (`unsafe.isReplaying`, a constant holding it, or a call of a function
 * returning it) only decides whether telemetry runs: the condition of an `if`, `?:` or `&&`/`||`
 * statement whose branches only observe, or whose branch is an early `return;` / `continue;`
 * before code that only observes, or (on the first execution only) throws an error that fails the
 * workflow task.
 */
function steersOnlyTelemetry(flag: TS.Node, project: ProjectFile, polarity: Polarity, seen: Set<TS.Node>): boolean {
  let { whenTrue, whenFalse } = polarity;
  for (let child = flag, parent = flag.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent)) continue;
    if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) {
      [whenTrue, whenFalse] = [whenFalse, whenTrue];
      continue;
    }
    if (ts.isBinaryExpression(parent) && isConditionOperator(parent.operatorToken.kind)) {
      // What the flag short-circuits runs on one of the two executions only: `!isReplaying && patched('x')` records a marker.
      if (isShortCircuit(parent) && parent.left === child && (isDiscarded(parent) || !isTelemetryOnly(parent.right, project))) return isDiscarded(parent) && isTelemetryOnly(parent.right, project);
      const kind = parent.operatorToken.kind;
      if (kind !== ts.SyntaxKind.AmpersandAmpersandToken) whenTrue = undefined;
      if (kind !== ts.SyntaxKind.BarBarToken) whenFalse = undefined;
      continue;
    }
    if (ts.isIfStatement(parent) && parent.expression === child) {
      const harmless = (branch: TS.Statement | undefined, firstRunOnly: boolean): boolean =>
        !branch || isTelemetryOnly(branch, project) || skipsOnlyTelemetry(branch, parent, project) || (firstRunOnly && failsTheTask(branch, project));
      return harmless(parent.thenStatement, whenTrue === false) && harmless(parent.elseStatement, whenFalse === false);
    }
    if (ts.isConditionalExpression(parent) && parent.condition === child) return isDiscarded(parent) && isTelemetryOnly(parent.whenTrue, project) && isTelemetryOnly(parent.whenFalse, project);
    if ((ts.isReturnStatement(parent) && parent.expression === child) || (ts.isArrowFunction(parent) && parent.body === child)) return returnedOnlyToTelemetry(parent, project, { whenTrue, whenFalse }, seen);
    return isOnlyObserved(child, project);
  }
  return false;
}

/**
 * The flag is what a function returns (`function replaying() { return workflowInfo().unsafe.isReplaying; }`):
 * harmless when the function is one of this file's, not exported, and every use of it is a call whose
 * value only steers telemetry. Callers in other modules cannot be seen from here, so an exported one is reported.
 */
function returnedOnlyToTelemetry(at: TS.Node, project: ProjectFile, polarity: Polarity, seen: Set<TS.Node>): boolean {
  const fn = ts.isArrowFunction(at) ? at : enclosingFunction(at);
  const name = fn && namedFunctionName(fn);
  if (!fn || !name || seen.has(fn) || isExportedFunction(fn)) return false;
  seen.add(fn);
  const calls: TS.CallExpression[] = [];
  let other = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text || !refersToBinding(node)) return;
    const call = node.parent;
    if (ts.isCallExpression(call) && call.expression === node && resolveFunction(node) === fn) calls.push(call);
    else other = true;
  });
  return !other && calls.every((call) => everyUse(call, (use) => steersOnlyTelemetry(use, project, polarity, seen)));
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return isFunctionNode(current) ? current : undefined;
  return undefined;
}

/** `function f() {}` or `const f = () => …`: the name it is called by. */
function namedFunctionName(fn: FunctionNode): TS.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  const holder = fn.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && isConst(holder) ? holder.name : undefined;
}

function isExportedFunction(fn: FunctionNode): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent.parent;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * A branch that observes, then throws a new built-in error (`throw new ReferenceError(…)`): run on
 * the first execution only, it fails the workflow task, which sends none of that task's commands
 * and is retried, running the branch again as a first execution, so no history depends on it.
 * Source: packages/workflow/src/internals.ts `handleWorkflowFailure` (only TemporalFailure,
 * ContinueAsNew, a cancellation or a configured failure type becomes a command; anything else is
 * `recordWorkflowTaskError`); the SDK's own workflow.ts `scheduleLocalActivityNextHandler` fails an
 * unregistered local activity this way only when not replaying.
 */
function failsTheTask(branch: TS.Statement, project: ProjectFile): boolean {
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  const last = statements[statements.length - 1];
  if (!last || !ts.isThrowStatement(last) || !statements.slice(0, -1).every((s) => isTelemetryOnly(s, project))) return false;
  const thrown = unwrapExpression(last.expression);
  if (!ts.isNewExpression(thrown) || !ts.isIdentifier(thrown.expression) || !TASK_FAILURE_ERRORS.has(thrown.expression.text) || isDeclaredInScope(thrown.expression.text, thrown)) return false;
  return (thrown.arguments ?? []).every((argument) => isTelemetryOnly(argument, project));
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
function skipsOnlyTelemetry(branch: TS.Statement, ifStatement: TS.IfStatement, project: ProjectFile): boolean {
  const observes = (statement: TS.Statement): boolean => isTelemetryOnly(statement, project);
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  const exit = statements[statements.length - 1];
  if (!exit || !statements.slice(0, -1).every(observes)) return false;
  const kind = ts.isReturnStatement(exit) && !exit.expression ? 'return' : ts.isContinueStatement(exit) && !exit.label ? 'continue' : undefined;
  if (!kind) return false;
  for (let child: TS.Node = ifStatement, parent = ifStatement.parent; ; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return kind === 'return';
    if (ts.isIterationStatement(parent, false)) return kind === 'continue';
    if (ts.isBlock(parent)) {
      const after = parent.statements.slice(parent.statements.indexOf(child as TS.Statement) + 1);
      if (!after.every(observes)) return false;
    } else if (!ts.isIfStatement(parent) && !ts.isTryStatement(parent) && !ts.isCatchClause(parent)) {
      return false;
    }
  }
}
