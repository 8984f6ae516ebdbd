/**
 * What an error thrown out of workflow code does: a TemporalFailure (ApplicationFailure…) fails the
 * workflow, anything else fails the workflow task, which the worker retries until the code changes
 * (packages/workflow/src/internals.ts `handleWorkflowFailure`), unless the project names that error
 * type as a workflow failure.
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel } from '../project/project-model.js';
import { ts } from '../ts.js';
import { isDeclaredInScope, unwrapExpression } from './syntax.js';

/** ECMAScript's error constructors: none is a TemporalFailure, so the SDK fails the workflow task. */
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Settings that turn chosen error types into workflow failures (packages/workflow/src/interfaces.ts
 * WorkflowDefinitionOptions.failureExceptionTypes, packages/worker/src/worker-options.ts
 * workflowFailureErrorTypes): where a project uses them, a plain Error may well be meant.
 */
const FAILURE_TYPE_SETTINGS = ['failureExceptionTypes', 'workflowFailureErrorTypes'];

/** `new Error(…)`, `Error(…)`, or `new X(…)` for a class of this file that extends a built-in error: how to name it. */
export function plainErrorType(expression: TS.Expression): string | undefined {
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

const settingsCache = new WeakMap<ProjectModel, boolean>();

/** The workflow file or any worker of the project configures error types that fail the workflow. */
export function usesFailureTypeSettings(sourceFile: TS.SourceFile, model: ProjectModel): boolean {
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
