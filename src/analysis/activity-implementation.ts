/**
 * From an activity call in workflow code to the function that implements it (the module named by
 * `proxyActivities<typeof activities>()`, followed through `export * from` barrels) and what the
 * workflow side needs to know of it. Syntax and the project model only; undefined when the way
 * there cannot be seen.
 */
import type { ts as TS } from 'ts-morph';
import { MAX_BARREL_DEPTH } from '../project/module-summary.js';
import { importedFile, type ProjectModel } from '../project/project-model.js';
import { ts } from '../ts.js';
import { callsHeartbeat } from './heartbeats.js';
import { type FunctionNode, forEachInBody, isFunctionNode } from './message-handlers.js';
import { nonIdempotentWrite, type Write } from './side-effects.js';
import { unwrapExpression } from './syntax.js';
import type { ActivityProxy } from './temporal-calls.js';

interface ActivityImplementation {
  readonly file: string;
  readonly fn: FunctionNode;
}

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
export function activityFacts(model: ProjectModel, workflowFile: string, proxy: ActivityProxy, activity: string): ActivityFacts | undefined {
  const typeArgument = proxy.call.typeArguments?.[0];
  if (!typeArgument || !ts.isTypeQueryNode(typeArgument) || !ts.isIdentifier(typeArgument.exprName)) return undefined;
  const workflowModule = model.modules.get(workflowFile);
  const file = workflowModule && importedFile(workflowModule, typeArgument.exprName.text);
  if (!file) return undefined;
  let perModel = factsCache.get(model);
  if (!perModel) factsCache.set(model, (perModel = new Map()));
  const key = `${file}#${activity}`;
  let facts = perModel.get(key);
  if (facts === undefined) {
    const implementation = search(model, file, activity, 0);
    facts = implementation ? { file: implementation.file, heartbeats: callsHeartbeat(implementation.fn.getSourceFile()), write: firstWrite(implementation.fn) } : null;
    perModel.set(key, facts);
  }
  return facts ?? undefined;
}

function firstWrite(fn: FunctionNode): Write | undefined {
  let write: Write | undefined;
  forEachInBody(fn, (node) => {
    if (!write && ts.isCallExpression(node)) write = nonIdempotentWrite(node);
  });
  return write;
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
