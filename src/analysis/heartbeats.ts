/**
 * Whether activity code heartbeats, judged by what it does rather than by names: it calls
 * `heartbeat()` of @temporalio/activity (imported, `Context.current().heartbeat()`, a saved
 * context's `ctx.heartbeat()`), calls a function that does (declared in the file, imported from a
 * project module, or a sibling method called through `this` in an activity class or object), hands a heartbeat to something as a callback (`onProgress: heartbeat`,
 * `(n) => Context.current().heartbeat(n)`, a helper that heartbeats), or calls a callback parameter
 * that a caller in the file binds to one. Generous where it cannot see, since the rules built on
 * it report code that never heartbeats: a method named `heartbeat` on something it cannot follow (a
 * context passed in, a wrapper object) counts, and so does a call of `heartbeat` it cannot resolve;
 * a function it can read counts only if it heartbeats, whatever its name. The activity's `Context`
 * handed to code it cannot read (`service.run({ temporalContext: Context.current() })`) counts too:
 * that code may heartbeat through it.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from './message-handlers.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { forEachDescendant, unwrapExpression } from './syntax.js';
import { ACTIVITY_MODULE, activityApi, constInitializer, exportNamed } from './temporal-calls.js';

const HEARTBEAT = 'heartbeat';

/** Results per scope, with and without following imports (`project`). */
const cache = { local: new WeakMap<TS.Node, boolean>(), project: new WeakMap<TS.Node, boolean>() };

/**
 * `scope` (a function, a loop, a file) heartbeats: see the module comment. With `project`, helpers
 * imported into the file are read too (their own imports are not: the lint cache sees one import away).
 */
export function heartbeats(scope: TS.Node, project?: ProjectFile): boolean {
  const memo = project ? cache.project : cache.local;
  let found = memo.get(scope);
  if (found === undefined) {
    found = new Search(project).heartbeats(scope);
    memo.set(scope, found);
  }
  return found;
}

class Search {
  /** Functions being read: a recursive helper does not heartbeat through itself. */
  private readonly visiting = new Set<TS.Node>();
  /** Helpers already read, however many times they are called. */
  private readonly known = new Map<TS.Node, boolean>();

  constructor(private readonly project: ProjectFile | undefined) {}

  heartbeats(scope: TS.Node): boolean {
    const known = this.known.get(scope);
    if (known !== undefined) return known;
    if (this.visiting.has(scope)) return false;
    const { text } = scope.getSourceFile();
    if (!this.project && !text.includes(HEARTBEAT) && !text.includes('Context')) return false;
    this.visiting.add(scope);
    let found = false;
    forEachDescendant(scope, (node) => {
      found ||= ts.isCallExpression(node) ? this.isHeartbeatCall(node) || this.contextHandedOn(node) : this.isHeartbeatValue(node, false) || (ts.isIdentifier(node) && this.contextHandedOn(node));
    });
    found ||= isFunctionNode(scope) && this.callsBoundCallback(scope);
    this.visiting.delete(scope);
    this.known.set(scope, found);
    return found;
  }

  private isHeartbeatCall(call: TS.CallExpression): boolean {
    const callee = unwrapExpression(call.expression);
    const helper = this.functionNamed(callee);
    if (helper) return this.functionHeartbeats(helper);
    if (activityApi(call) === HEARTBEAT) return true;
    // Not readable (a context passed in, a package's wrapper): trust the name.
    return memberName(callee) === HEARTBEAT;
  }

  /**
   * A heartbeat handed on as a value (a callback argument, an options property): the activity
   * package's `heartbeat`, a function that heartbeats, or a context's `heartbeat` method (`.bind`).
   * `inline`: `node` is a value already (a bound argument), so written functions count too.
   */
  private isHeartbeatValue(node: TS.Node, inline: boolean): boolean {
    if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node) && !(inline && isFunctionNode(node))) return false;
    if (!inline && !isHandedOn(node)) return false;
    if (isFunctionNode(node)) return this.functionHeartbeats(node);
    if (ts.isIdentifier(node) && exportNamed(node, ACTIVITY_MODULE) === HEARTBEAT) return true;
    if (ts.isPropertyAccessExpression(node) && node.name.text === HEARTBEAT) return true;
    const helper = this.functionNamed(node);
    return helper !== undefined && this.functionHeartbeats(helper);
  }

  /**
   * `node` is the activity's Context (`Context.current()`, or a `const` holding it) handed as an
   * argument (or in an argument's object) to a call: true when the callee cannot be read, or
   * heartbeats itself.
   */
  private contextHandedOn(node: TS.Expression): boolean {
    // Where it goes first (cheap), what it is second (a `const` lookup).
    let value: TS.Node = node;
    while (ts.isPropertyAssignment(value.parent) || ts.isShorthandPropertyAssignment(value.parent) || ts.isObjectLiteralExpression(value.parent) || ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
    const call = value.parent;
    if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.expression === value || !call.arguments?.includes(value as TS.Expression)) return false;
    if (ts.isPropertyAssignment(node.parent) && node.parent.name === node) return false;
    if (!isActivityContext(node)) return false;
    const helper = this.functionNamed(call.expression);
    return helper ? this.functionHeartbeats(helper) : true;
  }

  private functionNamed(expression: TS.Expression): FunctionNode | undefined {
    const found = calledFunction(expression, this.project);
    return found?.fn ?? thisMethod(expression);
  }

  /** A helper's body: one imported from another file is read without following that file's imports. */
  private functionHeartbeats(fn: FunctionNode): boolean {
    if (!this.project || fn.getSourceFile() === this.project.module.sourceFile) return this.heartbeats(fn);
    return new Search(undefined).heartbeats(fn);
  }

  /**
   * `fn` calls a callback it was given (`onProgress(n)`, `options.onProgress?.(n)`, a destructured
   * `{ onProgress }`), and some call of `fn` in its file binds that callback to a heartbeat.
   */
  private callsBoundCallback(fn: FunctionNode): boolean {
    const name = functionName(fn);
    if (!name) return false;
    const parameters = calledParameters(fn);
    if (!parameters.length) return false;
    let found = false;
    forEachDescendant(fn.getSourceFile(), (node) => {
      if (found || !ts.isCallExpression(node)) return;
      const callee = unwrapExpression(node.expression);
      if (!ts.isIdentifier(callee) || callee.text !== name) return;
      found = parameters.some(({ index, property }) => {
        const argument = node.arguments[index];
        const value = argument && (property === undefined ? argument : propertyValue(argument, property));
        return value !== undefined && this.isHeartbeatValue(unbound(value), true);
      });
    });
    return found;
  }
}

/**
 * `this.name` in a method of a class or of an object literal (an activity class, the object an
 * activity factory returns): the sibling method of that name.
 */
function thisMethod(expression: TS.Expression): FunctionNode | undefined {
  const target = unwrapExpression(expression);
  if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const name = target.name.text;
  for (let node: TS.Node | undefined = target.parent; node; node = node.parent) {
    // `this` is rebound by every function but an arrow.
    if (ts.isArrowFunction(node)) continue;
    if (!isFunctionNode(node) && !ts.isConstructorDeclaration(node)) continue;
    const owner = node.parent;
    if (!ts.isClassLike(owner) && !ts.isObjectLiteralExpression(owner)) return undefined;
    const members: readonly TS.Node[] = ts.isClassLike(owner) ? owner.members : owner.properties;
    for (const member of members) {
      if (!('name' in member) || !member.name || !ts.isIdentifier(member.name as TS.Node) || (member.name as TS.Identifier).text !== name) continue;
      if (ts.isMethodDeclaration(member) && member.body) return member;
      const value = ts.isPropertyAssignment(member) || ts.isPropertyDeclaration(member) ? member.initializer && unwrapExpression(member.initializer) : undefined;
      if (value && isFunctionNode(value)) return value;
    }
    return undefined;
  }
  return undefined;
}

/** `x` in `f(x)`, `{ onProgress: x }`, `{ x }`: a value handed to other code, not called here. */
function isHandedOn(node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression !== node;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return parent.name.text === 'bind'; // ctx.heartbeat.bind(ctx)
  return (ts.isPropertyAssignment(parent) && parent.initializer === node) || ts.isShorthandPropertyAssignment(parent);
}

function memberName(callee: TS.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** `heartbeat.bind(ctx)` / `ctx.heartbeat.bind(ctx)` → what is bound. */
function unbound(value: TS.Expression): TS.Expression {
  const target = unwrapExpression(value);
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'bind') return unwrapExpression(target.expression.expression);
  return target;
}

function functionName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const holder = fn.parent;
  return ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

interface CalledParameter {
  readonly index: number;
  /** The options property called, for `options.onProgress()` and `{ onProgress }`. */
  readonly property?: string;
}

/** The parameters (or options properties of parameters) that `fn` calls. */
function calledParameters(fn: FunctionNode): CalledParameter[] {
  const byName = new Map<string, CalledParameter>();
  const objects = new Map<string, number>();
  fn.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name)) {
      byName.set(parameter.name.text, { index });
      objects.set(parameter.name.text, index);
    } else if (ts.isObjectBindingPattern(parameter.name))
      for (const element of parameter.name.elements) {
        const property = element.propertyName ?? element.name;
        if (ts.isIdentifier(element.name) && ts.isIdentifier(property)) byName.set(element.name.text, { index, property: property.text });
      }
  });
  const called: CalledParameter[] = [];
  forEachDescendant(fn, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrapExpression(node.expression);
    if (ts.isIdentifier(callee) && byName.has(callee.text)) called.push(byName.get(callee.text)!);
    else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && objects.has(callee.expression.text))
      called.push({ index: objects.get(callee.expression.text)!, property: callee.name.text });
  });
  return called;
}

function propertyValue(argument: TS.Expression, property: string): TS.Expression | undefined {
  const object = unwrapExpression(argument);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const element of object.properties) {
    if (ts.isShorthandPropertyAssignment(element) && element.name.text === property) return element.name;
    if (ts.isPropertyAssignment(element) && (ts.isIdentifier(element.name) || ts.isStringLiteral(element.name)) && element.name.text === property) return element.initializer;
    if (ts.isMethodDeclaration(element) && ts.isIdentifier(element.name) && element.name.text === property) return element as unknown as TS.Expression;
  }
  return undefined;
}

/** `Context.current()` of @temporalio/activity, or a reference to a `const` holding it. */
function isActivityContext(node: TS.Expression): boolean {
  const value = unwrapExpression(node);
  if (ts.isCallExpression(value)) {
    const callee = unwrapExpression(value.expression);
    return !value.arguments.length && ts.isPropertyAccessExpression(callee) && callee.name.text === 'current' && exportNamed(callee.expression, ACTIVITY_MODULE) === 'Context';
  }
  if (!ts.isIdentifier(value) || ts.isVariableDeclaration(value.parent) || ts.isParameter(value.parent)) return false;
  const initializer = constInitializer(value);
  return initializer !== undefined && ts.isCallExpression(unwrapExpression(initializer)) && isActivityContext(initializer);
}
