/**
 * What one walk of a file tells the project model: the modules it references (and whether each
 * reference survives compilation), and the expressions that name workflow and activity modules.
 */
import type { ts as TS } from 'ts-morph';
import { forEachDescendant, referenceRole, stringValue, unwrapExpression } from '../analysis/syntax.js';
import { ts } from '../ts.js';

export type ReferenceKind = 'import' | 'export' | 'require' | 'dynamic-import' | 'import-equals';

export interface ImportBinding {
  /** The local name. */
  readonly local: string;
  /** The exported name it binds: a name, `default`, or `*` for a namespace. */
  readonly imported: string;
  /** Written `import type` or `{ type x }`. */
  readonly declaredTypeOnly: boolean;
  /** First use in a value position (a use that survives compilation), if any. */
  firstValueUse: TS.Identifier | undefined;
  typeUses: number;
}

export interface ModuleReference {
  readonly specifier: string;
  readonly kind: ReferenceKind;
  /** The import/export declaration or the call, for locations. */
  readonly node: TS.Node;
  readonly specifierNode: TS.Node;
  readonly bindings: ImportBinding[];
  /** Written `import type` / `export type` as a whole. */
  readonly declaredTypeOnly: boolean;
  /** Set by `settleErasure` once every use in the file is known. */
  erased: boolean;
}

export interface WorkflowsPathOption {
  readonly expression: TS.Expression;
  /** `bundlerOptions.ignoreModules` beside it: modules the user has told the bundler to accept. */
  readonly ignoreModules: string[];
}

export interface ModuleFacts {
  readonly references: ModuleReference[];
  /** `workflowsPath:` values (shorthand properties resolved to their `const`). */
  readonly workflowsPaths: WorkflowsPathOption[];
  /** `activities:` values of worker options. */
  readonly activitiesExpressions: TS.Expression[];
  /** Type arguments of `proxyActivities<…>()` / `proxyLocalActivities<…>()`. */
  readonly activityProxyTypes: TS.TypeNode[];
  /** Non-literal `import(x)` / `require(x)` calls. */
  readonly dynamicLoads: TS.CallExpression[];
}

const PROXY_FUNCTIONS = new Set(['proxyActivities', 'proxyLocalActivities']);
/** Properties that mark an object literal as WorkerOptions, so its `activities` are activity modules. */
const WORKER_OPTION_KEYS = new Set(['taskQueue', 'workflowsPath', 'workflowBundle']);

/**
 * Walks the file once. `keepsValueImports` mirrors tsconfig's verbatimModuleSyntax: then only
 * `import type` is erased. The walk reads only the ancestors of the node it is at, so it can be
 * the walk that sets parent pointers (see parse-module.ts).
 */
export function collectModuleFacts(sourceFile: TS.SourceFile, keepsValueImports: boolean, walk: typeof forEachDescendant = forEachDescendant): ModuleFacts {
  const references: ModuleReference[] = [];
  const bindingsByLocal = new Map<string, ImportBinding>();
  const facts: ModuleFacts = {
    references,
    workflowsPaths: [],
    activitiesExpressions: [],
    activityProxyTypes: [],
    dynamicLoads: [],
  };
  const constInitializers = new Map<string, TS.Expression>();

  for (const statement of sourceFile.statements) {
    const reference = topLevelReference(statement);
    if (!reference) continue;
    references.push(reference);
    for (const binding of reference.bindings) bindingsByLocal.set(binding.local, binding);
  }

  walk(sourceFile, (node) => {
    if (ts.isIdentifier(node)) {
      const binding = bindingsByLocal.get(node.text);
      if (!binding) return;
      const role = referenceRole(node);
      if (role === 'value') binding.firstValueUse ??= node;
      else if (role === 'type') binding.typeUses++;
    } else if (ts.isCallExpression(node)) {
      collectCall(node, facts, references);
    } else if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      collectOption(node, facts, constInitializers);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      constInitializers.set(node.name.text, node.initializer);
    }
  });

  for (const reference of references) reference.erased = isErased(reference, sourceFile, keepsValueImports);
  return facts;
}

function topLevelReference(statement: TS.Statement): ModuleReference | undefined {
  if (ts.isImportDeclaration(statement)) {
    const specifier = stringValue(statement.moduleSpecifier);
    if (specifier === undefined) return undefined;
    const clause = statement.importClause;
    const wholeTypeOnly = Boolean(clause?.isTypeOnly);
    const bindings: ImportBinding[] = [];
    const bind = (local: string, imported: string, typeOnly: boolean): void => {
      bindings.push({ local, imported, declaredTypeOnly: wholeTypeOnly || typeOnly, firstValueUse: undefined, typeUses: 0 });
    };
    if (clause?.name) bind(clause.name.text, 'default', false);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) bind(named.name.text, '*', false);
    else if (named) for (const e of named.elements) bind(e.name.text, (e.propertyName ?? e.name).text, e.isTypeOnly);
    return reference(specifier, 'import', statement, statement.moduleSpecifier, bindings, wholeTypeOnly);
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
    const specifier = stringValue(statement.moduleSpecifier);
    if (specifier === undefined) return undefined;
    const clause = statement.exportClause;
    const allTypes = statement.isTypeOnly || Boolean(clause && ts.isNamedExports(clause) && clause.elements.length && clause.elements.every((e) => e.isTypeOnly));
    return reference(specifier, 'export', statement, statement.moduleSpecifier, [], allTypes);
  }
  if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
    const specifier = stringValue(statement.moduleReference.expression);
    if (specifier === undefined) return undefined;
    const binding: ImportBinding = { local: statement.name.text, imported: '*', declaredTypeOnly: statement.isTypeOnly, firstValueUse: undefined, typeUses: 0 };
    const exported = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported) binding.firstValueUse = statement.name;
    return reference(specifier, 'import-equals', statement, statement.moduleReference.expression, [binding], statement.isTypeOnly);
  }
  return undefined;
}

function reference(specifier: string, kind: ReferenceKind, node: TS.Node, specifierNode: TS.Node, bindings: ImportBinding[], declaredTypeOnly: boolean): ModuleReference {
  return { specifier, kind, node, specifierNode, bindings, declaredTypeOnly, erased: declaredTypeOnly };
}

function collectCall(call: TS.CallExpression, facts: ModuleFacts, references: ModuleReference[]): void {
  const callee = call.expression;
  const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require' && call.arguments.length === 1;
  if (isImport || isRequire) {
    const specifier = stringValue(call.arguments[0]);
    if (specifier !== undefined) references.push(reference(specifier, isImport ? 'dynamic-import' : 'require', call, call.arguments[0]!, [], false));
    else facts.dynamicLoads.push(call);
    return;
  }
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name && PROXY_FUNCTIONS.has(name) && call.typeArguments?.[0]) facts.activityProxyTypes.push(call.typeArguments[0]);
}

function collectOption(node: TS.PropertyAssignment | TS.ShorthandPropertyAssignment, facts: ModuleFacts, constInitializers: Map<string, TS.Expression>): void {
  const key = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined;
  if (key !== 'workflowsPath' && key !== 'activities') return;
  let value: TS.Expression | undefined = ts.isPropertyAssignment(node) ? node.initializer : node.name;
  value = unwrapExpression(value);
  // `{ workflowsPath }` or `workflowsPath: wfPath` naming a const declared earlier in the file.
  if (key === 'workflowsPath' && ts.isIdentifier(value)) value = constInitializers.get(value.text) ?? value;
  if (key === 'workflowsPath') facts.workflowsPaths.push({ expression: value, ignoreModules: ignoreModulesBeside(node.parent) });
  else if (isWorkerOptions(node.parent)) facts.activitiesExpressions.push(value);
}

function ignoreModulesBeside(literal: TS.Node): string[] {
  if (!ts.isObjectLiteralExpression(literal)) return [];
  const bundler = propertyValue(literal, 'bundlerOptions');
  const list = bundler && ts.isObjectLiteralExpression(bundler) ? propertyValue(bundler, 'ignoreModules') : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.map((e) => stringValue(e)).filter((s): s is string => s !== undefined);
}

function propertyValue(literal: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key) return unwrapExpression(p.initializer);
  }
  return undefined;
}

function isWorkerOptions(literal: TS.Node): boolean {
  return ts.isObjectLiteralExpression(literal) && literal.properties.some((p) => p.name && ts.isIdentifier(p.name) && WORKER_OPTION_KEYS.has(p.name.text));
}

/**
 * TypeScript drops an import whose bindings are used only as types (or not at all), unless
 * verbatimModuleSyntax keeps it; `import 'x'`, re-exports, `require` and `import()` always stay.
 */
function isErased(ref: ModuleReference, sourceFile: TS.SourceFile, keepsValueImports: boolean): boolean {
  if (ref.declaredTypeOnly) return true;
  if (ref.kind !== 'import' && ref.kind !== 'import-equals') return false;
  if (ref.bindings.length === 0) return false;
  if (isJavaScript(sourceFile)) return false;
  if (keepsValueImports) return ref.bindings.every((b) => b.declaredTypeOnly);
  return ref.bindings.every((b) => b.declaredTypeOnly || !b.firstValueUse);
}

export function isJavaScript(sourceFile: TS.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}
