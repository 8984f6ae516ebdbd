import type { ts as TS } from 'ts-morph';
import { type FunctionNode, handlerRegistrations, isFunctionNode } from '../src/analysis/message-handlers.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { workflowApi } from '../src/analysis/temporal-calls.js';
import { plainErrorType, usesFailureTypeSettings } from '../src/analysis/workflow-failures.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'plain-error-in-workflow',
    description: 'A plain Error thrown out of workflow code, which retries the workflow task instead of failing the workflow',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/failure-detection#workflow-failure',
    messages: {
      plainError:
        "Throwing {{type}} from workflow code does not fail the workflow{{update}}: the SDK fails the workflow task and retries it until the code changes, so the workflow looks stuck. To fail it, throw ApplicationFailure.create({ message, type }) (from @temporalio/workflow). If this guards a bug that a deploy should fix, the retry is what you want: suppress this with a reason.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    let roles: { exempt: Set<FunctionNode>; updates: Set<FunctionNode> } | undefined;
    return {
      ThrowStatement(statement: TS.ThrowStatement) {
        const type = plainErrorType(statement.expression);
        if (!type || isCaughtLocally(statement) || followsContinueAsNew(statement)) return;
        if (usesFailureTypeSettings(sourceFile, context.model)) return;
        roles ??= { exempt: readOnlyCallbacks(sourceFile, context), updates: updateHandlers(sourceFile, context) };
        const { exempt, updates } = roles;
        const enclosing = enclosingFunctions(statement);
        if (enclosing.some((fn) => exempt.has(fn) || hasNeverParameter(fn))) return;
        const update = enclosing.some((fn) => updates.has(fn)) ? ' or the update' : '';
        context.report({ node: statement, messageId: 'plainError', data: { type, update } });
      },
    };
  },
});

/** Inside a `try` block with a `catch`, in the same function: the error is handled there. */
function isCaughtLocally(node: TS.Node): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent && !isFunctionNode(parent); child = parent, parent = parent.parent)
    if (ts.isTryStatement(parent) && parent.tryBlock === child && parent.catchClause) return true;
  return false;
}

/** `await continueAsNew(…); throw new Error('unreachable');`: the throw never runs. */
function followsContinueAsNew(statement: TS.ThrowStatement): boolean {
  const parent = statement.parent;
  if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) return false;
  const previous = parent.statements[parent.statements.indexOf(statement) - 1];
  if (!previous || !ts.isExpressionStatement(previous)) return false;
  let expression = unwrapExpression(previous.expression);
  if (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
  return ts.isCallExpression(expression) && workflowApi(expression) === 'continueAsNew';
}

/** `function assertNever(x: never): never { throw … }`: an exhaustiveness guard, reached only by a bug. */
function hasNeverParameter(fn: FunctionNode): boolean {
  return fn.parameters.some((p) => p.type?.kind === ts.SyntaxKind.NeverKeyword);
}

function enclosingFunctions(node: TS.Node): FunctionNode[] {
  const found: FunctionNode[] = [];
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) found.push(current);
  return found;
}

/** Update validators (a throw rejects the update) and query handlers (a throw fails only the query). */
function readOnlyCallbacks(sourceFile: TS.SourceFile, project: Parameters<typeof handlerRegistrations>[1]): Set<FunctionNode> {
  const callbacks = new Set<FunctionNode>();
  for (const registration of handlerRegistrations(sourceFile, project)) {
    if (registration.validator) callbacks.add(registration.validator);
    if (registration.kind === 'query' && registration.handler) callbacks.add(registration.handler);
  }
  return callbacks;
}

function updateHandlers(sourceFile: TS.SourceFile, project: Parameters<typeof handlerRegistrations>[1]): Set<FunctionNode> {
  return new Set(handlerRegistrations(sourceFile, project).flatMap((r) => (r.kind === 'update' && r.handler ? [r.handler] : [])));
}
