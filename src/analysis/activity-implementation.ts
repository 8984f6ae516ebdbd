/**
 * From an activity call in workflow code to the function that implements it (the module named by
 * `proxyActivities<typeof activities>()`, or the factory named by
 * `proxyActivities<ReturnType<typeof createActivities>>()` and the object it returns, followed
 * through `export * from` barrels) and what the workflow side needs to know of it. Syntax and the
 * project model only; undefined when the way there cannot be seen.
 */
import type { ts as TS } from 'ts-morph';
import { importedFile, type ProjectModel } from '../project/project-model.js';
import { ts } from '../ts.js';
import { heartbeats } from './heartbeats.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from './message-handlers.js';
import { exportedFunction, type FoundFunction, moduleFunction, type ProjectFile } from './project-functions.js';
import { nonIdempotentWrite, type Write } from './side-effects.js';
import { unwrapExpression } from './syntax.js';
import type { ActivityProxy } from './temporal-calls.js';

export interface ActivityFacts {
  /** The module that implements the activity. */
  readonly file: string;
  /** The module calls heartbeat somewhere (a helper it calls may do it for the activity). */
  readonly heartbeats: boolean;
  /** The first non-idempotent write in the activity's own body. */
  readonly write: Write | undefined;
}

/** Per model: `${implementation file}#${activity}` → its facts (null when it cannot be found). */
const factsCache = new WeakMap<ProjectModel, Map<string, ActivityFacts | null>>();

/** What the workflow side needs to know of an activity's implementation, worked out once per model. */
export function activityFacts(model: ProjectModel, proxy: ActivityProxy, activity: string): ActivityFacts | undefined {
  // The type is read where it is written: the workflow's proxy call, a stub module's, a helper's, or a generic helper's caller.
  const types = proxy.types ?? proxy.call.typeArguments?.[0];
  const typed = proxiedActivities(types);
  const typesModule = types && model.modules.get(types.getSourceFile().fileName);
  const file = typed && typesModule && importedFile(typesModule, typed.name);
  if (!typed || !file) return undefined;
  let perModel = factsCache.get(model);
  if (!perModel) factsCache.set(model, (perModel = new Map()));
  const key = `${file}#${typed.kind === 'module' ? '' : `${typed.kind}:${typed.name}#`}${activity}`;
  let facts = perModel.get(key);
  if (facts === undefined) {
    const implementation =
      typed.kind === 'factory' ? factoryMember(model, file, typed.name, activity) : typed.kind === 'class' ? classMethod(model, typesModule!.path, typed.name, activity) : exportedFunction(model, file, activity);
    const module = implementation && model.modules.get(implementation.file);
    facts = implementation ? { file: implementation.file, heartbeats: heartbeats(implementation.fn.getSourceFile()), write: firstWrite(implementation.fn, module && { model, module }) } : null;
    perModel.set(key, facts);
  }
  return facts ?? undefined;
}

/**
 * `typeof acts` names the activities' module; `ReturnType<typeof createActivities>` a factory in
 * one; `OrderActivities` or `InstanceType<typeof OrderActivities>` a class whose instance a worker
 * registers (`activities: new OrderActivities(db)`, NestJS Temporal's decorated classes).
 */
function proxiedActivities(type: TS.TypeNode | undefined): { name: string; kind: 'module' | 'factory' | 'class' } | undefined {
  if (type && ts.isTypeQueryNode(type) && ts.isIdentifier(type.exprName)) return { name: type.exprName.text, kind: 'module' };
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const wrapper = type.typeName.text;
  if (wrapper === 'ReturnType' || wrapper === 'InstanceType') {
    const [query] = type.typeArguments ?? [];
    if (query && ts.isTypeQueryNode(query) && ts.isIdentifier(query.exprName)) return { name: query.exprName.text, kind: wrapper === 'ReturnType' ? 'factory' : 'class' };
    return undefined;
  }
  return type.typeArguments ? undefined : { name: wrapper, kind: 'class' };
}

/** The method `name` of the class that `local` (imported into `file`) names; an interface or a type finds none. */
function classMethod(model: ProjectModel, file: string, local: string, name: string): FoundFunction | undefined {
  const declaration = model.exports.resolveLocal(file, local);
  const module = declaration && declaration.local !== '*' ? model.modules.get(declaration.file) : undefined;
  if (!declaration || !module || module.problem) return undefined;
  for (const statement of module.sourceFile.statements) {
    if (!ts.isClassDeclaration(statement) || (statement.name?.text ?? 'default') !== declaration.local) continue;
    for (const member of statement.members) {
      if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
      if (ts.isMethodDeclaration(member)) return member.body ? { file: declaration.file, fn: member } : undefined;
      const value = ts.isPropertyDeclaration(member) && member.initializer ? unwrapExpression(member.initializer) : undefined;
      return value && isFunctionNode(value) ? { file: declaration.file, fn: value } : undefined;
    }
  }
  return undefined;
}

/**
 * The activity `name` in the object the factory returns: a method, a function-valued property, or
 * a name bound to a function in the factory or its module. A value made some other way
 * (`client.method.bind(client)`) cannot be seen.
 */
function factoryMember(model: ProjectModel, file: string, factoryName: string, name: string): FoundFunction | undefined {
  const found = exportedFunction(model, file, factoryName);
  if (!found) return undefined;
  const factory = found.fn;
  const objects: TS.ObjectLiteralExpression[] = [];
  const returned = (expression: TS.Expression | undefined): void => {
    const value = expression && unwrapExpression(expression);
    if (value && ts.isObjectLiteralExpression(value)) objects.push(value);
  };
  if (factory.body && !ts.isBlock(factory.body)) returned(factory.body);
  else
    forEachInBody(factory, (node) => {
      if (ts.isReturnStatement(node)) returned(node.expression);
    });
  for (const object of objects) {
    for (const property of object.properties) {
      if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || property.name.text !== name) continue;
      if (ts.isMethodDeclaration(property)) return property.body ? { file: found.file, fn: property } : undefined;
      const value = ts.isPropertyAssignment(property) ? unwrapExpression(property.initializer) : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (value && isFunctionNode(value)) return { file: found.file, fn: value };
      if (value && ts.isIdentifier(value)) {
        const fn = functionNamed(factory, value.text) ?? functionNamed(factory.getSourceFile(), value.text);
        return fn ? { file: found.file, fn } : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** A function declared (or a `const` bound to one) directly in the factory's body or the module. */
function functionNamed(scope: FunctionNode | TS.SourceFile, name: string): FunctionNode | undefined {
  const statements = ts.isSourceFile(scope) ? scope.statements : scope.body && ts.isBlock(scope.body) ? scope.body.statements : undefined;
  return statements && moduleFunction(statements, name);
}

function firstWrite(fn: FunctionNode, project: ProjectFile | undefined): Write | undefined {
  let write: Write | undefined;
  forEachInBody(fn, (node) => {
    if (!write && ts.isCallExpression(node)) write = nonIdempotentWrite(node, project);
  });
  return write;
}
