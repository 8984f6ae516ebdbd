/**
 * Workflow code that only observes: calls to loggers, sinks and metrics (src/domain/telemetry.ts),
 * with arguments computed without effects. Such code issues no command, so whether it runs cannot
 * make a replay diverge. Syntax, and the project model for one import: names bound to a sink or
 * metric, and functions that return one, are followed within the file; functions that only
 * observe (`serialize(span)`, `shouldForward()`) in the file or in a module it imports, whose own
 * calls are then followed in their file only (the lint cache sees one import away, see
 * project-functions.ts).
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel } from '../project/project-model.js';
import { LOGGER_NAMES, PURE_FUNCTIONS, PURE_METHODS, TELEMETRY_EXPORTS } from '../domain/telemetry.js';
import { ts } from '../ts.js';
import { type FunctionNode, forEachInBody, resolveFunction } from './message-handlers.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { syntaxIndex, unwrapExpression } from './syntax.js';
import { exportNamed, importsOf, WORKFLOW_MODULE, workflowApi } from './temporal-calls.js';

/** A call to a logger, a sink or a metric: `log.info(…)`, `metrics.increment(…)`, `metricMeter.createCounter('n').add(1)`, `sink()`. */
export function isTelemetryCall(call: TS.CallExpression): boolean {
  const sourceFile = call.getSourceFile();
  if (returnsTelemetryValue(call)) return true;
  for (let node = unwrapExpression(call.expression); ; ) {
    if (isTelemetryRoot(node, sourceFile)) return true;
    if (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) || ts.isElementAccessExpression(node)) node = unwrapExpression(node.expression);
    else return false;
  }
}

function isTelemetryRoot(node: TS.Expression, sourceFile: TS.SourceFile): boolean {
  if (ts.isIdentifier(node)) return LOGGER_NAMES.has(node.text) || telemetryBindings(sourceFile).has(node.text);
  if (ts.isCallExpression(node)) return workflowApi(node) === 'proxySinks' || returnsTelemetryValue(node);
  // `wf.log`, `wf.metricMeter` through a namespace import
  if (ts.isPropertyAccessExpression(node)) return TELEMETRY_EXPORTS.has(exportNamed(node, WORKFLOW_MODULE) ?? '');
  return false;
}

const bindingsByFile = new WeakMap<TS.SourceFile, ReadonlySet<string>>();

/** Files whose telemetry bindings are being collected: what is learnt about their functions meanwhile is not kept. */
const collecting = new Set<TS.SourceFile>();

/**
 * Local names of telemetry in `sourceFile`: imports of `log` / `metricMeter` / `proxySinks`, and
 * variables bound to a telemetry value (`const { metrics } = proxySinks()`, `const ticks =
 * metricMeter.createCounter('ticks')`, `const sink = agentSink()`). In any order: a module-level
 * binding below a function is bound before the function runs (the SDK's metrics.ts declares its
 * `metricSink` after the classes that use it).
 */
function telemetryBindings(sourceFile: TS.SourceFile): ReadonlySet<string> {
  let names = bindingsByFile.get(sourceFile) as Set<string> | undefined;
  if (names) return names;
  names = new Set(importedTelemetry(sourceFile));
  bindingsByFile.set(sourceFile, names);
  const found = names;
  const declarations = syntaxIndex(sourceFile).variables.filter((node) => node.initializer);
  collecting.add(sourceFile);
  try {
    for (let size = -1; size !== found.size; ) {
      size = found.size;
      for (const declaration of declarations) if (isTelemetryValue(unwrapExpression(declaration.initializer!), sourceFile)) addBindingNames(declaration.name, found);
    }
  } finally {
    collecting.delete(sourceFile);
  }
  return names;
}

/**
 * Local names of the telemetry exports (TELEMETRY_EXPORTS) imported from `@temporalio/workflow`,
 * or under the same name from a relative module: a barrel re-exporting them, or the SDK's own
 * sources (packages/workflow/src/metrics.ts imports `proxySinks` from './sinks').
 */
function importedTelemetry(sourceFile: TS.SourceFile): string[] {
  const names: string[] = [];
  for (const [local, exported] of importsOf(sourceFile, WORKFLOW_MODULE).named) if (TELEMETRY_EXPORTS.has(exported)) names.push(local);
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.moduleSpecifier.text.startsWith('.')) continue;
    const clause = statement.importClause;
    const bindings = clause && !clause.isTypeOnly ? clause.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) if (!element.isTypeOnly && TELEMETRY_EXPORTS.has((element.propertyName ?? element.name).text)) names.push(element.name.text);
  }
  return names;
}

/** `proxySinks()`, `metricMeter.createCounter('x')`, `sinks.metrics`, `proxySinks()[NAME]`: an expression rooted at telemetry. */
function isTelemetryValue(node: TS.Expression, sourceFile: TS.SourceFile): boolean {
  for (let current = node; ; ) {
    if (isTelemetryRoot(current, sourceFile)) return true;
    if (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isNonNullExpression(current)) current = unwrapExpression(current.expression);
    else return false;
  }
}

const sinkGetters = new WeakMap<FunctionNode, boolean>();

/**
 * A call of a function of this file that only returns telemetry and does nothing else:
 * `function sink() { return proxySinks<S>()[SINK_NAME]; }` (the SDK's contrib/openai-agents
 * agent-sink-processor.ts `agentTracingSink`).
 */
function returnsTelemetryValue(call: TS.CallExpression): boolean {
  const fn = resolveFunction(call.expression);
  if (!fn?.body) return false;
  const sourceFile = fn.getSourceFile();
  telemetryBindings(sourceFile); // first: collecting them must not see the placeholder below
  const known = sinkGetters.get(fn);
  if (known !== undefined) return known;
  sinkGetters.set(fn, false); // a recursive call returns nothing new
  const returned: (TS.Expression | undefined)[] = [];
  if (ts.isBlock(fn.body)) {
    forEachInBody(fn, (node) => {
      if (ts.isReturnStatement(node)) returned.push(node.expression);
    });
  } else returned.push(fn.body);
  const result = returned.length > 0 && returned.every((e) => e !== undefined && isTelemetryValue(unwrapExpression(e), sourceFile)) && isTelemetryOnly(fn);
  if (collecting.has(sourceFile)) sinkGetters.delete(fn);
  else sinkGetters.set(fn, result);
  return result;
}

function addBindingNames(name: TS.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBindingNames(element.name, into);
}

/**
 * A call that computes a value and does nothing else: `String(x)`, `Math.max(…)`, `items.map(…)`,
 * `workflowInfo()`, or a function (of this file, or with `project` one it imports) that only observes.
 */
export function isPureCall(call: TS.CallExpression, project?: ProjectFile): boolean {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee) && (PURE_FUNCTIONS.has(callee.text) || workflowApi(call) === 'workflowInfo')) return true;
  if (ts.isPropertyAccessExpression(callee)) {
    const base = unwrapExpression(callee.expression);
    if (ts.isIdentifier(base) && (PURE_FUNCTIONS.has(`${base.text}.${callee.name.text}`) || PURE_FUNCTIONS.has(`${base.text}.*`))) return true;
    if (PURE_METHODS.has(callee.name.text)) return true;
  }
  return callsObservingFunction(call, project);
}

/** Per function, whether its body only observes; by project model for functions read with one. */
const observingWithout = new WeakMap<FunctionNode, boolean>();
const observingWith = new WeakMap<ProjectModel, WeakMap<FunctionNode, boolean>>();

/**
 * `serializeSpan(span)`, `shouldForwardToOtel()`: a function declared in this file or exported by
 * a module it imports, whose body only observes (computes, logs, returns). Its own calls are
 * followed in its own file only.
 */
function callsObservingFunction(call: TS.CallExpression, project: ProjectFile | undefined): boolean {
  const found = calledFunction(call.expression, project);
  if (!found?.fn.body || ts.isMethodDeclaration(found.fn)) return false;
  const sourceFile = found.fn.getSourceFile();
  telemetryBindings(sourceFile); // first: collecting them must not see the placeholder below
  const fnProject = project && sourceFile === project.module.sourceFile ? project : undefined;
  let memo = observingWithout;
  if (fnProject) {
    memo = observingWith.get(fnProject.model) ?? new WeakMap();
    observingWith.set(fnProject.model, memo);
  }
  const known = memo.get(found.fn);
  if (known !== undefined) return known;
  memo.set(found.fn, false); // recursion adds nothing
  const result = isTelemetryOnly(found.fn, fnProject);
  if (collecting.has(sourceFile)) memo.delete(found.fn);
  else memo.set(found.fn, result);
  return result;
}

/**
 * Whether `node` (statements or an expression) only observes: every call in it is telemetry or
 * pure, and it awaits nothing, assigns nothing outside itself, and leaves by no return, throw,
 * break or continue (which would steer what runs after it). A function given as `node` may return.
 */
export function isTelemetryOnly(node: TS.Node, project?: ProjectFile): boolean {
  const pending: { node: TS.Node; inFunction: boolean }[] = [{ node, inFunction: false }];
  while (pending.length) {
    const { node: current, inFunction } = pending.pop()!;
    if (!observesOnly(current, inFunction, project)) return false;
    const nested = inFunction || ts.isFunctionLike(current);
    ts.forEachChild(current, (child) => void pending.push({ node: child, inFunction: nested }));
  }
  return true;
}

/** The check of one node, its children aside. */
function observesOnly(node: TS.Node, inFunction: boolean, project: ProjectFile | undefined): boolean {
  if (ts.isCallExpression(node)) return isTelemetryCall(node) || isPureCall(node, project);
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
export function isOnlyObserved(node: TS.Node, project?: ProjectFile): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isCallExpression(parent)) {
      if (parent.expression === child) return false;
      if (isTelemetryCall(parent)) return true;
      if (!isPureCall(parent, project)) return false;
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
