/**
 * The message handlers a workflow file registers: each `setHandler(definition, handler, options)`
 * (and `setDefault…Handler`) with the kind of message it handles, the handler and validator
 * functions, and the options object. Syntax only; a definition imported from another module of
 * the project is followed through the project model. Results are memoised per source file.
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel, SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { syntaxIndex, treeMemo, unwrapExpression } from './syntax.js';
import { constInitializer, importsOf, objectShape, type ObjectShape, WORKFLOW_MODULE, workflowApi } from './temporal-calls.js';

export type MessageKind = 'query' | 'signal' | 'update';

/** `define…` factories of `@temporalio/workflow` and what they define. */
const DEFINITIONS: Record<string, MessageKind> = { defineQuery: 'query', defineSignal: 'signal', defineUpdate: 'update' };
/** Handler setters that take no definition (packages/workflow/src/workflow.ts). */
const DEFAULT_SETTERS: Record<string, MessageKind> = {
  setDefaultQueryHandler: 'query',
  setDefaultSignalHandler: 'signal',
  setDefaultUpdateHandler: 'update',
};

export type FunctionNode = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration | TS.MethodDeclaration;

export interface HandlerRegistration {
  readonly call: TS.CallExpression;
  /** Undefined when the definition cannot be seen (a parameter, a package's export…). */
  readonly kind: MessageKind | undefined;
  readonly handlerExpression: TS.Expression | undefined;
  /** The handler's function, when it is written inline or bound to a name in this file. */
  readonly handler: FunctionNode | undefined;
  readonly validator: FunctionNode | undefined;
  readonly options: ObjectShape;
}

const cache = treeMemo<readonly HandlerRegistration[]>();

/**
 * Every handler registration in the file. `project` lets a definition imported from another file
 * of the project (`import { getStatus } from './shared'`) be read there.
 */
export function handlerRegistrations(sourceFile: TS.SourceFile, project?: { model: ProjectModel; module: SourceModule }): readonly HandlerRegistration[] {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const found: HandlerRegistration[] = [];
  // Handlers are registered with @temporalio/workflow's functions: a file that imports none, or
  // never spells a setter's name (an alias or namespace member still does), has none.
  const { text } = sourceFile;
  const imports = text.includes('setHandler') || text.includes('setDefault') ? importsOf(sourceFile, WORKFLOW_MODULE) : undefined;
  if (!imports || (!imports.named.size && !imports.namespaces.size)) {
    cache.set(sourceFile, found);
    return found;
  }
  for (const node of syntaxIndex(sourceFile).calls) {
    const api = workflowApi(node);
    if (api === 'setHandler') {
      const [definition, handler, options] = node.arguments;
      found.push(registration(node, definition && definitionKind(definition, project), handler, options));
    } else if (api && DEFAULT_SETTERS[api]) {
      found.push(registration(node, DEFAULT_SETTERS[api], node.arguments[0], undefined));
    }
  }
  cache.set(sourceFile, found);
  return found;
}

function registration(call: TS.CallExpression, kind: MessageKind | undefined, handlerExpression: TS.Expression | undefined, optionsExpression: TS.Expression | undefined): HandlerRegistration {
  const options = objectShape(optionsExpression);
  const validatorExpression = options.properties.get('validator');
  const validator = validatorExpression && (isFunctionNode(validatorExpression) ? validatorExpression : resolveFunction(validatorExpression));
  return { call, kind, handlerExpression, handler: handlerExpression && resolveFunction(handlerExpression), validator, options };
}

/** What a `setHandler` first argument defines: a `define…()` call, a `const` bound to one, or an import of one. */
function definitionKind(expression: TS.Expression, project: { model: ProjectModel; module: SourceModule } | undefined): MessageKind | undefined {
  const target = unwrapExpression(expression);
  if (ts.isCallExpression(target)) return DEFINITIONS[workflowApi(target) ?? ''];
  if (ts.isIdentifier(target)) {
    const initializer = constInitializer(target);
    if (initializer) return definitionKind(initializer, undefined);
    return project && importedDefinitionKind(project, target.text, undefined);
  }
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression))
    return project && importedDefinitionKind(project, target.expression.text, target.name.text);
  return undefined;
}

/** `import { q } from './shared'` (member undefined) or `import * as shared …; shared.q`. */
function importedDefinitionKind(project: { model: ProjectModel; module: SourceModule }, local: string, member: string | undefined): MessageKind | undefined {
  const initializer = importedConstInitializer(project, local, member);
  return initializer && definitionKind(initializer, undefined);
}

/**
 * The initializer of the exported `const` that an import names, read in the imported module of the
 * project: `import { q } from './shared'` (member undefined) or `import * as shared …; shared.q`.
 * Undefined for packages, missing modules and anything but a module-level `export const`.
 */
export function importedConstInitializer(project: { model: ProjectModel; module: SourceModule }, local: string, member: string | undefined): TS.Expression | undefined {
  const { module, model } = project;
  // The summary's references are the parsed module's, in the same order, without their syntax.
  for (const [index, reference] of module.summary.references.entries()) {
    const at = reference.locals.indexOf(local);
    if (at < 0) continue;
    const imported = reference.imported[at];
    const exported = imported === '*' ? member : member === undefined ? imported : undefined;
    const resolution = module.resolutions[index];
    if (exported === undefined || resolution?.kind !== 'file') return undefined;
    const target = model.modules.get(resolution.file);
    if (!target || target.problem) return undefined;
    return exportedConstInitializer(target.sourceFile, exported);
  }
  return undefined;
}

/** Whether `local` is bound by an import of this module (whatever it resolves to). */
export function isImportedName(module: SourceModule, local: string): boolean {
  return module.summary.references.some((reference) => reference.locals.includes(local));
}

function exportedConstInitializer(sourceFile: TS.SourceFile, name: string): TS.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    if (!(ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
  }
  return undefined;
}

export function isFunctionNode(node: TS.Node): node is FunctionNode {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

/**
 * The function an expression names in this file: written inline, a `const` bound to a function,
 * or a function declaration in an enclosing scope.
 */
export function resolveFunction(expression: TS.Expression): FunctionNode | undefined {
  const target = unwrapExpression(expression);
  if (isFunctionNode(target)) return target;
  if (!ts.isIdentifier(target)) return undefined;
  const initializer = constInitializer(target);
  if (initializer) {
    const inner = unwrapExpression(initializer);
    return isFunctionNode(inner) ? inner : undefined;
  }
  return functionDeclarationNamed(target);
}

function functionDeclarationNamed(identifier: TS.Identifier): TS.FunctionDeclaration | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    const statements = ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) ? node.statements : undefined;
    if (!statements) continue;
    for (const statement of statements)
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === identifier.text && statement.body) return statement;
  }
  return undefined;
}

export function isAsyncFunction(fn: FunctionNode): boolean {
  return (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** Visits the function's own body, not the bodies of functions nested in it. */
export function forEachInBody(fn: FunctionNode, visit: (node: TS.Node) => void): void {
  if (!fn.body) return;
  const pending: TS.Node[] = [fn.body];
  while (pending.length) {
    const node = pending.pop()!;
    visit(node);
    ts.forEachChild(node, (child) => {
      if (!isFunctionNode(child) && !ts.isClassLike(child)) pending.push(child);
    });
  }
}
