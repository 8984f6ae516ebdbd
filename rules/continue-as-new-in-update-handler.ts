import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, handlerRegistrations } from '../src/analysis/message-handlers.js';
import { calledFunction, type ProjectFile } from '../src/analysis/project-functions.js';
import { constInitializer, workflowApi } from '../src/analysis/temporal-calls.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** How many functions deep a handler's calls are followed to a continueAsNew. */
const MAX_DEPTH = 3;

export default defineRule({
  meta: {
    id: 'continue-as-new-in-update-handler',
    description: 'continueAsNew() called from an update handler, which ends the run before the accepted update completes',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/message-passing#update-handlers',
    messages: {
      inUpdate:
        "{{what}} from inside an update handler: the update was already accepted and never completes (the SDK hands the ContinueAsNew to handleWorkflowFailure instead of completing the update, internals.ts doUpdate), so its caller gets an error instead of the result. Record that the run should continue as new, return from the handler, and call continueAsNew from the workflow function after `await condition(allHandlersFinished)`.",
    },
  },
  create(context) {
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        const checked = new Set<FunctionNode>();
        for (const registration of handlerRegistrations(sourceFile, context)) {
          const handler = registration.handler;
          if (registration.kind !== 'update' || !handler || checked.has(handler)) continue;
          checked.add(handler);
          forEachInBody(handler, (node) => {
            if (!ts.isCallExpression(node)) return;
            const via = continuesAsNew(node, context, 0, new Set([handler]));
            if (via) context.report({ node, messageId: 'inUpdate', data: { what: via } });
          });
        }
      },
    };
  },
});

/**
 * How a call continues as new, if it does: `continueAsNew(…)`, a function made by
 * `makeContinueAsNewFunc(…)`, or a function of the project whose body does either (followed in its
 * own file only when it is one import away: see project-functions.ts).
 */
function continuesAsNew(call: TS.CallExpression, project: ProjectFile | undefined, depth: number, seen: Set<FunctionNode>): string | undefined {
  const api = workflowApi(call);
  if (api === 'continueAsNew') return 'continueAsNew() ends the run';
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) {
    const made = constInitializer(callee);
    const maker = made && unwrapExpression(made);
    if (maker && ts.isCallExpression(maker) && workflowApi(maker) === 'makeContinueAsNewFunc') return `${callee.text}() (made by makeContinueAsNewFunc) ends the run`;
  }
  if (depth >= MAX_DEPTH) return undefined;
  const helper = calledFunction(call.expression, project);
  if (!helper || seen.has(helper.fn)) return undefined;
  seen.add(helper.fn);
  const next = helper.fn.getSourceFile() === project?.module.sourceFile ? project : undefined;
  let found: string | undefined;
  forEachInBody(helper.fn, (node) => {
    if (!found && ts.isCallExpression(node) && continuesAsNew(node, next, depth + 1, seen)) found = `${calleeName(call)}() can end the run with continueAsNew()`;
  });
  return found;
}

function calleeName(call: TS.CallExpression): string {
  const callee = unwrapExpression(call.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : 'this call';
}
