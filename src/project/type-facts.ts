/**
 * Whether a module's own type declarations can matter to the rules that read payload types
 * (values-the-json-converter-changes): decided from the tree the model parses anyway, so a rule
 * that follows an imported type into a module whose types are plain data needs not parse it again.
 */
import type { ts as TS } from 'ts-morph';
import { JSON_CHANGED_TYPES, PAYLOAD_CONTAINERS } from '../domain/json-payloads.js';
import { ts } from '../ts.js';

/**
 * True when every top-level interface, type alias and class of `sourceFile` is plain data as JSON
 * carries it: no bigint, function or constructor type, method, Date/Map/Set-like type, and no type
 * named after an import (`isImported`, whose declaration is elsewhere and could be any of those) or
 * declared under a name the rules read by name (`Date`, `Record`, `Promise`…). Anything the walk
 * does not understand counts as not plain.
 */
export function hasPlainDataTypes(sourceFile: TS.SourceFile, isImported: (name: string) => boolean): boolean {
  let plain = true;
  const visit = (node: TS.Node): void => {
    if (!plain) return;
    switch (node.kind) {
      case ts.SyntaxKind.BigIntKeyword:
      case ts.SyntaxKind.FunctionType:
      case ts.SyntaxKind.ConstructorType:
      case ts.SyntaxKind.MethodSignature:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.CallSignature:
      case ts.SyntaxKind.ConstructSignature:
        plain = false;
        return;
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.Decorator:
        return;
      case ts.SyntaxKind.PropertyDeclaration:
        // Only the declared type travels; an initializer is code, not a payload's shape.
        if ((node as TS.PropertyDeclaration).type) visit((node as TS.PropertyDeclaration).type!);
        return;
      case ts.SyntaxKind.TypeReference: {
        const name = (node as TS.TypeReferenceNode).typeName;
        if (ts.isIdentifier(name) && (name.text in JSON_CHANGED_TYPES || isImported(name.text))) plain = false;
        break;
      }
      case ts.SyntaxKind.ExpressionWithTypeArguments: {
        const base = (node as TS.ExpressionWithTypeArguments).expression;
        if (!ts.isIdentifier(base) || isImported(base.text)) plain = false;
        break;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of sourceFile.statements) {
    if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement) && !ts.isClassDeclaration(statement)) continue;
    const name = statement.name?.text;
    if (name !== undefined && (name in JSON_CHANGED_TYPES || PAYLOAD_CONTAINERS.has(name) || name === 'Record')) return false;
    if (ts.isClassDeclaration(statement)) statement.members.forEach(visit);
    else if (ts.isInterfaceDeclaration(statement)) {
      statement.heritageClauses?.forEach(visit);
      statement.members.forEach(visit);
    } else visit(statement.type);
    if (!plain) return false;
  }
  return true;
}
