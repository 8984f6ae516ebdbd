/**
 * Workflow code that only observes: calls to loggers, sinks and metrics (src/domain/telemetry.ts),
 * with arguments computed without effects. Such code issues no command, so whether it runs cannot
 * make a replay diverge. Syntax only: names bound to a sink or metric are followed within the file.
 */
import type { ts as TS } from 'ts-morph';
import { LOGGER_NAMES, PURE_FUNCTIONS, PURE_METHODS, TELEMETRY_EXPORTS } from '../domain/telemetry.js';
import { ts } from '../ts.js';
import { forEachDescendant, unwrapExpression } from './syntax.js';
import { exportNamed, importsOf, WORKFLOW_MODULE, workflowApi } from './temporal-calls.js';

/** A call to a logger, a sink or a metric: `log.info(…)`, `metrics.increment(…)`, `metricMeter.createCounter('n').add(1)`. */
export function isTelemetryCall(call: TS.CallExpression): boolean {
  const sourceFile = call.getSourceFile();
  for (let node = unwrapExpression(call.expression); ; ) {
    if (isTelemetryRoot(node, sourceFile)) return true;
    if (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) || ts.isElementAccessExpression(node)) node = unwrapExpression(node.expression);
    else return false;
  }
}

function isTelemetryRoot(node: TS.Expression, sourceFile: TS.SourceFile): boolean {
  if (ts.isIdentifier(node)) return LOGGER_NAMES.has(node.text) || telemetryBindings(sourceFile).has(node.text);
  if (ts.isCallExpression(node)) return workflowApi(node) === 'proxySinks';
  // `wf.log`, `wf.metricMeter` through a namespace import
  if (ts.isPropertyAccessExpression(node)) return TELEMETRY_EXPORTS.has(exportNamed(node, WORKFLOW_MODULE) ?? '');
  return false;
}

const bindingsByFile = new WeakMap<TS.SourceFile, ReadonlySet<string>>();

/**
 * Local names of telemetry in `sourceFile`: imports of `log` / `metricMeter`, and variables bound to
 * a telemetry value (`const { metrics } = proxySinks()`, `const ticks = metricMeter.createCounter('ticks')`).
 */
function telemetryBindings(sourceFile: TS.SourceFile): ReadonlySet<string> {
  let names = bindingsByFile.get(sourceFile) as Set<string> | undefined;
  if (names) return names;
  names = new Set();
  bindingsByFile.set(sourceFile, names);
  for (const [local, exported] of importsOf(sourceFile, WORKFLOW_MODULE).named) if (TELEMETRY_EXPORTS.has(exported)) names.add(local);
  const found = names;
  // Source order: a binding can only name telemetry bound before it.
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isVariableDeclaration(node) || !node.initializer) return;
    const init = unwrapExpression(node.initializer);
    if (!isTelemetryValue(init, sourceFile)) return;
    addBindingNames(node.name, found);
  });
  return names;
}

/** `proxySinks()`, `metricMeter.createCounter('x')`, `sinks.metrics`: an expression rooted at telemetry. */
function isTelemetryValue(node: TS.Expression, sourceFile: TS.SourceFile): boolean {
  for (let current = node; ; ) {
    if (isTelemetryRoot(current, sourceFile)) return true;
    if (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
    else return false;
  }
}

function addBindingNames(name: TS.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBindingNames(element.name, into);
}

/** A call that computes a value and does nothing else: `String(x)`, `Math.max(…)`, `items.map(…)`, `workflowInfo()`. */
export function isPureCall(call: TS.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return PURE_FUNCTIONS.has(callee.text) || workflowApi(call) === 'workflowInfo';
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const base = unwrapExpression(callee.expression);
  if (ts.isIdentifier(base) && (PURE_FUNCTIONS.has(`${base.text}.${callee.name.text}`) || PURE_FUNCTIONS.has(`${base.text}.*`))) return true;
  return PURE_METHODS.has(callee.name.text);
}

/**
 * Whether `node` (statements or an expression) only observes: every call in it is telemetry or
 * pure, and it awaits nothing, assigns nothing outside itself, and leaves by no return, throw,
 * break or continue (which would steer what runs after it).
 */
export function isTelemetryOnly(node: TS.Node): boolean {
  const pending: { node: TS.Node; inFunction: boolean }[] = [{ node, inFunction: false }];
  while (pending.length) {
    const { node: current, inFunction } = pending.pop()!;
    if (!observesOnly(current, inFunction)) return false;
    const nested = inFunction || ts.isFunctionLike(current);
    ts.forEachChild(current, (child) => void pending.push({ node: child, inFunction: nested }));
  }
  return true;
}

/** The check of one node, its children aside. */
function observesOnly(node: TS.Node, inFunction: boolean): boolean {
  if (ts.isCallExpression(node)) return isTelemetryCall(node) || isPureCall(node);
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === 'Date';
  if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isDeleteExpression(node) || ts.isTaggedTemplateExpression(node)) return false;
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken;
  if (ts.isBinaryExpression(node)) return !isAssignment(node.operatorToken.kind);
  if (ts.isVariableDeclarationList(node)) return (node.flags & ts.NodeFlags.BlockScoped) !== 0;
  if (ts.isThrowStatement(node)) return false;
  // Inside a callback (`items.map((i) => { return … })`) these leave the callback, not the code checked.
  if (ts.isReturnStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node)) return inFunction;
  return !ts.isClassLike(node);
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * Whether the value of `node` only reaches telemetry: an argument of a telemetry call, directly or
 * inside an object, array, template or arithmetic built for it (`log.info('took', { ms: unsafe.now() - t })`).
 */
export function isOnlyObserved(node: TS.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isCallExpression(parent)) {
      if (parent.expression === child) return false;
      if (isTelemetryCall(parent)) return true;
      if (!isPureCall(parent)) return false;
    } else if (!carriesValue(parent, child)) return false;
  }
  return false;
}

function carriesValue(parent: TS.Node, child: TS.Node): boolean {
  if (ts.isBinaryExpression(parent)) return !isAssignment(parent.operatorToken.kind);
  if (ts.isPropertyAssignment(parent)) return parent.initializer === child;
  if (ts.isConditionalExpression(parent)) return parent.condition !== child;
  return (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isObjectLiteralExpression(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isTemplateSpan(parent) ||
    ts.isTemplateExpression(parent) ||
    ts.isPrefixUnaryExpression(parent) ||
    ts.isPropertyAccessExpression(parent)
  );
}
