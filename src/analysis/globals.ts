/**
 * Recognises uses of host globals: `fetch(…)` or `globalThis.fetch(…)` where no local binding
 * named `fetch` is in scope, excluding the forms that are safe even when the global is missing.
 */
import type { ts as TS } from 'ts-morph';
import { GLOBAL_OBJECT_NAMES } from '../domain/workflow-sandbox.js';
import { ts } from '../ts.js';
import { equality, runsOnlyOutsideWorkflow, runsOnlyWhereDefined } from './sandbox-guards.js';
import { isDeclaredInScope, referenceRole, unwrapExpression } from './syntax.js';

export interface GlobalUse {
  readonly name: string;
  /** The node to report: the identifier, or the whole `globalThis.x` access. */
  readonly node: TS.Node;
}

/**
 * How the sandbox has the globals looked for: `missing` ones (process, fetch) are safe behind a
 * check that they are defined; `throwing` ones (WeakRef) are defined, so only code that never runs
 * in a workflow is safe.
 */
export type SandboxAbsence = 'missing' | 'throwing';

/**
 * For an Identifier or PropertyAccessExpression node, the global it uses at run time, if it is
 * one of `names`. `typeof x`, installing `globalThis.x = …`, and guarded code are skipped.
 */
export function globalUse(node: TS.Node, names: ReadonlySet<string> | ReadonlyMap<string, unknown>, absence: SandboxAbsence): GlobalUse | undefined {
  if (ts.isIdentifier(node)) {
    if (!names.has(node.text) || referenceRole(node) !== 'value') return undefined;
    // `globalThis.fetch` is reported once, for the property access.
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return undefined;
    if (isDeclaredInScope(node.text, node) || ts.isTypeOfExpression(node.parent) || isGuarded(node, node.text, absence)) return undefined;
    return { name: node.text, node };
  }
  if (ts.isPropertyAccessExpression(node) && names.has(node.name.text)) {
    const target = unwrapExpression(node.expression);
    if (!ts.isIdentifier(target) || !GLOBAL_OBJECT_NAMES.has(target.text) || isDeclaredInScope(target.text, target)) return undefined;
    if (isOnlyTested(node, absence) || isInstalled(node) || isGuarded(node, node.name.text, absence)) return undefined;
    return { name: node.name.text, node };
  }
  return undefined;
}

function isGuarded(node: TS.Node, name: string, absence: SandboxAbsence): boolean {
  return absence === 'missing' ? runsOnlyWhereDefined(node, name) : runsOnlyOutsideWorkflow(node);
}

/**
 * `globalThis.x = …`, `globalThis.x ??= …`: installing a global (a polyfill) is not using it.
 * Source of the shape: the SDK's own global-overrides.ts, `global.WeakRef = function () {…}`.
 */
function isInstalled(access: TS.PropertyAccessExpression): boolean {
  let node: TS.Node = access;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!ts.isBinaryExpression(parent) || parent.left !== node) return false;
  const operator = parent.operatorToken.kind;
  return operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken;
}

/**
 * A missing global read through the global object is only `undefined`: `typeof globalThis.x`,
 * `!globalThis.x`, `globalThis.x ?? fallback`, `globalThis.x?.()` and `globalThis.x === undefined`
 * test it without using it.
 */
function isOnlyTested(access: TS.PropertyAccessExpression, absence: SandboxAbsence): boolean {
  let node: TS.Node = access;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isTypeOfExpression(parent)) return true;
  if (absence === 'throwing') return false;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node) return parent.questionDotToken !== undefined;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === node;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (!ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  const testsLeft = operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken;
  return (testsLeft && parent.left === node) || equality(operator) !== undefined;
}
