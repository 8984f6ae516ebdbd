/**
 * Recognises uses of host globals: `fetch(…)` or `globalThis.fetch(…)` where no local binding
 * named `fetch` is in scope, excluding the forms that are safe even when the global is missing.
 */
import type { ts as TS } from 'ts-morph';
import { GLOBAL_OBJECT_NAMES } from '../domain/workflow-sandbox.js';
import { ts } from '../ts.js';
import { isHostOnly } from './host-only.js';
import { isDeclaredInScope, referenceRole, unwrapExpression } from './syntax.js';

export interface GlobalUse {
  readonly name: string;
  /** The node to report: the identifier, or the whole `globalThis.x` access. */
  readonly node: TS.Node;
}

/**
 * For an Identifier or PropertyAccessExpression node, the global it uses at run time, if it is
 * one of `names`. `typeof x` and uses guarded by `typeof x !== 'undefined'` are safe and skipped.
 */
export function globalUse(node: TS.Node, names: ReadonlySet<string> | ReadonlyMap<string, unknown>): GlobalUse | undefined {
  if (ts.isIdentifier(node)) {
    if (!names.has(node.text) || referenceRole(node) !== 'value') return undefined;
    // `globalThis.fetch` is reported once, for the property access.
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return undefined;
    if (isDeclaredInScope(node.text, node) || isSafeTypeofUse(node, node.text) || isHostOnly(node)) return undefined;
    return { name: node.text, node };
  }
  if (ts.isPropertyAccessExpression(node) && names.has(node.name.text)) {
    const target = unwrapExpression(node.expression);
    if (!ts.isIdentifier(target) || !GLOBAL_OBJECT_NAMES.has(target.text) || isDeclaredInScope(target.text, target)) return undefined;
    if (isSafeTypeofUse(node, node.name.text) || isHostOnly(node)) return undefined;
    return { name: node.name.text, node };
  }
  return undefined;
}

/** `typeof x`, or a use inside `if (typeof x !== 'undefined') …` / `typeof x === 'function' && x()` / a ternary. */
function isSafeTypeofUse(node: TS.Node, name: string): boolean {
  if (ts.isTypeOfExpression(node.parent)) return true;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.thenStatement === child && testsTypeof(parent.expression, name)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === child && testsTypeof(parent.condition, name)) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child && testsTypeof(parent.left, name)) return true;
    if (ts.isFunctionLike(parent)) return false;
  }
  return false;
}

function testsTypeof(condition: TS.Expression, name: string): boolean {
  let found = false;
  const pending: TS.Node[] = [condition];
  while (pending.length && !found) {
    const node = pending.pop()!;
    if (ts.isTypeOfExpression(node)) {
      const operand = unwrapExpression(node.expression);
      found = (ts.isIdentifier(operand) && operand.text === name) || (ts.isPropertyAccessExpression(operand) && operand.name.text === name);
    } else ts.forEachChild(node, (c) => void pending.push(c));
  }
  return found;
}
