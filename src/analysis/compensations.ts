/**
 * Saga compensations in workflow code: where they are registered (`list.push(() => undo())`,
 * `unshift`, `splice`, a function of the file that does one of those with its argument, a
 * `saga.addCompensation(() => …)` method) and where the list is run (loops over it, here or in a
 * function of the file it is handed to, or `saga.compensate()`). Syntax only.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, forEachInBody, isFunctionNode, resolveFunction } from './message-handlers.js';
import { forEachDescendant, unwrapExpression } from './syntax.js';
import { durableStep } from './temporal-calls.js';

/** Names that say a list, a method or a helper is about compensations. */
const COMPENSATION_NAME = /compensat|undo|rollback|revert/i;

/** A method that registers a compensation (`addCompensation`, `registerUndo`, `pushRollback`…), as opposed to one that runs them. */
const REGISTERING_METHOD = /^(add|register|push|unshift|on|with)[A-Z_]?\w*(compensat|undo|rollback|revert)/i;

export type Order = 'forward' | 'backward' | 'unknown';

export interface Registration {
  /** What the compensations are held in: the list's text (`compensations`, `this.undo`), or `saga.addCompensation` for a method. */
  readonly list: string;
  /** How they are added: `push`/`unshift` fix the run order a loop must have; the others do not. */
  readonly method: 'push' | 'unshift' | 'splice' | 'method';
  /** The receiver of a registering method (`saga`), whose compensating methods run the list. */
  readonly receiver?: string;
}

/**
 * The compensation `call` registers: `list.push(() => undo())`, `list.unshift({ fn: () => undo() })`,
 * `list.splice(0, 0, () => undo())` where the list holds compensations (its name says so, or a
 * registered function calls an activity or child workflow); `addUndo(() => undo())` for a function
 * of the file that registers its argument so; `saga.addCompensation(() => undo())`.
 */
export function compensationRegistration(call: TS.CallExpression): Registration | undefined {
  // Two rules ask it of every call of workflow code that is handed a function.
  if (registrations.has(call)) return registrations.get(call);
  const found = registrationOf(call);
  registrations.set(call, found);
  return found;
}

const registrations = new WeakMap<TS.CallExpression, Registration | undefined>();

function registrationOf(call: TS.CallExpression): Registration | undefined {
  const closures = closuresIn(call.arguments);
  if (!closures) return undefined;
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method === 'push' || method === 'unshift' || method === 'splice') {
      const list = listKey(callee.expression);
      if (!list || (!COMPENSATION_NAME.test(list) && !closures.some(callsDurableStep))) return undefined;
      return { list, method };
    }
    const receiver = listKey(callee.expression);
    return receiver && REGISTERING_METHOD.test(method) ? { list: `${receiver}.${method}`, method: 'method', receiver } : undefined;
  }
  // A helper of the file registers with push, unshift or splice: a file that calls none has no such helper.
  const helper = addsToLists(call.getSourceFile()) ? resolveFunction(callee) : undefined;
  return helper ? registeredByHelper(helper, call, closures) : undefined;
}

const listWrites = new WeakMap<TS.SourceFile, boolean>();

/** Whether the file's text calls `push`, `unshift` or `splice` anywhere (once per file). */
function addsToLists(sourceFile: TS.SourceFile): boolean {
  let found = listWrites.get(sourceFile);
  if (found === undefined) listWrites.set(sourceFile, (found = /\.\s*(push|unshift|splice)\s*\(/.test(sourceFile.text)));
  return found;
}

/** A function of the file that registers the function it is given: `const addUndo = (fn) => undo.unshift(fn)`. */
function registeredByHelper(helper: FunctionNode, call: TS.CallExpression, closures: FunctionNode[]): Registration | undefined {
  const index = call.arguments.findIndex((a) => closuresOf(a).length > 0);
  const parameter = helper.parameters[index]?.name;
  if (!parameter || !ts.isIdentifier(parameter)) return undefined;
  let found: Registration | undefined;
  forEachInBody(helper, (node) => {
    if (found || !ts.isCallExpression(node) || !node.arguments.some((a) => isName(a, parameter.text))) return;
    const callee = unwrapExpression(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const list = listKey(callee.expression);
    if (!list || (method !== 'push' && method !== 'unshift' && method !== 'splice')) return;
    const name = ts.isFunctionDeclaration(helper) ? helper.name?.text ?? '' : '';
    if (COMPENSATION_NAME.test(list) || COMPENSATION_NAME.test(name) || COMPENSATION_NAME.test(call.expression.getText()) || closures.some(callsDurableStep)) found = { list, method };
  });
  return found;
}

/** `compensations`, `this.compensations`, `saga.steps`: an identifier or a short member chain. */
function listKey(expression: TS.Expression): string | undefined {
  const target = unwrapExpression(expression);
  if (ts.isIdentifier(target)) return target.text;
  if (target.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(target)) {
    const base = listKey(target.expression);
    return base && `${base}.${target.name.text}`;
  }
  return undefined;
}

/**
 * The functions a call's arguments register, in order; undefined when there are none (most calls:
 * this is asked of every call in workflow code, so nothing is allocated for them).
 */
function closuresIn(args: readonly TS.Expression[]): FunctionNode[] | undefined {
  let closures: FunctionNode[] | undefined;
  for (const argument of args) {
    const target = unwrapExpression(argument);
    if (!isFunctionNode(target) && !ts.isObjectLiteralExpression(target)) continue;
    const found = closuresOf(target);
    if (found.length) (closures ??= []).push(...found);
  }
  return closures;
}

/** The functions an argument registers: itself, or the function-valued properties of an object. */
function closuresOf(argument: TS.Expression): FunctionNode[] {
  const target = unwrapExpression(argument);
  if (isFunctionNode(target)) return [target];
  if (!ts.isObjectLiteralExpression(target)) return [];
  return target.properties.flatMap((property): FunctionNode[] => {
    if (ts.isMethodDeclaration(property)) return [property];
    if (ts.isPropertyAssignment(property)) {
      const value = unwrapExpression(property.initializer);
      return isFunctionNode(value) ? [value] : [];
    }
    return [];
  });
}

function callsDurableStep(fn: FunctionNode): boolean {
  let found = false;
  forEachInBody(fn, (node) => {
    if (!found && ts.isCallExpression(node) && (durableStep(node) === 'activity' || durableStep(node) === 'child')) found = true;
  });
  return found;
}

/** Where a list of compensations is run, and how it is entered from the function that owns the list. */
export interface CompensationRun {
  /** The loop's iterated expression, `list.forEach`, or the compensating call (`saga.compensate()`). */
  readonly node: TS.Node;
  readonly order: Order;
  /** The node in the owning function that leads to the run: the run itself, or the call handing the list on. */
  readonly entry: TS.Node;
}

/** Runs of `registration`'s list in `owner`, following calls that hand the list to another function of the file. */
export function compensationRuns(owner: FunctionNode, registration: Registration): CompensationRun[] {
  const runs: CompensationRun[] = [];
  if (registration.method === 'method') {
    forEachInBody(owner, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && listKey(callee.expression) === registration.receiver && COMPENSATION_NAME.test(callee.name.text) && !REGISTERING_METHOD.test(callee.name.text))
        runs.push({ node, order: 'unknown', entry: node });
    });
    return runs;
  }
  collectRuns(owner, registration.list, runs, new Set(), undefined);
  return runs;
}

function collectRuns(fn: FunctionNode, list: string, runs: CompensationRun[], seen: Set<TS.Node>, entry: TS.Node | undefined): void {
  if (seen.has(fn)) return;
  seen.add(fn);
  const reversed = reversesInPlace(fn, list);
  forEachInBody(fn, (node) => {
    if (ts.isForOfStatement(node)) {
      const order = iterationOrder(node.expression, list);
      if (order) runs.push({ node: node.expression, order: reversed && order !== 'unknown' ? flip(order) : order, entry: entry ?? node });
    } else if (ts.isForStatement(node) && node.condition && mentions(node.condition, `${list}.length`)) {
      const init = node.initializer?.getText() ?? '';
      runs.push({ node: node.condition, order: /length\s*-\s*1/.test(init) ? 'backward' : /=\s*0\b/.test(init) ? (reversed ? 'backward' : 'forward') : 'unknown', entry: entry ?? node });
    } else if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'forEach' && listKey(callee.expression) === list) {
        runs.push({ node: callee, order: reversed ? 'backward' : 'forward', entry: entry ?? node });
      }
      node.arguments.forEach((argument, index) => {
        if (listKey(argument) !== list) return;
        const target = resolveFunction(node.expression);
        const parameter = target?.parameters[index]?.name;
        if (target && parameter && ts.isIdentifier(parameter)) collectRuns(target, parameter.text, runs, seen, entry ?? node);
      });
    }
  });
}

/** `for (… of list)` is forward; `list.slice().reverse()`, `[...list].reverse()`, `list.toReversed()` backward. */
function iterationOrder(expression: TS.Expression, list: string): Order | undefined {
  const target = unwrapExpression(expression);
  if (listKey(target) === list) return 'forward';
  const text = target.getText().replace(/\s+/g, '');
  // The list's name, not a member of the same name (`this.undo` is another list than `undo`; `[...undo]` is this one).
  if (!new RegExp(`(?<![\\w$])(?<![\\w$)\\]]\\.)${list.replace(/[.$]/g, '\\$&')}\\b`).test(text)) return undefined;
  if (/\.(reverse|toReversed)\(\)$/.test(text)) return 'backward';
  return 'unknown';
}

/** `list.reverse();` as a statement before the loop turns the list around. */
function reversesInPlace(fn: FunctionNode, list: string): boolean {
  let found = false;
  forEachInBody(fn, (node) => {
    if (ts.isExpressionStatement(node) && node.expression.getText().replace(/\s+/g, '') === `${list}.reverse()`) found = true;
  });
  return found;
}

function flip(order: Order): Order {
  return order === 'forward' ? 'backward' : order === 'backward' ? 'forward' : order;
}

function isName(expression: TS.Expression, name: string): boolean {
  const target = unwrapExpression(expression);
  return ts.isIdentifier(target) && target.text === name;
}

function mentions(node: TS.Node, text: string): boolean {
  return node.getText().replace(/\s+/g, '').includes(text);
}

/** The awaited activity or child workflow in a statement, outside function literals. */
export function awaitsStep(statement: TS.Statement): boolean {
  if (ts.isExpressionStatement(statement) && isFunctionNode(unwrapExpression(statement.expression))) return false;
  let found = false;
  forEachDescendant(statement, (node) => {
    if (found || !ts.isAwaitExpression(node)) return;
    const awaited = unwrapExpression(node.expression);
    if (ts.isCallExpression(awaited) && (durableStep(awaited) === 'activity' || durableStep(awaited) === 'child')) found = true;
  });
  return found;
}
