/**
 * Whether activity code heartbeats. Generous on purpose: the rules built on it report code that
 * never heartbeats, so any call named `heartbeat` counts (`heartbeat()`, `Context.current().heartbeat()`,
 * `ctx.heartbeat()` on a saved context, a wrapper's `heartbeat`).
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from './message-handlers.js';
import { calleeName, forEachDescendant, unwrapExpression } from './syntax.js';

const cache = new WeakMap<TS.Node, boolean>();

/** `scope` (a function, a loop, a file) calls heartbeat somewhere inside it, nested functions included. */
export function callsHeartbeat(scope: TS.Node): boolean {
  let found = cache.get(scope);
  if (found !== undefined) return found;
  found = false;
  forEachDescendant(scope, (node) => {
    if (!found && ts.isCallExpression(node) && calleeName(node) === 'heartbeat') found = true;
  });
  cache.set(scope, found);
  return found;
}

/**
 * `scope` heartbeats itself, or calls (by name) a function declared at the top of its file that
 * does: `for (const x of xs) await processItem(x)` where processItem heartbeats.
 */
export function heartbeatsThroughLocalCalls(scope: TS.Node): boolean {
  if (callsHeartbeat(scope)) return true;
  const helpers = topLevelFunctions(scope.getSourceFile());
  let found = false;
  forEachDescendant(scope, (node) => {
    if (found || !ts.isCallExpression(node)) return;
    const callee = unwrapExpression(node.expression);
    const helper = ts.isIdentifier(callee) ? helpers.get(callee.text) : undefined;
    if (helper && callsHeartbeat(helper)) found = true;
  });
  return found;
}

const functionsCache = new WeakMap<TS.SourceFile, ReadonlyMap<string, FunctionNode>>();

function topLevelFunctions(sourceFile: TS.SourceFile): ReadonlyMap<string, FunctionNode> {
  let functions = functionsCache.get(sourceFile);
  if (functions) return functions;
  const found = new Map<string, FunctionNode>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) found.set(statement.name.text, statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer && unwrapExpression(declaration.initializer);
      if (ts.isIdentifier(declaration.name) && init && isFunctionNode(init)) found.set(declaration.name.text, init);
    }
  }
  functionsCache.set(sourceFile, (functions = found));
  return functions;
}
