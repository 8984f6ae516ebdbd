/**
 * The function a name stands for: declared in the file, or exported by a project module, followed
 * through `export { … } from` and `export * from` barrels. Syntax and the project model only; a
 * rule that reads a function found here reads one import away from the file it lints, as far as
 * the lint cache looks for changes (cache.ts `findingsKey`: direct imports and MAX_BARREL_DEPTH
 * barrels below them), so it must not follow that function's own imports.
 */
import type { ts as TS } from 'ts-morph';
import { MAX_BARREL_DEPTH } from '../project/module-summary.js';
import { importedFile, type ProjectModel, type SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode, resolveFunction } from './message-handlers.js';
import { stringValue, unwrapExpression } from './syntax.js';
import { constInitializer } from './temporal-calls.js';

export interface FoundFunction {
  /** The module that declares it. */
  readonly file: string;
  readonly fn: FunctionNode;
}

/** The file being linted, in its model. */
export interface ProjectFile {
  readonly model: ProjectModel;
  readonly module: SourceModule;
}

/**
 * The function a callee names: `helper` declared in the file (or bound to a `const`), `helper`
 * imported from a project module, or `ns.helper` through `import * as ns`. Without `project`, only
 * the file itself is searched.
 */
export function calledFunction(callee: TS.Expression, project: ProjectFile | undefined): FoundFunction | undefined {
  const target = unwrapExpression(callee);
  const local = resolveFunction(target);
  if (local) return { file: target.getSourceFile().fileName, fn: local };
  if (!project) return undefined;
  if (ts.isIdentifier(target)) return importedFunction(project, target.text, undefined);
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) return importedFunction(project, target.expression.text, target.name.text);
  return undefined;
}

/** `local` (or `local.member` for a namespace import) as imported into the file from a project module. */
export function importedFunction(project: ProjectFile, local: string, member: string | undefined): FoundFunction | undefined {
  const imported = importedName(project.module.sourceFile, local);
  const name = imported === '*' ? member : member === undefined ? imported : undefined;
  const file = name !== undefined ? importedFile(project.module, local) : undefined;
  return file && name !== undefined ? exportedFunction(project.model, file, name) : undefined;
}

/**
 * The function `file` exports as `name`: a module-level function of that name (`export function`,
 * `export const f = () => …`, or listed in `export { … }`), one it exports under another name
 * (`export { f as name }`, `export default function`), or one a barrel re-exports.
 */
export function exportedFunction(model: ProjectModel, file: string, name: string, depth = 0): FoundFunction | undefined {
  const module = model.modules.get(file);
  if (!module || module.problem || depth > MAX_BARREL_DEPTH) return undefined;
  const statements = module.sourceFile.statements;
  const own = moduleFunction(statements, name) ?? exportedUnderName(statements, name);
  if (own) return { file, fn: own };
  const barrels: string[] = [];
  for (const statement of statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier) continue;
    const target = reExportedFile(module, stringValue(statement.moduleSpecifier));
    const clause = statement.exportClause;
    if (!target) continue;
    if (!clause) barrels.push(target);
    else if (ts.isNamedExports(clause)) {
      const element = clause.elements.find((e) => e.name.text === name && !e.isTypeOnly);
      if (element) return exportedFunction(model, target, (element.propertyName ?? element.name).text, depth + 1);
    }
  }
  for (const target of barrels) {
    const found = exportedFunction(model, target, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A function declared (or a `const` bound to one) directly in these statements. */
export function moduleFunction(statements: readonly TS.Statement[], name: string): FunctionNode | undefined {
  for (const statement of statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && init && isFunctionNode(init)) return init;
      }
    }
  }
  return undefined;
}

/** `export { local as name }` of a module-level function, and `export default function`. */
function exportedUnderName(statements: readonly TS.Statement[], name: string): FunctionNode | undefined {
  for (const statement of statements) {
    if (name === 'default' && ts.isFunctionDeclaration(statement) && statement.body && isDefaultExport(statement)) return statement;
    if (name === 'default' && ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const value = unwrapExpression(statement.expression);
      if (isFunctionNode(value)) return value;
      if (ts.isIdentifier(value)) return moduleFunction(statements, value.text);
    }
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const element = statement.exportClause.elements.find((e) => e.name.text === name && e.propertyName);
    if (element) return moduleFunction(statements, element.propertyName!.text);
  }
  return undefined;
}

function isDefaultExport(declaration: TS.FunctionDeclaration): boolean {
  const modifiers = ts.getModifiers(declaration) ?? [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** The exported name an import binds to `local`: a name, `default`, or `*` for a namespace. */
function importedName(sourceFile: TS.SourceFile, local: string): string | undefined {
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name?.text === local) return 'default';
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === local) return '*';
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((e) => e.name.text === local && !e.isTypeOnly);
      if (element) return (element.propertyName ?? element.name).text;
    }
  }
  return undefined;
}

function reExportedFile(module: SourceModule, specifier: string | undefined): string | undefined {
  const index = module.summary.references.findIndex((r) => r.kind === 'export' && r.specifier === specifier);
  const resolution = index < 0 ? undefined : module.resolutions[index];
  return resolution?.kind === 'file' ? resolution.file : undefined;
}

/**
 * The value a name stands for: the initializer of the `const` it is bound to in the file, or, for a
 * name imported from a project module (through re-exports), that module's top-level `const`
 * initializer or `export default` expression. One import away only (see the module comment).
 */
export function boundValue(identifier: TS.Identifier, project: ProjectFile | undefined): TS.Expression | undefined {
  const local = constInitializer(identifier);
  if (local || !project || identifier.getSourceFile() !== project.module.sourceFile) return local;
  const imported = importedName(project.module.sourceFile, identifier.text);
  if (imported === undefined || imported === '*') return undefined;
  const declaration = project.model.exports.resolveLocal(project.module.path, identifier.text);
  if (declaration && declaration.local !== '*') {
    const module = project.model.modules.get(declaration.file);
    return module && !module.problem ? moduleConst(module.sourceFile.statements, declaration.local) : undefined;
  }
  // `export default new Client()` names no declaration: read the expression itself.
  const file = imported === 'default' ? importedFile(project.module, identifier.text) : undefined;
  const module = file === undefined ? undefined : project.model.modules.get(file);
  if (!module || module.problem) return undefined;
  for (const statement of module.sourceFile.statements) if (ts.isExportAssignment(statement) && !statement.isExportEquals) return statement.expression;
  return undefined;
}

/** The initializer of a top-level `const` named `name` in these statements. */
function moduleConst(statements: readonly TS.Statement[], name: string): TS.Expression | undefined {
  for (const statement of statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
  }
  return undefined;
}
