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
          if (waitsOnlyForRaisedFlags(handler, workflow.fn)) continue;
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
 * A workflow whose body ends in `while (true)` / `for (;;)`, or reaches a wait nothing can end
 * (`await condition(() => false)`, `await new Promise(() => {})`; what follows it never runs), with
 * no `break`, `return` or continue-as-new before, never finishes by itself, so no handler is cut off
 * by its end.
 */
function neverCompletes(fn: FunctionNode): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  const statements = fn.body.statements;
  const last = statements[statements.length - 1];
  const forever = statements.find(waitsForever);
  const end = forever ?? (last && isEndlessLoopHeader(last) ? last : undefined);
  if (!end) return false;
  let exits = false;
  forEachInBody(fn, (node) => {
    if (forever && node.pos >= forever.end) return;
    if (ts.isReturnStatement(node) || ts.isBreakStatement(node)) exits = true;
    else if (ts.isCallExpression(node)) {
      const api = workflowApi(node);
      if (api === 'continueAsNew' || api === 'makeContinueAsNewFunc') exits = true;
    }
  });
  return !exits;
}

/** `await condition(() => false)` with no timeout, or `await new Promise(() => {})` (an executor that never settles it). */
function waitsForever(statement: TS.Statement): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const awaited = unwrapExpression(statement.expression);
  const value = ts.isAwaitExpression(awaited) ? unwrapExpression(awaited.expression) : undefined;
  if (value && ts.isNewExpression(value) && value.expression.getText() === 'Promise') {
    const executor = value.arguments?.[0] && unwrapExpression(value.arguments[0]);
    return executor !== undefined && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) && !executor.parameters.length && ts.isBlock(executor.body) && !executor.body.statements.length;
  }
  if (!value || !ts.isCallExpression(value) || workflowApi(value) !== 'condition' || value.arguments.length !== 1) return false;
  const predicate = unwrapExpression(value.arguments[0]!);
  return (ts.isArrowFunction(predicate) || ts.isFunctionExpression(predicate)) && !ts.isBlock(predicate.body) && unwrapExpression(predicate.body).kind === ts.SyntaxKind.FalseKeyword;
}

function isEndlessLoopHeader(statement: TS.Statement): boolean {
  if (ts.isForStatement(statement)) return !statement.condition;
  if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) return statement.expression.kind === ts.SyntaxKind.TrueKeyword;
  return false;
}

/**
 * A handler whose only awaits are `condition(() => flag)` (flags joined by `&&`) for flags the
 * workflow's own body raises (`flag = true`, a statement of the body, not under a branch) before
 * any `return` or continue-as-new, and nothing ever lowers: the handler finishes in the activation
 * in which the flag goes up (the SDK checks blocked conditions after each job, tryUnblockConditions
 * in packages/workflow/src/worker-interface.ts) or at once when it starts later (conditionInner
 * evaluates the predicate eagerly), so the workflow cannot end while it runs. The early-return
 * update of Temporal's samples is this shape.
 */
function waitsOnlyForRaisedFlags(handler: FunctionNode, workflow: FunctionNode): boolean {
  const flags = new Set<string>();
  let onlyFlags = true;
  forEachInBody(handler, (node) => {
    if (ts.isForOfStatement(node) && node.awaitModifier) onlyFlags = false;
    if (!ts.isAwaitExpression(node)) return;
    const waited = unwrapExpression(node.expression);
    const names = ts.isCallExpression(waited) && workflowApi(waited) === 'condition' ? flagsOf(waited.arguments[0]) : undefined;
    if (names) names.forEach((name) => flags.add(name));
    else onlyFlags = false;
  });
  if (!onlyFlags || !flags.size || !workflow.body || !ts.isBlock(workflow.body)) return false;
  const statements = workflow.body.statements;
  const raised = [...flags].map((flag) => statements.findIndex((statement) => raises(statement, flag)));
  if (raised.some((index) => index < 0)) return false;
  const last = statements[Math.max(...raised)]!;
  let endsBefore = false;
  forEachInBody(workflow, (node) => {
    if (node.getStart() >= last.getStart()) return;
    if (ts.isReturnStatement(node) || (ts.isCallExpression(node) && (workflowApi(node) === 'continueAsNew' || workflowApi(node) === 'makeContinueAsNewFunc'))) endsBefore = true;
  });
  return !endsBefore && ![...flags].some((flag) => lowered(workflow, flag));
}

/** `() => a`, `() => a && b`: the flags a predicate waits for; undefined for any other predicate. */
function flagsOf(predicate: TS.Expression | undefined): string[] | undefined {
  const fn = predicate && unwrapExpression(predicate);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let body: TS.Node | undefined = fn.body;
  if (ts.isBlock(body)) body = body.statements.length === 1 && ts.isReturnStatement(body.statements[0]!) ? body.statements[0].expression : undefined;
  const names: string[] = [];
  const collect = (expression: TS.Expression): boolean => {
    const value = unwrapExpression(expression);
    if (ts.isIdentifier(value)) return names.push(value.text) > 0;
    return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && collect(value.left) && collect(value.right);
  };
  return body && ts.isExpression(body as TS.Node) && collect(body as TS.Expression) ? names : undefined;
}

/** `flag = true;` as a statement. */
function raises(statement: TS.Statement, flag: string): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const value = unwrapExpression(statement.expression);
  return ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrapExpression(value.left)) && (unwrapExpression(value.left) as TS.Identifier).text === flag && value.right.kind === ts.SyntaxKind.TrueKeyword;
}

/** Anything but `flag = true` assigned to the flag, anywhere in the workflow (handlers included). */
function lowered(workflow: FunctionNode, flag: string): boolean {
  let found = false;
  forEachDescendant(workflow, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind < ts.SyntaxKind.FirstAssignment || node.operatorToken.kind > ts.SyntaxKind.LastAssignment) return;
    const target = unwrapExpression(node.left);
    if (ts.isIdentifier(target) && target.text === flag && !(node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.right.kind === ts.SyntaxKind.TrueKeyword)) found = true;
  });
  return found;
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
