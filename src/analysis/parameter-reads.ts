/**
 * What a function of the project does with a value it is handed, for call-sites.ts: the calls it
 * makes of the function found at a path inside that value (`config.onStart(…)` for `onStart`,
 * `config.states[name].fn(…)` for `states.review.fn`), when that is all it can do with it. Every use
 * of the parameter, and of each part of it on the way to the function (read into a `const`, as a
 * state-machine driver does with `const state = config.states[name]`), only reads a member (a
 * computed key may be any key), is tested for truthiness, or, at the end of the path, is called.
 * Anything else (passed on, stored, returned, spread, destructured, written, reached through
 * `arguments`) may call it where wfo cannot see.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import type { FunctionNode } from './message-handlers.js';
import { forEachDescendant, referenceRole, stringValue } from './syntax.js';

/** How many `const`s a part of the value is followed through. */
const MAX_ALIASES = 4;

/** The calls `fn` makes of what its parameter `parameter` holds at `path`; undefined when the value may go elsewhere. */
export function callsThrough(fn: FunctionNode, parameter: string, path: readonly string[]): TS.CallExpression[] | undefined {
  if (!fn.body || mentionsArguments(fn.body)) return undefined;
  const calls: TS.CallExpression[] = [];
  return usesOnlyRead(fn.body, parameter, path, calls, 0) ? calls : undefined;
}

/** Every value use of `name` in `scope` reads the way to `path`, collecting the calls at its end. */
function usesOnlyRead(scope: TS.Node, name: string, path: readonly string[], calls: TS.CallExpression[], aliases: number): boolean {
  let only = true;
  forEachDescendant(scope, (id) => {
    if (only && ts.isIdentifier(id) && id.text === name && referenceRole(id) === 'value') only = readsOnly(id, path, calls, aliases);
  });
  return only;
}

function readsOnly(node: TS.Expression, path: readonly string[], calls: TS.CallExpression[], aliases: number): boolean {
  let outer: TS.Node = node;
  while (ts.isParenthesizedExpression(outer.parent) || ts.isNonNullExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  if (path.length === 0) {
    if (ts.isCallExpression(parent) && parent.expression === outer) calls.push(parent);
    else return isTest(outer);
    return true;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) return parent.name.text !== path[0] || readsOnly(parent, path.slice(1), calls, aliases);
  if (ts.isElementAccessExpression(parent) && parent.expression === outer) {
    const key = stringValue(parent.argumentExpression);
    return (key !== undefined && key !== path[0]) || readsOnly(parent, path.slice(1), calls, aliases);
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name) && aliases < MAX_ALIASES) {
    const list = parent.parent;
    if (ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0) return usesOnlyRead(list.parent.parent, parent.name.text, path, calls, aliases + 1);
  }
  return isTest(outer);
}

/** A value only tested for truthiness: an `if`/`?:` condition, `!x`, the left of `&&` (`||` may give it back), `typeof x`. */
function isTest(node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isIfStatement(parent) || ts.isConditionalExpression(parent)) return (ts.isIfStatement(parent) ? parent.expression : parent.condition) === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isTypeOfExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
}

function mentionsArguments(body: TS.Node): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    found ||= ts.isIdentifier(node) && node.text === 'arguments';
  });
  return found;
}
