import type { ts as TS } from 'ts-morph';
import { type FunctionNode, handlerRegistrations, isFunctionNode } from '../src/analysis/message-handlers.js';
import { isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import type { ProjectModel } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

/** ECMAScript's error constructors: none is a TemporalFailure, so the SDK fails the workflow task. */
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Settings that turn chosen error types into workflow failures (packages/workflow/src/interfaces.ts
 * WorkflowDefinitionOptions.failureExceptionTypes, packages/worker/src/worker-options.ts
 * workflowFailureErrorTypes): where a project uses them, a plain Error may well be meant.
 */
const FAILURE_TYPE_SETTINGS = ['failureExceptionTypes', 'workflowFailureErrorTypes'];

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
      [ts.SyntaxKind.ThrowStatement](statement: TS.ThrowStatement) {
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

/** `new Error(…)`, `Error(…)`, or `new X(…)` for a class of this file that extends a built-in error. */
function plainErrorType(expression: TS.Expression): string | undefined {
  const target = unwrapExpression(expression);
  if (!ts.isNewExpression(target) && !ts.isCallExpression(target)) return undefined;
  const callee = unwrapExpression(target.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  if (BUILTIN_ERRORS.has(callee.text)) return isDeclaredInScope(callee.text, callee) ? undefined : `a plain ${callee.text}`;
  if (!ts.isNewExpression(target)) return undefined;
  const base = localClassBase(callee);
  return base && BUILTIN_ERRORS.has(base) ? `${callee.text} (an ${base} subclass)` : undefined;
}

function localClassBase(name: TS.Identifier): string | undefined {
  for (const statement of name.getSourceFile().statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== name.text) continue;
    const extendsClause = statement.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    const base = extendsClause?.types[0]?.expression;
    return base && ts.isIdentifier(base) ? base.text : undefined;
  }
  return undefined;
}

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

const settingsCache = new WeakMap<ProjectModel, boolean>();

/** The workflow file or any worker of the project configures error types that fail the workflow. */
function usesFailureTypeSettings(sourceFile: TS.SourceFile, model: ProjectModel): boolean {
  if (FAILURE_TYPE_SETTINGS.some((name) => sourceFile.text.includes(name))) return true;
  let workers = settingsCache.get(model);
  if (workers === undefined) {
    workers = false;
    for (const module of model.modules.values()) {
      if (!module.summary.workflowsPaths.length || module.problem) continue;
      if (FAILURE_TYPE_SETTINGS.some((name) => module.sourceFile.text.includes(name))) workers = true;
    }
    settingsCache.set(model, workers);
  }
  return workers;
}
