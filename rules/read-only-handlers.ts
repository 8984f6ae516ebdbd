import type { ts as TS } from 'ts-morph';
import { type FunctionNode, handlerRegistrations, isAsyncFunction } from '../src/analysis/message-handlers.js';
import { forEachDescendant, isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { activityCall, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * `@temporalio/workflow` functions that issue commands or change workflow state
 * (packages/workflow/src/workflow.ts; uuid4 advances the workflow's seeded random generator).
 * Reading functions (workflowInfo, allHandlersFinished, log, currentUpdateInfo…) are fine.
 */
const STATEFUL_WORKFLOW_APIS = new Set([
  'sleep', 'condition', 'scheduleActivity', 'scheduleLocalActivity', 'startChild', 'executeChild', 'continueAsNew', 'makeContinueAsNewFunc',
  'setHandler', 'setDefaultQueryHandler', 'setDefaultSignalHandler', 'setDefaultUpdateHandler', 'upsertSearchAttributes', 'upsertMemo',
  'patched', 'deprecatePatch', 'uuid4', 'setCurrentDetails',
]);

/** Methods that change their receiver in place (ECMAScript Array, Map and Set). */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);

type Role = 'query handler' | 'update validator';

export default defineRule({
  meta: {
    id: 'read-only-handlers',
    description: 'Query handlers and update validators that are async, change workflow state or call workflow APIs',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/message-passing#queries',
    messages: {
      asyncQuery:
        'This query handler is async: the SDK rejects a query handler that returns a Promise ("Query handlers should not return a Promise"), so every query fails. Make it a plain function that returns the value; do async work in an update handler.',
      asyncValidator:
        "This update validator is async: the SDK calls validators synchronously and ignores the Promise, so an error it throws never rejects the update. Make the validator synchronous; checks that need an activity belong in the update handler (throw ApplicationFailure there).",
      mutation:
        "This {{role}} changes '{{target}}', which lives outside it. {{Role}}s must be read-only: queries are not recorded in history and validators do not run on replay, so a change made here is missing when the workflow replays and later logic diverges. Move the change into a signal or update handler.",
      workflowApi:
        "This {{role}} calls {{api}}(), which changes workflow state or schedules work. {{Role}}s must be read-only: they are not recorded in history. Move it into a signal or update handler, or into the workflow body.",
      activity:
        "This {{role}} calls the activity '{{api}}': {{role}}s cannot schedule activities (they are not recorded in history and cannot wait). Call the activity from an update handler or the workflow body.",
    },
  },
  create(context) {
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        const checked = new Set<FunctionNode>();
        for (const registration of handlerRegistrations(sourceFile, context)) {
          const targets: [FunctionNode | undefined, Role][] = [[registration.validator, 'update validator']];
          if (registration.kind === 'query') targets.push([registration.handler, 'query handler']);
          for (const [fn, role] of targets) {
            if (!fn || checked.has(fn)) continue;
            checked.add(fn);
            checkReadOnly(fn, role, context.report);
          }
        }
      },
    };
  },
});

type Report = (descriptor: { node: TS.Node; messageId: 'asyncQuery' | 'asyncValidator' | 'mutation' | 'workflowApi' | 'activity'; data?: Record<string, string> }) => void;

function checkReadOnly(fn: FunctionNode, role: Role, report: Report): void {
  if (isAsyncFunction(fn)) report({ node: fn, messageId: role === 'query handler' ? 'asyncQuery' : 'asyncValidator' });
  const data = (extra: Record<string, string>): Record<string, string> => ({ role, Role: role[0]!.toUpperCase() + role.slice(1), ...extra });
  const problems: { node: TS.Node; messageId: 'mutation' | 'workflowApi' | 'activity'; data: Record<string, string> }[] = [];
  if (fn.body) forEachDescendant(fn.body, (node) => {
    const changed = changedTarget(node);
    if (changed && isOutside(changed, fn)) problems.push({ node, messageId: 'mutation', data: data({ target: changed.getText() }) });
    if (!ts.isCallExpression(node)) return;
    const api = workflowApi(node);
    if (api && STATEFUL_WORKFLOW_APIS.has(api)) problems.push({ node, messageId: 'workflowApi', data: data({ api }) });
    const activity = activityCall(node);
    if (activity) problems.push({ node, messageId: 'activity', data: data({ api: activity.activity }) });
  });
  problems.sort((a, b) => a.node.getStart() - b.node.getStart());
  for (const problem of problems) report(problem);
}

/** The expression a node writes to: an assignment's target, `x++`, `delete o.k`, `list.push(…)`, `Object.assign(o, …)`. */
function changedTarget(node: TS.Node): TS.Expression | undefined {
  if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) return node.left;
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken))
    return node.operand;
  if (ts.isDeleteExpression(node)) return node.expression;
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (MUTATING_METHODS.has(callee.name.text)) return callee.expression;
    const base = unwrapExpression(callee.expression);
    if (callee.name.text === 'assign' && ts.isIdentifier(base) && base.text === 'Object' && !isDeclaredInScope('Object', base)) return node.arguments[0];
  }
  return undefined;
}

/** Whether a written expression's root binding is declared outside the function (so it is workflow state). */
function isOutside(target: TS.Expression, fn: FunctionNode): boolean {
  let root = unwrapExpression(target);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return ts.isArrowFunction(fn);
  if (!ts.isIdentifier(root)) return false;
  return !isDeclaredInScope(root.text, root, fn);
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
