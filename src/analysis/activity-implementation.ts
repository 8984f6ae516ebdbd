/**
 * From an activity call in workflow code to the function that implements it: the module named by
 * `proxyActivities<typeof activities>()`, followed through `export * from` barrels. Syntax and the
 * project model only; undefined when the way there cannot be seen.
 */
import type { ts as TS } from 'ts-morph';
import { importedFile, type ProjectModel } from '../project/project-model.js';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from './message-handlers.js';
import { unwrapExpression } from './syntax.js';
import type { ActivityProxy } from './temporal-calls.js';

/** How far `export * from` barrels are followed. */
const MAX_BARREL_DEPTH = 4;

export interface ActivityImplementation {
  readonly file: string;
  readonly fn: FunctionNode;
}

export function activityImplementation(model: ProjectModel, workflowFile: string, proxy: ActivityProxy, activity: string): ActivityImplementation | undefined {
  const typeArgument = proxy.call.typeArguments?.[0];
  if (!typeArgument || !ts.isTypeQueryNode(typeArgument) || !ts.isIdentifier(typeArgument.exprName)) return undefined;
  const workflowModule = model.modules.get(workflowFile);
  const file = workflowModule && importedFile(workflowModule, typeArgument.exprName.text);
  return file ? search(model, file, activity, 0) : undefined;
}

function search(model: ProjectModel, file: string, activity: string, depth: number): ActivityImplementation | undefined {
  const module = model.modules.get(file);
  if (!module || module.problem || depth > MAX_BARREL_DEPTH) return undefined;
  const fn = exportedFunction(module.sourceFile, activity);
  if (fn) return { file, fn };
  for (const [index, reference] of module.summary.references.entries()) {
    const resolution = module.resolutions[index];
    if (reference.kind === 'export' && resolution?.kind === 'file') {
      const found = search(model, resolution.file, activity, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function exportedFunction(sourceFile: TS.SourceFile, name: string): FunctionNode | undefined {
  for (const statement of sourceFile.statements) {
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
