/**
 * What the command sequence knows about local names while it follows a workflow: a helper's
 * parameter bound to the callback its caller passed (`withAudit('charge', () => charge())`) or to an
 * object of activities and callbacks (`processOne({ deps: { charge, search: () => … } })`), a list
 * of functions registered to run later (a saga's compensations: `compensations.unshift(() => undo())`),
 * and a loop variable that runs over such a list (`for (const c of compensations) await c.fn()`).
 * Syntax only: names are looked up in a chain of scopes, one per function followed.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from '../analysis/message-handlers.js';
import { unwrapExpression } from '../analysis/syntax.js';
import { constInitializer } from '../analysis/temporal-calls.js';

/** A function to run later, with the scope it was written in. */
export interface Deferred {
  readonly fn: FunctionNode;
  readonly scope: Scope;
}

export type Binding =
  | { readonly kind: 'function'; readonly fn: FunctionNode; readonly scope: Scope }
  /** Functions registered to run later, in the list's order (`unshift` puts one first). */
  | { readonly kind: 'list'; readonly entries: Deferred[] }
  /** The variable of a loop over a list: calling it (or a member of it) runs every entry, in turn. */
  | { readonly kind: 'element'; readonly list: Extract<Binding, { kind: 'list' }>; readonly reversed: boolean }
  /**
   * What a caller passed for a name, read in the scope it was written in: an object literal
   * (`deps: { charge, search: () => … }`), or a member of one (`const { charge } = deps`).
   */
  | { readonly kind: 'value'; readonly expression: TS.Expression; readonly scope: Scope };

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(private readonly parent?: Scope) {}

  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }

  set(name: string, binding: Binding | undefined): void {
    if (binding) this.names.set(name, binding);
    else this.names.delete(name);
  }

  /** The list `name` holds, made on first use in this scope. */
  list(name: string): Extract<Binding, { kind: 'list' }> {
    const found = this.get(name);
    if (found?.kind === 'list') return found;
    const list = { kind: 'list' as const, entries: [] };
    this.names.set(name, list);
    return list;
  }

  child(): Scope {
    return new Scope(this);
  }
}

/**
 * What a name or a member chain of an object binding stands for (`deps`, `args.deps.charge`): the
 * expression the caller wrote there, with the scope to read it in. A name bound to a function or a
 * list is not an expression: it is `scope.get`'s.
 */
export function boundExpression(expression: TS.Expression, scope: Scope, depth = 0): { expression: TS.Expression; scope: Scope } | undefined {
  const target = unwrapExpression(expression);
  if (depth > 8) return undefined;
  if (ts.isIdentifier(target)) {
    const binding = scope.get(target.text);
    return binding?.kind === 'value' ? { expression: binding.expression, scope: binding.scope } : undefined;
  }
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const owner = boundExpression(target.expression, scope, depth + 1);
  const literal = owner && unwrapExpression(owner.expression);
  if (!owner || !literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  const member = memberOf(literal, target.name.text);
  if (!member) return undefined;
  // A name the caller itself had bound (a callback or object passed on again) is followed there.
  return (ts.isIdentifier(member) && boundExpression(member, owner.scope, depth + 1)) || { expression: member, scope: owner.scope };
}

/** The expression an object literal gives `name`: `name: value` or `{ name }`. */
export function memberOf(literal: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
  for (const property of literal.properties) {
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/**
 * Binds the names of `{ a, b: c, d: { e } }` in `into` to the members of the object `source` holds
 * (an object literal, or a name bound to one): what `const { deps } = args` and a destructured
 * parameter see.
 */
export function bindPattern(pattern: TS.ObjectBindingPattern, source: { expression: TS.Expression; scope: Scope }, into: Scope): void {
  const literal = unwrapExpression(source.expression);
  if (!ts.isObjectLiteralExpression(literal)) return;
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key)) continue;
    const member = memberOf(literal, key.text);
    if (!member) continue;
    const value = (ts.isIdentifier(member) && boundExpression(member, source.scope)) || { expression: member, scope: source.scope };
    if (ts.isObjectBindingPattern(element.name)) bindPattern(element.name, value, into);
    else if (ts.isIdentifier(element.name)) into.set(element.name.text, bindingOf(value));
  }
}

/** A function stands for itself (it runs when called); anything else is a value read where it was written. */
export function bindingOf(value: { expression: TS.Expression; scope: Scope }): Binding {
  const target = unwrapExpression(value.expression);
  if (isFunctionNode(target)) return { kind: 'function', fn: target, scope: value.scope };
  if (ts.isIdentifier(target)) {
    const bound = value.scope.get(target.text);
    if (bound) return bound;
  }
  return { kind: 'value', expression: value.expression, scope: value.scope };
}

/** Array methods that return the same elements in another order (or a copy): a loop over them has as many turns. */
const REORDERING_METHODS = new Set(['reverse', 'toReversed', 'sort', 'toSorted', 'slice']);
const REVERSING_METHODS = new Set(['reverse', 'toReversed']);

/**
 * The list binding a loop's collection iterates, and whether in reverse:
 * `compensations`, `compensations.reverse()`, `[...compensations].reverse()`.
 */
export function iteratedList(collection: TS.Expression, scope: Scope): { list: Extract<Binding, { kind: 'list' }>; reversed: boolean } | undefined {
  let target = unwrapExpression(collection);
  let reversed = false;
  for (;;) {
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && REORDERING_METHODS.has(target.expression.name.text)) {
      if (REVERSING_METHODS.has(target.expression.name.text)) reversed = !reversed;
      target = unwrapExpression(target.expression.expression);
    } else if (ts.isArrayLiteralExpression(target) && target.elements.length === 1 && ts.isSpreadElement(target.elements[0]!)) {
      target = unwrapExpression(target.elements[0].expression);
    } else break;
  }
  if (!ts.isIdentifier(target)) return undefined;
  const binding = scope.get(target.text);
  return binding?.kind === 'list' ? { list: binding, reversed } : undefined;
}

/**
 * The functions an argument of `list.push(…)` registers: a function, a name bound to one, or an
 * object literal holding them (`{ message, fn: () => undo() }`).
 */
export function registeredFunctions(argument: TS.Expression, scope: Scope): Deferred[] {
  const target = unwrapExpression(argument);
  if (isFunctionNode(target)) return [{ fn: target, scope }];
  if (ts.isIdentifier(target)) {
    const bound = scope.get(target.text);
    if (bound?.kind === 'function') return [{ fn: bound.fn, scope: bound.scope }];
    return [];
  }
  if (!ts.isObjectLiteralExpression(target)) return [];
  return target.properties.flatMap((property) => {
    if (ts.isPropertyAssignment(property)) return registeredFunctions(property.initializer, scope);
    if (ts.isShorthandPropertyAssignment(property)) return registeredFunctions(property.name, scope);
    return ts.isMethodDeclaration(property) ? [{ fn: property, scope }] : [];
  });
}

/** Calls that give an array of the same length as the one they are called on. */
const SAME_LENGTH_METHODS = new Set(['map', 'reverse', 'toReversed', 'sort', 'toSorted']);

/**
 * What decides how many turns a loop over `collection` makes, as text: the collection itself, or
 * the one it was made from element by element (`xs.map(…)`, `[...xs]`, a list filled by one `push`
 * per turn of a loop over `xs`). Two loops with the same answer make the same number of turns.
 */
export function collectionKey(collection: TS.Expression, depth = 0): string {
  const target = unwrapExpression(collection);
  if (depth < 4) {
    if (ts.isIdentifier(target)) {
      const initializer = constInitializer(target);
      if (initializer && !isEmptyArray(initializer)) return collectionKey(initializer, depth + 1);
      const source = filledOncePerTurn(target);
      if (source) return collectionKey(source, depth + 1);
    }
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)) {
      const method = target.expression.name.text;
      if (SAME_LENGTH_METHODS.has(method) || (method === 'slice' && target.arguments.length === 0)) return collectionKey(target.expression.expression, depth + 1);
    }
    if (ts.isArrayLiteralExpression(target) && target.elements.length === 1 && ts.isSpreadElement(target.elements[0]!)) return collectionKey(target.elements[0].expression, depth + 1);
  }
  return target.getText().replace(/\s+/g, ' ').trim();
}

function isEmptyArray(expression: TS.Expression): boolean {
  const target = unwrapExpression(expression);
  return ts.isArrayLiteralExpression(target) && target.elements.length === 0;
}

/**
 * `const xs = []; for (const a of as) { …; xs.push(one); … }` with no other change to `xs`: the
 * collection (`as`) whose turns fill it, one element each.
 */
function filledOncePerTurn(identifier: TS.Identifier): TS.Expression | undefined {
  const declaration = localArrayDeclaration(identifier);
  if (!declaration) return undefined;
  const scope = enclosingFunctionBody(declaration);
  if (!scope) return undefined;
  let push: TS.CallExpression | undefined;
  let other = false;
  const visit = (node: TS.Node): void => {
    if (other) return;
    if (ts.isIdentifier(node) && node.text === identifier.text && node !== declaration.name) {
      const parent = node.parent;
      const method = ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent ? parent.name.text : undefined;
      const call = method === undefined ? undefined : (parent.parent as TS.CallExpression);
      if (call && method === 'push' && !push && call.arguments.length === 1 && !ts.isSpreadElement(call.arguments[0]!)) push = call;
      else if (method !== undefined ? MUTATING_METHODS.has(method) : ts.isBinaryExpression(parent) && parent.left === node) other = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  if (other || !push) return undefined;
  // The push is a statement of the loop's own body, so it runs once per turn.
  const statement = push.parent;
  if (!ts.isExpressionStatement(statement)) return undefined;
  const body = ts.isBlock(statement.parent) ? statement.parent.parent : statement.parent;
  return ts.isForOfStatement(body) && (body.statement === statement || body.statement === statement.parent) ? body.expression : undefined;
}

const MUTATING_METHODS = new Set(['push', 'unshift', 'pop', 'shift', 'splice', 'fill', 'copyWithin']);

function localArrayDeclaration(identifier: TS.Identifier): TS.VariableDeclaration & { name: TS.Identifier } | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    if (!ts.isBlock(node)) continue;
    for (const statement of node.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === identifier.text)
          return declaration.initializer && isEmptyArray(declaration.initializer) ? (declaration as TS.VariableDeclaration & { name: TS.Identifier }) : undefined;
    }
  }
  return undefined;
}

function enclosingFunctionBody(node: TS.Node): TS.Node | undefined {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current.body;
  return undefined;
}
