/**
 * Which functions of an activity module are activities, as a worker registers them: the module's
 * exported functions (`export function`, `export const f = …`, or listed in `export { f }` /
 * `export default f`), the methods and functions of the object an exported factory returns
 * (`createActivities(deps)`) or an exported `const` holds, and the methods of an exported class
 * (`activities: new OrderActivities(db)`, NestJS Temporal's decorated classes). Syntax and the
 * module's summary only.
 */
import type { ts as TS } from 'ts-morph';
import type { SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from './message-handlers.js';
import { unwrapExpression } from './syntax.js';

/** The activity that `node` is directly in (the nearest enclosing function, when that is an activity). */
export function enclosingActivity(node: TS.Node, module: SourceModule): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return isActivity(current, module) ? current : undefined;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isConstructorDeclaration(current) || ts.isGetAccessor(current) || ts.isSetAccessor(current)) return undefined;
  }
  return undefined;
}

function isActivity(fn: FunctionNode, module: SourceModule): boolean {
  const exported = (name: string | undefined): boolean => name !== undefined && module.summary.calls.exports.some((e) => e.local === name);
  const topLevel = topLevelName(fn);
  if (topLevel !== undefined) return exported(topLevel);
  // A method of an exported class (not static, not private).
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent)) {
    const modifiers = ts.getModifiers(fn) ?? [];
    const hidden = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) || ts.isPrivateIdentifier(fn.name);
    return !hidden && ts.isSourceFile(fn.parent.parent) && exported(fn.parent.name?.text ?? 'default');
  }
  // A method or function-valued property of an object literal.
  const object = objectHolding(fn);
  if (object) return isActivityObject(object, exported);
  // A function declared in a factory, which the object it returns names (`return { charge }`).
  const name = localName(fn);
  const factory = name === undefined ? undefined : enclosingFunction(fn);
  return factory !== undefined && exported(topLevelName(factory)) && returnedObjects(factory).some((o) => namesValue(o, name!));
}

/** The object an exported factory returns, or an exported `const` holds. */
function isActivityObject(object: TS.ObjectLiteralExpression, exported: (name: string | undefined) => boolean): boolean {
  let holder: TS.Node = object.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && isTopLevelDeclaration(holder)) return exported(holder.name.text);
  const factory = ts.isReturnStatement(holder) ? enclosingFunction(holder) : isFunctionNode(holder) && holder.body !== undefined && unwrapExpression(holder.body as TS.Expression) === object ? holder : undefined;
  return factory !== undefined && exported(topLevelName(factory));
}

/** The name a module-level function is declared under (`function f`, `const f = () => …`). */
function topLevelName(fn: FunctionNode): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return ts.isSourceFile(fn.parent) ? (fn.name?.text ?? 'default') : undefined;
  let holder: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && isTopLevelDeclaration(holder)) return holder.name.text;
  if (ts.isExportAssignment(holder)) return 'default';
  return undefined;
}

/** The name a function declared inside another function has there. */
function localName(fn: FunctionNode): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const holder = fn.parent;
  return ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

function isTopLevelDeclaration(declaration: TS.VariableDeclaration): boolean {
  return ts.isVariableStatement(declaration.parent.parent) && ts.isSourceFile(declaration.parent.parent.parent);
}

function objectHolding(fn: FunctionNode): TS.ObjectLiteralExpression | undefined {
  if (ts.isMethodDeclaration(fn)) return ts.isObjectLiteralExpression(fn.parent) ? fn.parent : undefined;
  let holder: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder)) holder = holder.parent;
  return ts.isPropertyAssignment(holder) && ts.isObjectLiteralExpression(holder.parent) ? holder.parent : undefined;
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** The object literals a function returns (its expression body, or `return { … }` in its own body). */
function returnedObjects(fn: FunctionNode): TS.ObjectLiteralExpression[] {
  const objects: TS.ObjectLiteralExpression[] = [];
  const add = (expression: TS.Expression | undefined): void => {
    const value = expression && unwrapExpression(expression);
    if (value && ts.isObjectLiteralExpression(value)) objects.push(value);
  };
  if (fn.body && !ts.isBlock(fn.body)) add(fn.body);
  else
    forEachInBody(fn, (node) => {
      if (ts.isReturnStatement(node)) add(node.expression);
    });
  return objects;
}

/** `{ charge }` or `{ pay: charge }`. */
function namesValue(object: TS.ObjectLiteralExpression, name: string): boolean {
  return object.properties.some((p) => (ts.isShorthandPropertyAssignment(p) && p.name.text === name) || (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrapExpression(p.initializer)) && (unwrapExpression(p.initializer) as TS.Identifier).text === name));
}
