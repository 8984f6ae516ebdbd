import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, type HandlerRegistration, handlerRegistrations, isFunctionNode } from '../src/analysis/message-handlers.js';
import { importedFrom, messageSender } from '../src/analysis/message-senders.js';
import { forEachDescendant, stringValue, unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer, exportNamed, importsWorkflowApis, WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule, type RuleContext } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * Words that name a decision, in the state a wait reads or the message that sets it (`approved`,
 * `reviewSignal`, `decision`, `confirm`…). A heuristic: syntax cannot tell who sends a message, but
 * these are how human-in-the-loop workflows name it. Not `manual`, which names how a thing is made
 * (a manual segment, a manual trigger) more often than who decides.
 */
const DECISION_WORDS = /approv|reject|review|decision|decide|confirm|consent|accept|sign_?off|verif|vote|choice|feedback|acknowledg|authori[sz]|permission|human/i;

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
        "This condition() waits with no timeout for '{{state}}', which the {{kind}} '{{message}}' sets and whose name reads as a decision (an approval, a review, a confirmation…): if that {{kind}} never comes, the workflow waits forever, holds whatever it reserved, and nobody is told. Pass a deadline, condition(fn, '2 days'), and handle the false result: remind, escalate, or end with a clear outcome.",
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
        registrations ??= messageSetters(handlerRegistrations(context.sourceFile, context), context);
        const waited = messageWaitedFor(predicate, registrations);
        // A message sent with the start is in the run's first workflow task: the wait ends at once;
        // one another workflow sends is code answering code, not a person (the sender's own waits are judged there).
        if (waited && messageSender(context.model, waited.setter.modules, waited.setter.names)) return;
        if (waited?.decision) {
          if (repeatsAnEarlierWait(call, predicate, waited.state) || endsASession(call, waited, registrations)) return;
          context.report({ node: call, messageId: 'decision', data: { state: waited.state, message: waited.setter.message, kind: waited.setter.kind ?? 'message' } });
        } else if (allMessages && registrations.length) context.report({ node: call, messageId: 'unbounded' });
      },
    };
  },
});

/** A signal or update handler (or one whose kind cannot be seen), its message and the state it sets. */
interface MessageSetter {
  readonly message: string;
  readonly kind: 'signal' | 'update' | undefined;
  readonly sets: ReadonlySet<string>;
  readonly registration: HandlerRegistration;
  /** Where its definition is declared (the workflow's module, or the one it is imported from)… */
  readonly modules: readonly string[];
  /** …and the names a client sends it by: the definition's exported name, the message's name. */
  readonly names: readonly string[];
}

function messageSetters(registrations: readonly HandlerRegistration[], context: RuleContext<string>): MessageSetter[] {
  return registrations
    .filter((r) => r.kind !== 'query')
    .map((r) => {
      const definition = workflowApi(r.call) === 'setHandler' ? r.call.arguments[0] : undefined;
      return {
        message: definition?.getText() ?? r.call.expression.getText(),
        kind: r.kind === 'signal' || r.kind === 'update' ? r.kind : undefined,
        sets: r.handler ? assignedNames(r.handler) : new Set<string>(),
        registration: r,
        ...definitionNames(definition, context),
      };
    });
}

/** Where a `setHandler` definition is declared and the names a client may send it by. */
function definitionNames(definition: TS.Expression | undefined, context: RuleContext<string>): { modules: string[]; names: string[] } {
  const value = definition && unwrapExpression(definition);
  if (!value) return { modules: [], names: [] };
  const base = ts.isPropertyAccessExpression(value) ? unwrapExpression(value.expression) : value;
  const local = ts.isIdentifier(base) ? base.text : undefined;
  const imported = local !== undefined ? importedFrom(context.module, local) : undefined;
  const exported = ts.isPropertyAccessExpression(value) ? value.name.text : imported?.imported ?? local;
  const made = ts.isIdentifier(value) ? constInitializer(value) : undefined;
  const messageName = made && ts.isCallExpression(unwrapExpression(made)) ? stringValue((unwrapExpression(made) as TS.CallExpression).arguments[0]) : undefined;
  return { modules: [context.module.path, ...(imported ? [imported.file] : [])], names: [exported, messageName].filter((n): n is string => n !== undefined) };
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
 * The state a predicate reads that a message handler sets, and whether the state or the message is
 * named as a decision (preferred when several handlers set what it reads). A wait for state only
 * the workflow itself sets is no one's.
 */
function messageWaitedFor(predicate: TS.Expression, setters: readonly MessageSetter[]): { state: string; setter: MessageSetter; decision: boolean } | undefined {
  const read = readNames(predicate);
  let first: { state: string; setter: MessageSetter; decision: boolean } | undefined;
  for (const setter of setters) {
    const shared = [...setter.sets].filter((name) => read.has(name));
    if (!shared.length) continue;
    const state = shared.find((name) => DECISION_WORDS.test(name));
    if (state || DECISION_WORDS.test(setter.message)) return { state: state ?? shared[0]!, setter, decision: true };
    first ??= { state: shared[0]!, setter, decision: false };
  }
  return first;
}

function readNames(root: TS.Node): Set<string> {
  const read = new Set<string>();
  if (ts.isIdentifier(root)) read.add(root.text);
  forEachDescendant(root, (node) => {
    if (ts.isIdentifier(node)) read.add(node.text);
  });
  return read;
}

/** The outermost function a node is in (a workflow function, when the module is a workflow's). */
function outermostFunction(node: TS.Node): FunctionNode | undefined {
  let outermost: FunctionNode | undefined;
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) outermost = current;
  return outermost;
}

/** `await condition(…)` as a statement of the function's own body: it is over before the next statement runs. */
function awaitedInBody(call: TS.CallExpression, fn: FunctionNode): TS.ExpressionStatement | undefined {
  const awaited = call.parent;
  const statement = awaited && ts.isAwaitExpression(awaited) ? awaited.parent : undefined;
  return statement && ts.isExpressionStatement(statement) && statement.parent === fn.body ? statement : undefined;
}

/**
 * The same wait again: an earlier `await condition(<same predicate>)` with no timeout in the workflow's
 * own body has already seen the decision, and nothing but a handler changes it afterwards, so this one
 * returns at once (the first is the one to bound).
 */
function repeatsAnEarlierWait(call: TS.CallExpression, predicate: TS.Expression, state: string): boolean {
  const fn = outermostFunction(call);
  if (!fn?.body || !ts.isBlock(fn.body)) return false;
  const text = predicate.getText().replace(/\s+/g, ' ');
  const earlier = fn.body.statements.some((statement) => {
    if (statement.end > call.getStart() || !ts.isExpressionStatement(statement)) return false;
    const value = unwrapExpression(statement.expression);
    const wait = ts.isAwaitExpression(value) ? unwrapExpression(value.expression) : undefined;
    return wait !== undefined && ts.isCallExpression(wait) && wait !== call && workflowApi(wait) === 'condition' && wait.arguments.length === 1 && unwrapExpression(wait.arguments[0]!).getText().replace(/\s+/g, ' ') === text;
  });
  return earlier && !assignedNames(fn).has(state);
}

/**
 * The wait that ends a session: a workflow that also answers other signals or updates (it is used
 * while it runs, like an entity), whose one-time wait is the last thing it does (only a `return`
 * that does not read the waited state follows). Waiting for the message that closes it costs nothing
 * while it serves the others, as an entity's wait for its next message does; a decision that gates
 * work (an activity, a child, a timer, a result read from it) is still reported.
 */
function endsASession(call: TS.CallExpression, waited: { state: string; setter: MessageSetter }, setters: readonly MessageSetter[]): boolean {
  const fn = outermostFunction(call);
  const statement = fn && awaitedInBody(call, fn);
  if (!fn || !statement || !ts.isBlock(fn.body!)) return false;
  const statements = fn.body.statements;
  const rest = statements.slice(statements.indexOf(statement) + 1);
  const after = rest.every((s) => (ts.isReturnStatement(s) || ts.isExpressionStatement(s)) && !callsOrAwaits(s) && !readNames(s).has(waited.state));
  if (!after) return false;
  const within = (node: TS.Node): boolean => node.pos >= fn.pos && node.end <= fn.end;
  return setters.some((other) => other !== waited.setter && other.kind !== undefined && within(other.registration.call) && ![...other.sets].some((name) => name === waited.state));
}

function callsOrAwaits(root: TS.Node): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    if (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isNewExpression(node)) found = true;
  });
  return found;
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
