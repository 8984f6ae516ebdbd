/**
 * Code in a workflow module that never runs in the sandbox: the single-file pattern
 * `if (!inWorkflowContext()) { main() }`, and functions that only such code calls.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { calleeName, forEachDescendant, unwrapExpression } from './syntax.js';

const GUARD = 'inWorkflowContext';
const referencesByFile = new WeakMap<TS.SourceFile, Map<string, TS.Identifier[]>>();
const hostOnlyFunctions = new WeakMap<TS.Node, boolean>();
const mentionsGuard = new WeakMap<TS.SourceFile, boolean>();

export function isHostOnly(node: TS.Node): boolean {
  const sourceFile = node.getSourceFile();
  let mentions = mentionsGuard.get(sourceFile);
  if (mentions === undefined) {
    mentions = sourceFile.text.includes(GUARD);
    mentionsGuard.set(sourceFile, mentions);
  }
  return mentions && isHostOnlyIn(node, sourceFile, new Set());
}

function isHostOnlyIn(node: TS.Node, sourceFile: TS.SourceFile, visiting: Set<TS.Node>): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      if (child === parent.thenStatement && isGuard(parent.expression, false)) return true;
      if (child === parent.elseStatement && isGuard(parent.expression, true)) return true;
    }
    if (ts.isConditionalExpression(parent)) {
      if (child === parent.whenTrue && isGuard(parent.condition, false)) return true;
      if (child === parent.whenFalse && isGuard(parent.condition, true)) return true;
    }
    if (ts.isBinaryExpression(parent) && child === parent.right && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && isGuard(parent.left, false)) return true;
    const name = functionName(parent);
    if (name) return isHostOnlyFunction(parent, name, sourceFile, visiting);
  }
  return false;
}

/** `!inWorkflowContext()` (or, with `positive`, `inWorkflowContext()`). */
function isGuard(condition: TS.Expression, positive: boolean): boolean {
  let expression = unwrapExpression(condition);
  if (!positive) {
    if (!ts.isPrefixUnaryExpression(expression) || expression.operator !== ts.SyntaxKind.ExclamationToken) return false;
    expression = unwrapExpression(expression.operand);
  }
  return ts.isCallExpression(expression) && calleeName(expression) === GUARD;
}

/** The name a function is called by: `function f` or `const f = () => …`; undefined for others. */
function functionName(node: TS.Node): TS.Identifier | undefined {
  if (ts.isFunctionDeclaration(node)) return node.name;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name;
  return undefined;
}

function isHostOnlyFunction(fn: TS.Node, name: TS.Identifier, sourceFile: TS.SourceFile, visiting: Set<TS.Node>): boolean {
  const known = hostOnlyFunctions.get(fn);
  if (known !== undefined) return known;
  if (visiting.has(fn)) return true; // a recursive call adds no caller of its own
  visiting.add(fn);
  const uses = (referencesIn(sourceFile).get(name.text) ?? []).filter((id) => id !== name);
  const result = uses.length > 0 && !isExported(fn) && uses.every((id) => isHostOnlyIn(id, sourceFile, visiting));
  visiting.delete(fn);
  hostOnlyFunctions.set(fn, result);
  return result;
}

function isExported(fn: TS.Node): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent.parent;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function referencesIn(sourceFile: TS.SourceFile): Map<string, TS.Identifier[]> {
  let index = referencesByFile.get(sourceFile);
  if (!index) {
    const built = new Map<string, TS.Identifier[]>();
    forEachDescendant(sourceFile, (node) => {
      if (!ts.isIdentifier(node)) return;
      const list = built.get(node.text);
      if (list) list.push(node);
      else built.set(node.text, [node]);
    });
    index = built;
    referencesByFile.set(sourceFile, index);
  }
  return index;
}
