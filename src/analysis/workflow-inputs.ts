/**
 * Where a value in workflow code comes from when it is a function's parameter, and whether that
 * function is a module's exported entry point (a workflow's input, whose size its caller decides).
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from './message-handlers.js';
import { isDeclaredInScope } from './syntax.js';

/** The function one of whose parameters `identifier` names; undefined when a closer scope binds it. */
export function parameterOwner(identifier: TS.Identifier): FunctionNode | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    if (!isFunctionNode(node)) continue;
    if (node.parameters.some((p) => bindsName(p.name, identifier.text))) return node;
    if (isDeclaredInScope(identifier.text, identifier, node)) return undefined;
  }
  return undefined;
}

function bindsName(name: TS.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, text));
}

/** `export function f` or `export const f = …` at the top of its module. */
export function isExportedTopLevel(fn: FunctionNode): boolean {
  const exported = (node: TS.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(fn)) return ts.isSourceFile(fn.parent) && exported(fn);
  const declaration = fn.parent;
  if (!ts.isVariableDeclaration(declaration)) return false;
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) && exported(statement);
}
