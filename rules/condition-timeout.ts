import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, type HandlerRegistration, handlerRegistrations, isFunctionNode } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { exportNamed, importsWorkflowApis, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * Words that name a person's decision, in the state a wait reads or the message that sets it
 * (`approved`, `reviewSignal`, `decision`, `confirm`…). A heuristic: syntax cannot tell who sends a
 * message, but these are how human-in-the-loop workflows name it.
 */
const DECISION_WORDS = /approv|reject|review|decision|decide|confirm|consent|accept|sign_?off|verif|vote|choice|feedback|acknowledg|authori[sz]|permission|manual|human/i;

export default defineRule({
  meta: {
    id: 'condition-timeout',
    description: "condition() waiting once for a person's decision (a signal or update) with no timeout",
    context: 'workflow',
    severity: 'warn',
    // A one-time wait for a person's answer needs a deadline: a warning in recommended. The next-message
    // wait of an entity loop is never reported (isBoundedElsewhere).
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://typescript.temporal.io/api/namespaces/workflow#condition',
    options: {
      allMessages: { type: 'boolean', description: "Also report waits for messages that are not a person's decision (callbacks, shutdown requests): every one-time condition() with no timeout in a workflow that handles signals or updates." },
    },
    messages: {
      decision:
        "This condition() waits for a person's decision ('{{state}}', set by '{{message}}') with no timeout: if nobody answers, the workflow waits forever, holds whatever it reserved, and nobody is told. Pass a deadline, condition(fn, '2 days'), and handle the false result: remind, escalate, or end with a clear outcome.",
      unbounded:
        "This condition() waits for a message (the workflow handles signals or updates) with no timeout: if the person or system never answers, the workflow waits forever and nobody is told. Pass a timeout, condition(fn, '2 days'), and handle the false result: remind, escalate, or fail with a clear result.",
    },
  },
  create(context) {
    if (!importsWorkflowApis(context.sourceFile)) return {};
    const allMessages = context.options.allMessages === true;
    let registrations: readonly MessageSetter[] | undefined;
    return {
      CallExpression(call: TS.CallExpression) {
        if (workflowApi(call) !== 'condition' || call.arguments.length !== 1) return;
        const predicate = unwrapExpression(call.arguments[0]!);
        if (waitsOnlyForHandlers(predicate) || readsContinueAsNewSuggested(predicate)) return;
        if (isBoundedElsewhere(call)) return;
        registrations ??= messageSetters(handlerRegistrations(context.sourceFile, context));
        const decision = decisionWaitedFor(predicate, registrations);
        if (decision) context.report({ node: call, messageId: 'decision', data: decision });
        else if (allMessages && registrations.length) context.report({ node: call, messageId: 'unbounded' });
      },
    };
  },
});

/** A signal or update handler (or one whose kind cannot be seen), its message's name and the state it sets. */
interface MessageSetter {
  readonly message: string;
  readonly sets: ReadonlySet<string>;
}

function messageSetters(registrations: readonly HandlerRegistration[]): MessageSetter[] {
  return registrations
    .filter((r) => r.kind !== 'query')
    .map((r) => ({ message: workflowApi(r.call) === 'setHandler' ? (r.call.arguments[0]?.getText() ?? '') : r.call.expression.getText(), sets: r.handler ? assignedNames(r.handler) : new Set<string>() }));
}

/** Names a handler assigns (`approved = …`, `state.approved = …`, `decisions.push(…)`): the state its message sets. */
function assignedNames(handler: FunctionNode): Set<string> {
  const names = new Set<string>();
  const add = (target: TS.Expression): void => {
    const value = unwrapExpression(target);
    if (ts.isIdentifier(value)) names.add(value.text);
    else if (ts.isPropertyAccessExpression(value)) {
      names.add(value.name.text);
      add(value.expression);
    } else if (ts.isElementAccessExpression(value)) add(value.expression);
  };
  forEachInBody(handler, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) add(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) add(node.operand);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) add(node.expression.expression);
  });
  return names;
}

/**
 * The state a predicate reads that a message handler sets, when the state or the message is named
 * as a person's decision. A wait for state only the workflow itself sets is no one's decision.
 */
function decisionWaitedFor(predicate: TS.Expression, setters: readonly MessageSetter[]): { state: string; message: string } | undefined {
  const read = new Set<string>();
  forEachDescendant(predicate, (node) => {
    if (ts.isIdentifier(node)) read.add(node.text);
  });
  for (const setter of setters) {
    const shared = [...setter.sets].filter((name) => read.has(name));
    if (!shared.length) continue;
    const state = shared.find((name) => DECISION_WORDS.test(name));
    if (state || DECISION_WORDS.test(setter.message)) return { state: state ?? shared[0]!, message: setter.message };
  }
  return undefined;
}

/** `condition(allHandlersFinished)`: waiting for the workflow's own handlers, which always finish. */
function waitsOnlyForHandlers(predicate: TS.Expression): boolean {
  if (exportNamed(predicate, WORKFLOW_MODULE) === 'allHandlersFinished') return true;
  if (!ts.isArrowFunction(predicate) || ts.isBlock(predicate.body)) return false;
  const body = unwrapExpression(predicate.body);
  return ts.isCallExpression(body) && exportNamed(body.expression, WORKFLOW_MODULE) === 'allHandlersFinished';
}

function readsContinueAsNewSuggested(predicate: TS.Expression): boolean {
  return /\bcontinueAsNewSuggested\b/.test(predicate.getText());
}

/**
 * Bounded by something else: raced against a timer (`Promise.race([condition(…), sleep(…)])`), in a
 * `CancellationScope.withTimeout`, or waiting for the next message inside a loop (an entity's main
 * loop, whose lifetime other checks cover).
 */
function isBoundedElsewhere(call: TS.CallExpression): boolean {
  for (let node: TS.Node = call, parent = call.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent) && /^Promise\.race$/.test(parent.parent.expression.getText())) return true;
    if (ts.isCallExpression(parent) && /withTimeout$/.test(parent.expression.getText()) && isFunctionNode(node)) return true;
    if (ts.isIterationStatement(parent, false) && parent.statement === node) return true;
    if (isFunctionNode(parent)) return isHandedToWithTimeout(parent);
  }
  return false;
}

function isHandedToWithTimeout(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return ts.isCallExpression(parent) && /withTimeout$/.test(parent.expression.getText());
}
