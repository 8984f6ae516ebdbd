/**
 * Small syntactic questions every stage asks: is this identifier a reference, in a type or a value
 * position; is a name declared in an enclosing scope; what does a node visit next.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';

export type ReferenceRole = 'value' | 'type' | 'none';

/** Whether an identifier refers to a binding, and whether that use survives compilation. */
export function referenceRole(id: TS.Identifier): ReferenceRole {
  const parent = id.parent;
  if (!parent || isNameNotReference(id, parent)) return 'none';
  return ts.isPartOfTypeNode(id) || isInTypeQuery(id) || isInTypeOnlyExport(parent) ? 'type' : 'value';
}

/**
 * Whether an identifier refers to a binding at all, without asking whether the use is a type: the
 * cheap half of referenceRole, for callers to whom a type use counting as a value use is harmless.
 */
export function isReference(id: TS.Identifier): boolean {
  const parent = id.parent;
  return parent !== undefined && !isNameNotReference(id, parent);
}

/** `typeof x` in a type: TypeScript's isPartOfTypeNode does not count the queried name itself. */
function isInTypeQuery(id: TS.Identifier): boolean {
  let node: TS.Node = id.parent;
  while (ts.isQualifiedName(node)) node = node.parent;
  return ts.isTypeQueryNode(node);
}

function isInTypeOnlyExport(parent: TS.Node): boolean {
  return ts.isExportSpecifier(parent) && (parent.isTypeOnly || parent.parent.parent.isTypeOnly);
}

function isNameNotReference(id: TS.Identifier, parent: TS.Node): boolean {
  switch (parent.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (parent as TS.PropertyAccessExpression).name === id;
    case ts.SyntaxKind.QualifiedName:
      return (parent as TS.QualifiedName).right === id;
    case ts.SyntaxKind.BindingElement:
      return (parent as TS.BindingElement).propertyName === id || (parent as TS.BindingElement).name === id;
    case ts.SyntaxKind.ExportSpecifier: {
      const spec = parent as TS.ExportSpecifier;
      // `export { a as b } from 'x'` names nothing local; in `export { a as b }` only `a` is a reference.
      if (spec.parent.parent.moduleSpecifier) return true;
      return spec.propertyName ? spec.name === id : false;
    }
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.NamespaceExport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.MetaProperty:
      return true;
    case ts.SyntaxKind.ShorthandPropertyAssignment:
      return false;
    default:
      return isDeclarationName(id, parent);
  }
}

function isDeclarationName(id: TS.Identifier, parent: TS.Node): boolean {
  return 'name' in parent && (parent as { name?: TS.Node }).name === id && isNamedDeclaration(parent);
}

function isNamedDeclaration(node: TS.Node): boolean {
  return (
    ts.isVariableDeclaration(node) ||
    ts.isParameter(node) ||
    ts.isFunctionLike(node) ||
    ts.isClassLike(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isEnumMember(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isPropertyAssignment(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertySignature(node) ||
    ts.isTypeParameterDeclaration(node)
  );
}

/** Each scope container's own declared names, computed once per container. */
const declaredNames = new WeakMap<TS.Node, ReadonlySet<string>>();

/**
 * Whether `name`, used at `at`, is bound by a declaration in an enclosing scope (so it is not the
 * global of that name). `declare` statements bind nothing at run time and do not count. With
 * `within`, only scopes from `at` up to and including `within` are searched (a name local to a function).
 */
export function isDeclaredInScope(name: string, at: TS.Node, within?: TS.Node): boolean {
  for (let node: TS.Node | undefined = at.parent; node; node = node === within ? undefined : node.parent) {
    if (!isScopeContainer(node)) continue;
    let names = declaredNames.get(node);
    if (!names) {
      names = collectDeclaredNames(node);
      declaredNames.set(node, names);
    }
    if (names.has(name)) return true;
  }
  return false;
}

function isScopeContainer(node: TS.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassExpression(node)
  );
}

function collectDeclaredNames(container: TS.Node): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  const addStatement = (statement: TS.Statement): void => {
    if (hasDeclareModifier(statement)) return;
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => addBinding(d.name));
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name)
      names.add(statement.name.text);
    else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) names.add(statement.name.text);
    else if (ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      else if (bindings) bindings.elements.forEach((e) => names.add(e.name.text));
    }
  };
  if (ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container)) container.statements.forEach(addStatement);
  else if (ts.isCaseBlock(container)) container.clauses.forEach((c) => c.statements.forEach(addStatement));
  else if (ts.isFunctionLike(container)) {
    container.parameters.forEach((p) => addBinding(p.name));
    const ownName = (container as { name?: TS.Node }).name;
    if ((ts.isFunctionExpression(container) || ts.isFunctionDeclaration(container)) && ownName && ts.isIdentifier(ownName))
      names.add(ownName.text);
  } else if (ts.isForStatement(container) || ts.isForInStatement(container) || ts.isForOfStatement(container)) {
    const init = container.initializer;
    if (init && ts.isVariableDeclarationList(init)) init.declarations.forEach((d) => addBinding(d.name));
  } else if (ts.isCatchClause(container)) {
    if (container.variableDeclaration) addBinding(container.variableDeclaration.name);
  } else if (ts.isClassExpression(container) && container.name) names.add(container.name.text);
  return names;
}

function hasDeclareModifier(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

/** A file's calls and variable declarations, each list in source order. */
export interface SyntaxIndex {
  readonly calls: readonly TS.CallExpression[];
  readonly variables: readonly TS.VariableDeclaration[];
}

/**
 * Memos per syntax tree whose values hold the tree's nodes. A WeakMap entry like that outlives the
 * tree until a full garbage collection, and above 4 MB of source the model drops most trees right
 * after their facts walk or their rules (a generated 10,000-file project peaked at 406 MB against
 * 220 MB without them): whoever drops a tree calls forgetTree, which deletes its entries from every
 * tree memo at once. (Kept on the trees as a property instead, they cost a retained project ~2%.)
 */
const treeMemos: WeakMap<TS.SourceFile, unknown>[] = [];

/** A WeakMap by syntax tree that forgetTree clears. */
export function treeMemo<T>(): WeakMap<TS.SourceFile, T> {
  const memo = new WeakMap<TS.SourceFile, T>();
  treeMemos.push(memo);
  return memo;
}

/** Drops what every tree memo holds for `sourceFile`: call it when dropping the tree. */
export function forgetTree(sourceFile: TS.SourceFile): void {
  for (const memo of treeMemos) memo.delete(sourceFile);
}

const indexes = treeMemo<SyntaxIndex>();

/** Records `index` as the file's (every call and variable declaration, in source order), made by a walk that sees them anyway. */
export function setSyntaxIndex(sourceFile: TS.SourceFile, index: SyntaxIndex): void {
  indexes.set(sourceFile, index);
}

/**
 * The file's calls and variable declarations, from one walk kept with the file: the analyses that
 * look for proxy factories, proxies made by helpers, handler registrations and telemetry bindings
 * read these lists instead of each walking the whole file. The facts walk that follows every parse
 * gives them (setSyntaxIndex), so this walks only a tree made some other way.
 */
export function syntaxIndex(sourceFile: TS.SourceFile): SyntaxIndex {
  let index = indexes.get(sourceFile);
  if (!index) {
    const calls: TS.CallExpression[] = [];
    const variables: TS.VariableDeclaration[] = [];
    forEachDescendant(sourceFile, (node) => {
      if (node.kind === ts.SyntaxKind.CallExpression) calls.push(node as TS.CallExpression);
      else if (node.kind === ts.SyntaxKind.VariableDeclaration) variables.push(node as TS.VariableDeclaration);
    });
    index = { calls, variables };
    setSyntaxIndex(sourceFile, index);
  }
  return index;
}

/**
 * Visits every node below `root` in source order without recursion, so input nested thousands of
 * levels deep cannot overflow the stack.
 */
export function forEachDescendant(root: TS.Node, visit: (node: TS.Node) => void): void {
  descend(root, visit, false);
}

/**
 * forEachDescendant on a tree parsed without parent pointers, setting each child's parent as it
 * goes: what `setParentNodes: true` does, without a pass of its own (TypeScript's walks a generic
 * work queue that also visits JSDoc: 155 ms of 560 on 10,000 files). A node's ancestors are set
 * by the time it is visited, and all are set when the walk ends.
 */
export function forEachDescendantSettingParents(root: TS.Node, visit: (node: TS.Node) => void): void {
  descend(root, visit, true);
}

/**
 * forEachDescendant for code that runs: the children of type-only nodes (type annotations and
 * arguments, `interface` and `type` declarations) are not visited, the type nodes themselves are.
 * Nothing in them runs, and in typed code they are a good part of the tree.
 */
export function forEachRuntimeDescendant(root: TS.Node, visit: (node: TS.Node) => void): void {
  descend(root, visit, false, true);
}

/** Whether nodes of `kind` are types, whose children never run: TypeScript's type nodes and the declarations of types. */
export function isTypeOnlyKind(kind: TS.SyntaxKind): boolean {
  return (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) || kind === ts.SyntaxKind.InterfaceDeclaration || kind === ts.SyntaxKind.TypeAliasDeclaration;
}

function descend(root: TS.Node, visit: (node: TS.Node) => void, setParents: boolean, runtimeOnly = false): void {
  const stack: TS.Node[] = [root];
  let node = root;
  const push = setParents
    ? (child: TS.Node): void => {
        (child as { parent: TS.Node }).parent = node;
        stack.push(child);
      }
    : (child: TS.Node): void => {
        stack.push(child);
      };
  while (stack.length) {
    node = stack.pop()!;
    visit(node);
    if (runtimeOnly && isTypeOnlyKind(node.kind)) continue;
    const start = stack.length;
    ts.forEachChild(node, push);
    // The children went on in source order; turn that segment around so they come off in it too.
    for (let i = start, j = stack.length - 1; i < j; i++, j--) {
      const first = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = first;
    }
  }
}

/** The callee's name for `f()`, `a.b.f()` → `f`; undefined for computed callees. */
export function calleeName(call: TS.CallExpression | TS.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Strips parentheses, `as`, `satisfies` and `!` around an expression. */
export function unwrapExpression(node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current))
      current = current.expression;
    else return current;
  }
}

/** The text of a string literal or a template without substitutions. */
export function stringValue(node: TS.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}
