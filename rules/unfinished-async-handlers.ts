import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, handlerRegistrations, isAsyncFunction, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { exportNamed, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * `unfinishedPolicy` values that silence the SDK's unfinished-handler warning (HandlerUnfinishedPolicy
 * in packages/common/src/interfaces.ts; WARN_AND_ABANDON is the default).
 */
const SILENT_POLICIES = new Set(['ABANDON']);

export default defineRule({
  meta: {
    id: 'unfinished-async-handlers',
    description: 'Async signal or update handlers that the workflow can return or continue-as-new without waiting for, and waits that never wait',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/message-passing#wait-for-message-handlers',
    messages: {
      unfinished:
        "This async {{kind}} handler awaits, and '{{workflow}}' can return or continue-as-new while it is still running: the SDK then abandons it (warning TMPRL1102){{consequence}}. Before returning or calling continueAsNew, `await condition(allHandlersFinished)`; if interrupting it is fine, register it with `{ unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON }`.",
      uncalled:
        "This condition's predicate returns the function '{{name}}' instead of calling it: a function is truthy, so the wait ends at once and the workflow goes on (and can finish) with handlers still running. Pass the function itself, `condition({{name}})`, or call it: `condition(() => {{name}}())`.",
      busyWait:
        "This loop waits for `{{test}}` to change without ever yielding: workflow code runs on one thread, so no signal, update or timer can change it while the loop spins. The activation never completes, the worker's isolate times out (isolateExecutionTimeout, 5 s) and the workflow task fails, again on every retry. Wait with `await condition(() => …)` for the state you need instead.",
    },
  },
  create(context) {
    const busyWait = (loop: TS.WhileStatement | TS.DoStatement | TS.ForStatement): void => {
      const test = spinsOn(loop);
      if (test) context.report({ node: loop.getFirstToken() ?? loop, messageId: 'busyWait', data: { test: test.getText() } });
    };
    return {
      WhileStatement: busyWait,
      DoStatement: busyWait,
      ForStatement: busyWait,
      CallExpression(call: TS.CallExpression) {
        const name = workflowApi(call) === 'condition' ? uncalledFunction(call.arguments[0]) : undefined;
        if (name) context.report({ node: call, messageId: 'uncalled', data: { name } });
      },
      SourceFile(sourceFile: TS.SourceFile) {
        let waits: WaitsForHandlers | undefined;
        for (const registration of handlerRegistrations(sourceFile, context)) {
          const { kind, handler, options } = registration;
          if ((kind !== 'signal' && kind !== 'update') || !handler || !isAsyncFunction(handler) || !awaits(handler)) continue;
          const policy = options.properties.get('unfinishedPolicy');
          if (policy ? isSilentPolicy(policy) : !options.complete) continue;
          const workflow = topLevelFunction(registration.call);
          if (!workflow || neverCompletes(workflow.fn) || (waits ??= new WaitsForHandlers(sourceFile)).covers(workflow.fn)) continue;
          const consequence = kind === 'update' ? " and the client waiting on the update gets an error instead of its result" : ', cutting off whatever it was doing';
          context.report({ node: handler, messageId: 'unfinished', data: { kind, workflow: workflow.name, consequence } });
        }
      },
    };
  },
});

/**
 * `condition(() => allHandlersFinished)`: a predicate that returns a function (the SDK's
 * allHandlersFinished, or a function of the file) rather than its result. conditionInner
 * (packages/workflow/src/workflow.ts) resolves as soon as `fn()` is truthy, and a function always is.
 */
function uncalledFunction(predicate: TS.Expression | undefined): string | undefined {
  const fn = predicate && unwrapExpression(predicate);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let returned: TS.Expression | undefined;
  if (!ts.isBlock(fn.body)) returned = fn.body;
  else if (fn.body.statements.length === 1 && ts.isReturnStatement(fn.body.statements[0]!)) returned = fn.body.statements[0].expression;
  const value = returned && unwrapExpression(returned);
  if (!value || !(ts.isIdentifier(value) || ts.isPropertyAccessExpression(value))) return undefined;
  if (exportNamed(value, WORKFLOW_MODULE) === 'allHandlersFinished') return value.getText();
  return ts.isIdentifier(value) && resolveFunction(value) ? value.text : undefined;
}

/**
 * A loop that can only spin: its test has no call, assignment or await, and its body (and a `for`
 * update) neither yields, calls, assigns nor leaves. Nothing it runs can change what it tests, and no
 * handler or timer runs until the activation yields. `while (true) {}` counts too. The test is returned.
 */
function spinsOn(loop: TS.WhileStatement | TS.DoStatement | TS.ForStatement): TS.Expression | undefined {
  const test = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (!test || (ts.isForStatement(loop) && loop.incrementor)) return undefined;
  const value = unwrapExpression(test);
  if (value.kind === ts.SyntaxKind.FalseKeyword || ts.isNumericLiteral(value) || ts.isStringLiteral(value)) return undefined;
  return mayChangeState(test) || mayChangeState(loop.statement) ? undefined : test;
}

function mayChangeState(root: TS.Node): boolean {
  let changes = false;
  const pending: TS.Node[] = [root];
  while (pending.length && !changes) {
    const node = pending.pop()!;
    if (
      ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isTaggedTemplateExpression(node) ||
      ts.isDeleteExpression(node) || ts.isBreakStatement(node) || ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isVariableDeclaration(node) ||
      (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
      ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) ||
      isFunctionNode(node) || ts.isClassLike(node)
    )
      changes = true;
    else ts.forEachChild(node, (child) => void pending.push(child));
  }
  return changes;
}

function awaits(fn: FunctionNode): boolean {
  let found = false;
  forEachInBody(fn, (node) => {
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
  });
  return found;
}

function isSilentPolicy(policy: TS.Expression): boolean {
  const target = unwrapExpression(policy);
  if (ts.isStringLiteral(target)) return SILENT_POLICIES.has(target.text);
  return ts.isPropertyAccessExpression(target) && SILENT_POLICIES.has(target.name.text);
}

/** The module-level function (declaration or `const f = …`) a node is inside, with its name. */
function topLevelFunction(node: TS.Node): { fn: FunctionNode; name: string } | undefined {
  let outermost: FunctionNode | undefined;
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) outermost = current;
  if (!outermost) return undefined;
  if (ts.isFunctionDeclaration(outermost) && outermost.name && ts.isSourceFile(outermost.parent)) return { fn: outermost, name: outermost.name.text };
  const holder = outermost.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isVariableDeclarationList(holder.parent) && ts.isVariableStatement(holder.parent.parent) && ts.isSourceFile(holder.parent.parent.parent))
    return { fn: outermost, name: holder.name.text };
  return undefined;
}

/**
 * A workflow whose body ends in `while (true)` / `for (;;)` with no `break`, `return` or
 * continue-as-new never finishes by itself, so no handler is cut off by its end.
 */
function neverCompletes(fn: FunctionNode): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  const last = fn.body.statements[fn.body.statements.length - 1];
  if (!last || !isEndlessLoopHeader(last)) return false;
  let exits = false;
  forEachInBody(fn, (node) => {
    if (ts.isReturnStatement(node) || ts.isBreakStatement(node)) exits = true;
    else if (ts.isCallExpression(node)) {
      const api = workflowApi(node);
      if (api === 'continueAsNew' || api === 'makeContinueAsNewFunc') exits = true;
    }
  });
  return !exits;
}

function isEndlessLoopHeader(statement: TS.Statement): boolean {
  if (ts.isForStatement(statement)) return !statement.condition;
  if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) return statement.expression.kind === ts.SyntaxKind.TrueKeyword;
  return false;
}

/**
 * Which workflows wait for their handlers: those that mention `allHandlersFinished` themselves or
 * call a module-level function of the file that does.
 */
class WaitsForHandlers {
  private readonly mentioning = new Set<TS.Node>();
  private readonly helperNames = new Set<string>();

  constructor(sourceFile: TS.SourceFile) {
    // Every way of naming it (named import, namespace member, alias) spells the name out.
    if (!sourceFile.text.includes('allHandlersFinished')) return;
    forEachDescendant(sourceFile, (node) => {
      if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return;
      if (exportNamed(node, WORKFLOW_MODULE) !== 'allHandlersFinished') return;
      const owner = topLevelFunction(node);
      if (!owner) return;
      this.mentioning.add(owner.fn);
      this.helperNames.add(owner.name);
    });
  }

  covers(workflow: FunctionNode): boolean {
    if (this.mentioning.has(workflow)) return true;
    if (!this.helperNames.size) return false;
    let calls = false;
    forEachDescendant(workflow, (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && this.helperNames.has(node.expression.text)) calls = true;
    });
    return calls;
  }
}
