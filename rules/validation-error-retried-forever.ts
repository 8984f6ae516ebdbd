import type { ts as TS } from 'ts-morph';
import { activityCallers } from '../src/analysis/activity-callers.js';
import { type FunctionNode, isFunctionNode } from '../src/analysis/message-handlers.js';
import { isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { type ActivityProxy, objectShape, proxyOptions } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * Built-in error classes. An activity that throws one fails with an ApplicationFailure whose type is
 * the class's name and which is retryable (`ensureApplicationFailure`, packages/common/src/failure.ts:
 * "`type`: `error.constructor.name` or `error.name`"), so the default retry policy (unlimited
 * attempts, packages/common/src/retry-policy.ts) retries it until a timeout.
 */
const PLAIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError']);

export default defineRule({
  meta: {
    id: 'validation-error-retried-forever',
    description: 'Activities that reject their input with a plain Error before doing anything, which Temporal retries until a timeout',
    context: 'activity',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/failure-detection#activity-retries',
    messages: {
      retried:
        "The activity '{{activity}}' rejects its input with a plain {{type}} before doing anything else: no retry can succeed, yet the retry policy it is called with{{callers}} (the default: unlimited attempts, backing off to 100 s) retries it until a schedule-to-close timeout stops it, or forever, and the workflow waits all that time for an answer it already had. Throw `ApplicationFailure.nonRetryable('…', 'InvalidInput')` (exported by @temporalio/activity and @temporalio/common), or list '{{type}}' in the caller's `retry.nonRetryableErrorTypes`.",
    },
  },
  create(context) {
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        const names = context.model.activityImplementations.get(context.module.path);
        if (!names) return;
        for (const { name, fn } of activityFunctions(sourceFile, names)) {
          // The rejection first: it stops at the first await, where a factory's check reads the whole body.
          const rejection = inputRejection(fn);
          if (!rejection || returnsFunctions(fn)) continue;
          const callers = activityCallers(context.model, context.module.path, name).map((c) => ({ where: c.where, covers: retryCovers(c.proxy) }));
          if (callers.length && callers.every((c) => c.covers(rejection.type))) continue;
          const uncovered = callers.length ? ` in ${callers.find((c) => !c.covers(rejection.type))!.where}` : '';
          context.report({ node: rejection.node, messageId: 'retried', data: { activity: name, type: rejection.type, callers: uncovered } });
        }
      },
    };
  },
});

/**
 * The module's activity implementations: module-level functions (declarations or `const`s) it
 * registers or exports, factories among them (see returnsFunctions) included.
 */
function activityFunctions(sourceFile: TS.SourceFile, names: ReadonlySet<string>): { name: string; fn: FunctionNode }[] {
  const all = names.has('*');
  const found: { name: string; fn: FunctionNode }[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body && (all ? isExported(statement) : names.has(statement.name.text))) found.push({ name: statement.name.text, fn: statement });
    if (!ts.isVariableStatement(statement) || (all && !isExported(statement))) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer && unwrapExpression(declaration.initializer);
      if (ts.isIdentifier(declaration.name) && init && isFunctionNode(init) && (all || names.has(declaration.name.text))) found.push({ name: declaration.name.text, fn: init });
    }
  }
  return found;
}

function isExported(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** A factory (`createActivities(deps)`) returns the activities; its own checks are of its dependencies. */
function returnsFunctions(fn: FunctionNode): boolean {
  let found = false;
  const pending: TS.Node[] = fn.body ? [fn.body] : [];
  while (pending.length && !found) {
    const node = pending.pop()!;
    if (isFunctionNode(node) || ts.isClassLike(node)) continue;
    if (ts.isReturnStatement(node) && node.expression) {
      const value = unwrapExpression(node.expression);
      found = isFunctionNode(value) || (ts.isObjectLiteralExpression(value) && value.properties.some((p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && isFunctionNode(unwrapExpression(p.initializer)))));
    }
    ts.forEachChild(node, (child) => void pending.push(child));
  }
  if (!found && fn.body && !ts.isBlock(fn.body)) found = ts.isObjectLiteralExpression(unwrapExpression(fn.body));
  return found;
}

/**
 * `if (<a check of a parameter>) throw new Error(…)` before the activity awaits anything: the input
 * is rejected before any side effect, so every retry rejects it again. Not inside a `try` (a catch
 * may turn it into something else).
 */
function inputRejection(fn: FunctionNode): { node: TS.ThrowStatement; type: string } | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  const parameters = new Set<string>();
  for (const parameter of fn.parameters) bindingNames(parameter.name, parameters);
  if (!parameters.size) return undefined;
  // Nodes in source order (nested functions left out), stopping at the first that awaits.
  const pending: TS.Node[] = [fn.body];
  while (pending.length) {
    const node = pending.pop()!;
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => {
      if (!isFunctionNode(child) && !ts.isClassLike(child)) children.push(child);
    });
    pending.push(...children.reverse());
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier) || ts.isTryStatement(node)) return undefined;
    if (!ts.isThrowStatement(node)) continue;
    const type = plainErrorType(node.expression);
    const guard = type && guardingIf(node, fn);
    if (type && guard && readsAny(guard.expression, parameters)) return { node, type };
  }
  return undefined;
}

function bindingNames(name: TS.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
}

/** `new Error(…)`, `Error(…)`, `new TypeError(…)` of the global class. */
function plainErrorType(expression: TS.Expression | undefined): string | undefined {
  const value = expression && unwrapExpression(expression);
  if (!value || !(ts.isNewExpression(value) || ts.isCallExpression(value))) return undefined;
  const callee = unwrapExpression(value.expression);
  return ts.isIdentifier(callee) && PLAIN_ERRORS.has(callee.text) && !isDeclaredInScope(callee.text, callee) ? callee.text : undefined;
}

/**
 * The `if` whose then-branch holds the throw (`if (!valid) throw …`), within the function. An
 * `else` throw is a choice the caller made (`if (useFailure) … else throw new Error(…)`), not a check.
 */
function guardingIf(node: TS.Node, fn: FunctionNode): TS.IfStatement | undefined {
  for (let child = node, parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent)) return child === parent.thenStatement ? parent : undefined;
  }
  return undefined;
}

function readsAny(expression: TS.Expression, names: ReadonlySet<string>): boolean {
  let found = false;
  const pending: TS.Node[] = [expression];
  while (pending.length && !found) {
    const node = pending.pop()!;
    if (ts.isIdentifier(node) && names.has(node.text)) found = true;
    ts.forEachChild(node, (child) => void pending.push(child));
  }
  return found;
}

/**
 * Whether a proxy's retry policy already stops retrying an error type: a finite `maximumAttempts`
 * (a few attempts end in seconds to minutes, not at a timeout; 0 and Infinity are unlimited, as in
 * packages/common/src/retry-policy.ts), or `nonRetryableErrorTypes` listing it. Options the file
 * cannot show fully count as covering (no guess).
 */
function retryCovers(proxy: ActivityProxy): (type: string) => boolean {
  const options = proxyOptions(proxy);
  const retryExpression = options.properties.get('retry');
  if (!retryExpression) return () => !options.complete;
  const retry = objectShape(retryExpression);
  const attempts = retry.properties.get('maximumAttempts');
  const attemptsValue = attempts && unwrapExpression(attempts);
  const unlimited = attemptsValue !== undefined && isUnlimited(attemptsValue);
  if (attemptsValue && ts.isNumericLiteral(attemptsValue) && Number(attemptsValue.text) >= 1) return () => true;
  const listed = retry.properties.get('nonRetryableErrorTypes');
  const list = listed && unwrapExpression(listed);
  if (list && !ts.isArrayLiteralExpression(list)) return () => true;
  const types = new Set(list ? list.elements.map((e) => (ts.isStringLiteral(e) ? e.text : '?')) : []);
  const unknown = types.has('?') || !retry.complete || (attempts !== undefined && !unlimited);
  return (type) => unknown || types.has(type);
}

/** `maximumAttempts: 0`, `Infinity`, `Number.POSITIVE_INFINITY`: no limit. */
function isUnlimited(value: TS.Expression): boolean {
  if (ts.isNumericLiteral(value)) return Number(value.text) === 0;
  return value.getText() === 'Infinity' || value.getText() === 'Number.POSITIVE_INFINITY';
}
