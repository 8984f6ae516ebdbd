import type { ts as TS } from 'ts-morph';
import { type FunctionNode, isFunctionNode } from '../src/analysis/message-handlers.js';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer, durableStep, workflowApi } from '../src/analysis/temporal-calls.js';
import { isExportedTopLevel, parameterOwner } from '../src/analysis/workflow-inputs.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Ways a workflow starts afresh with an empty history (packages/workflow/src/workflow.ts). */
const CONTINUE_AS_NEW = new Set(['continueAsNew', 'makeContinueAsNewFunc']);

/**
 * WorkflowInfo fields that measure history, which the SDK says "you may safely use … to decide when
 * to continueAsNew" (packages/workflow/src/interfaces.ts).
 */
const HISTORY_MEASURES = new Set(['continueAsNewSuggested', 'historyLength', 'historySize']);

const STEP_NAMES: Record<string, string> = { activity: 'an activity', child: 'a child workflow', timer: 'a timer (sleep)', condition: 'a condition' };

/** Temporal's history limits (docs.temporal.io/workflow-execution/limits). */
const LIMITS = 'past 10,240 events Temporal warns, and at 51,200 events (or 50 MB) it terminates the workflow';

type Loop = TS.WhileStatement | TS.DoStatement | TS.ForStatement;

export default defineRule({
  meta: {
    id: 'unbounded-history',
    description: 'Loops whose history grows without bound (endless, or once per element of an unbounded input) with no continueAsNew',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/continue-as-new',
    messages: {
      endless:
        "This loop never ends on its own and awaits {{step}} on every turn, so the workflow's history grows without bound: " + LIMITS + ". Call continueAsNew() with the state to carry over when workflowInfo().continueAsNewSuggested is true (after `await condition(allHandlersFinished)`).",
      conditionalExits:
        "This loop's only ways out are conditional ({{exits}}): on every turn where none of them fires it awaits {{step}}, and nothing bounds how many such turns there are, so the history grows for as long as the workflow runs: " + LIMITS + ". Call continueAsNew() with the state to carry over when workflowInfo().continueAsNewSuggested is true (after `await condition(allHandlersFinished)`).",
      signalCount:
        "This loop wakes on a timer ({{timer}}) and continues as new only once `{{guard}}` holds, which counts messages, not turns: while no messages come, each wake-up adds events and the count never grows, so the history grows without bound: " + LIMITS + ". Also continue as new when workflowInfo().continueAsNewSuggested is true.",
      perElement:
        "This loop awaits {{step}} once per element of '{{input}}' ({{origin}}, which nothing bounds) and never continues as new: each element adds events to the history, so a large enough input reaches the limit: " + LIMITS + ". Process a bounded slice and continueAsNew with the rest (or when workflowInfo().continueAsNewSuggested is true), or hand batches to child workflows.",
    },
  },
  create(context) {
    const { text } = context.sourceFile;
    // Every finding names a durable step the loop awaits: a file that never writes `await` has none.
    if (!text.includes('await')) return {};
    let fileContinuesAsNew: boolean | undefined;
    // continueAsNew, makeContinueAsNewFunc and continueAsNewSuggested (and any alias's import) spell it out.
    const spellsContinueAsNew = /continueAsNew/i.test(text);
    const endless = (loop: Loop): void => {
      if (!neverEndsOnItsOwn(loop)) {
        if (ts.isForStatement(loop)) perElement(loop);
        return;
      }
      const exits = exitsOf(loop);
      if (exits.some((e) => !e.conditional)) return;
      const step = awaitedStep(loop.statement);
      if (!step) return;
      const drained = drainedQueue(loop, exits);
      if (drained) {
        drainsInput(loop, drained);
        return;
      }
      fileContinuesAsNew ??= spellsContinueAsNew && mentionsContinueAsNew(context.sourceFile);
      if (!fileContinuesAsNew) {
        if (!exits.length) context.report({ node: loopKeyword(loop), messageId: 'endless', data: { step } });
        // A loop that waits for a message on its turns grows with the messages someone sends, and one
        // of them usually ends it (`conclude`); one that turns on timers and activities grows with time.
        else if (!awaitedStep(loop.statement, ['condition'])) context.report({ node: loopKeyword(loop), messageId: 'conditionalExits', data: { step, exits: describeExits(exits) } });
        return;
      }
      const count = continuesOnlyAfterMessages(loop);
      if (count) context.report({ node: loopKeyword(loop), messageId: 'signalCount', data: count });
    };
    const perElement = (loop: TS.ForOfStatement | TS.ForStatement): void => {
      const iterated = ts.isForOfStatement(loop) ? loop.expression : lengthBound(loop);
      const input = iterated && unboundedInput(iterated);
      if (!input) return;
      const step = awaitedStep(loop.statement, ['activity', 'child']);
      const fn = enclosingFunction(loop);
      if (!step || !fn || (spellsContinueAsNew && mentionsContinueAsNew(fn)) || (text.includes('length') && checksLength(fn, input.names))) return;
      // A warning: how large the input gets is the caller's business, which the file cannot see.
      context.report({ node: loopKeyword(loop), messageId: 'perElement', severity: 'warn', data: { step, input: input.text, origin: input.origin } });
    };
    // A drain of a queue the workflow fills from messages has one turn per message received, like a
    // loop that waits for each message; only a queue it did not size (an input, an activity's result) grows the history on its own.
    const drainsInput = (loop: Loop, queue: TS.Expression): void => {
      const input = unboundedInput(queue);
      const step = input && awaitedStep(loop.statement, ['activity', 'child']);
      const fn = enclosingFunction(loop);
      if (!input || !step || !fn || (spellsContinueAsNew && mentionsContinueAsNew(fn))) return;
      context.report({ node: loopKeyword(loop), messageId: 'perElement', severity: 'warn', data: { step, input: input.text, origin: input.origin } });
    };
    return {
      WhileStatement: endless,
      DoStatement: endless,
      ForStatement: endless,
      ForOfStatement: perElement,
    };
  },
});

/** `while (true)`, `do … while (true)`, `for (;;)`, `for (;true;)`. */
function neverEndsOnItsOwn(loop: Loop): boolean {
  const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
  if (!condition) return true;
  const value = unwrapExpression(condition);
  return value.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(value) && value.text !== '0');
}

interface Exit {
  readonly node: TS.Node;
  /** Under an `if`, a `switch` case, a `catch`, or a nested loop of this loop's body: taken only on some turns. */
  readonly conditional: boolean;
}

/**
 * The statements that leave this loop: a `break` of it, a `return`, a `throw` (not in nested functions
 * or classes; a `break` inside a nested loop or switch leaves only that one).
 */
function exitsOf(loop: TS.IterationStatement): Exit[] {
  const exits: Exit[] = [];
  const pending: { node: TS.Node; nested: boolean; conditional: boolean }[] = [{ node: loop.statement, nested: false, conditional: false }];
  while (pending.length) {
    const { node, nested, conditional } = pending.pop()!;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) exits.push({ node, conditional });
    else if (ts.isBreakStatement(node) && (node.label ? isLabelOf(node.label, loop) : !nested)) exits.push({ node, conditional });
    else {
      const inner = nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
      ts.forEachChild(node, (child) => {
        if (isFunctionNode(child) || ts.isClassLike(child)) return;
        pending.push({ node: child, nested: inner, conditional: conditional || isBranch(node, child) });
      });
    }
  }
  return exits.sort((a, b) => a.node.pos - b.node.pos);
}

/** `child` runs only on some paths through `parent`. */
function isBranch(parent: TS.Node, child: TS.Node): boolean {
  if (ts.isIfStatement(parent)) return child !== parent.expression;
  if (ts.isConditionalExpression(parent)) return child !== parent.condition;
  if (ts.isIterationStatement(parent, false)) return child === parent.statement;
  return ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isCatchClause(parent);
}

function describeExits(exits: Exit[]): string {
  const lines = exits.slice(0, 3).map((e) => {
    const sf = e.node.getSourceFile();
    const keyword = ts.isReturnStatement(e.node) ? 'return' : ts.isThrowStatement(e.node) ? 'throw' : 'break';
    return `${keyword} on line ${sf.getLineAndCharacterOfPosition(e.node.getStart(sf)).line + 1}`;
  });
  return lines.join(', ') + (exits.length > 3 ? '…' : '');
}

function isLabelOf(label: TS.Identifier, loop: TS.IterationStatement): boolean {
  return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === label.text;
}

/**
 * The queue an endless loop drains: every turn takes an element off it (`q.shift()` / `q.pop()`, not
 * under a branch), one of the loop's exits is taken when it is empty (`if (q.length === 0) break`,
 * or `if (!item) break` after `const item = q.shift()`), and the loop never puts anything back on it.
 * Such a loop ends once it has worked through what was queued.
 */
function drainedQueue(loop: Loop, exits: readonly Exit[]): TS.Expression | undefined {
  const taken = takenEveryTurn(loop.statement);
  if (!taken.size) return undefined;
  for (const exit of exits) {
    const test = guardingTest(exit.node, loop);
    const queue = test && emptiedQueue(test, taken);
    if (queue && !refills(loop.statement, queue.getText())) return queue;
  }
  return undefined;
}

/** The queues a loop body takes an element off on every turn, keyed by their text, with the name the element is kept in. */
function takenEveryTurn(body: TS.Statement): Map<string, { queue: TS.Expression; item?: string }> {
  const taken = new Map<string, { queue: TS.Expression; item?: string }>();
  const visit = (node: TS.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node) || ts.isIfStatement(node) || ts.isConditionalExpression(node) || ts.isSwitchStatement(node) || ts.isIterationStatement(node, false) || ts.isCatchClause(node)) return;
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) return visit(node.left);
    if (ts.isCallExpression(node) && !node.arguments.length && ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'shift' || node.expression.name.text === 'pop')) {
      const queue = unwrapExpression(node.expression.expression);
      const holder = declarationHolding(node);
      taken.set(queue.getText(), { queue, item: holder });
    }
    ts.forEachChild(node, visit);
  };
  if (ts.isBlock(body)) body.statements.forEach(visit);
  else visit(body);
  return taken;
}

function isShortCircuit(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** `const item = q.shift()` (also `q.shift()!`, `q.shift() as T`): the name the element is kept in. */
function declarationHolding(call: TS.CallExpression): string | undefined {
  let node: TS.Node = call;
  while (ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** The condition of the `if` whose then-branch holds an exit, within the loop. */
function guardingTest(exit: TS.Node, loop: Loop): TS.Expression | undefined {
  for (let child: TS.Node = exit, parent = exit.parent; parent && parent !== loop; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent)) return child === parent.thenStatement ? parent.expression : undefined;
  }
  return undefined;
}

/** The queue a test finds empty: `q.length === 0` (`== 0`, `< 1`, `<= 0`, `!q.length`), or `!item` / `item === undefined` for an element taken off it. */
function emptiedQueue(test: TS.Expression, taken: ReadonlyMap<string, { queue: TS.Expression; item?: string }>): TS.Expression | undefined {
  const value = unwrapExpression(test);
  const lengthOf = (side: TS.Expression): TS.Expression | undefined => {
    const operand = unwrapExpression(side);
    return ts.isPropertyAccessExpression(operand) && operand.name.text === 'length' ? taken.get(unwrapExpression(operand.expression).getText())?.queue : undefined;
  };
  const itemOf = (side: TS.Expression): TS.Expression | undefined => {
    const operand = unwrapExpression(side);
    return ts.isIdentifier(operand) ? [...taken.values()].find((t) => t.item === operand.text)?.queue : undefined;
  };
  if (ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.ExclamationToken) return lengthOf(value.operand) ?? itemOf(value.operand);
  if (!ts.isBinaryExpression(value)) return undefined;
  const kind = value.operatorToken.kind;
  const number = (side: TS.Expression): string | undefined => {
    const operand = unwrapExpression(side);
    return ts.isNumericLiteral(operand) ? operand.text : undefined;
  };
  const isNothing = (side: TS.Expression): boolean => {
    const operand = unwrapExpression(side);
    return operand.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(operand) && operand.text === 'undefined');
  };
  const equality = kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
  if (equality && number(value.right) === '0') return lengthOf(value.left);
  if (equality && number(value.left) === '0') return lengthOf(value.right);
  if (kind === ts.SyntaxKind.LessThanToken && number(value.right) === '1') return lengthOf(value.left);
  if (kind === ts.SyntaxKind.LessThanEqualsToken && number(value.right) === '0') return lengthOf(value.left);
  if (equality && isNothing(value.right)) return itemOf(value.left);
  if (equality && isNothing(value.left)) return itemOf(value.right);
  return undefined;
}

/** The loop puts elements back on the queue (`q.push(…)`, `q.unshift(…)`, an insert by `splice`) or replaces it (`q = …`). */
function refills(body: TS.Statement, queue: string): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && unwrapExpression(node.expression.expression).getText() === queue) {
      const method = node.expression.name.text;
      found = method === 'push' || method === 'unshift' || (method === 'splice' && node.arguments.length > 2);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = unwrapExpression(node.left);
      found = target.getText() === queue || (ts.isElementAccessExpression(target) && unwrapExpression(target.expression).getText() === queue);
    }
  });
  return found;
}

/** The first durable step the body awaits (of the given kinds): the thing that adds events to history on every turn. */
function awaitedStep(body: TS.Statement, kinds?: readonly string[]): string | undefined {
  let step: string | undefined;
  forEachDescendant(body, (node) => {
    if (step || !ts.isAwaitExpression(node)) return;
    const kind = awaitedKind(unwrapExpression(node.expression));
    if (kind && (!kinds || kinds.includes(kind))) step = STEP_NAMES[kind];
  });
  return step;
}

function awaitedKind(expression: TS.Expression): string | undefined {
  if (ts.isCallExpression(expression)) {
    const kind = durableStep(expression);
    if (kind && kind !== 'continue-as-new') return kind;
    // await Promise.race([sleep(…), condition(…)]) and friends
    const callee = unwrapExpression(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') {
      const list = expression.arguments[0] && unwrapExpression(expression.arguments[0]);
      if (list && ts.isArrayLiteralExpression(list)) for (const element of list.elements) {
        const inner = awaitedKind(unwrapExpression(element));
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

/** `root` calls continueAsNew (or makes a continue-as-new function), or reads continueAsNewSuggested. */
function mentionsContinueAsNew(root: TS.Node): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    if (found) return;
    if (ts.isCallExpression(node) && CONTINUE_AS_NEW.has(workflowApi(node) ?? '')) found = true;
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'continueAsNewSuggested') found = true;
  });
  return found;
}

/**
 * An entity loop that wakes on a timer (a `sleep`, or a `condition` with a timeout) and whose every
 * continueAsNew is guarded by a condition on state that only message handlers change (a count of
 * signals): while no messages come, the timer adds events and the guard never turns true.
 */
function continuesOnlyAfterMessages(loop: Loop): { timer: string; guard: string } | undefined {
  const timer = wakesOnTimer(loop.statement);
  if (!timer) return undefined;
  const guards: TS.Expression[] = [];
  let unguarded = false;
  let measured = false;
  forEachDescendant(loop.statement, (node) => {
    if (ts.isPropertyAccessExpression(node) && HISTORY_MEASURES.has(node.name.text)) measured = true;
    if (!ts.isCallExpression(node) || !CONTINUE_AS_NEW.has(workflowApi(node) ?? '')) return;
    const guard = guardOf(node, loop);
    if (guard) guards.push(guard);
    else unguarded = true;
  });
  if (measured || unguarded || !guards.length) return undefined;
  const changedByLoop = assignedNames(loop.statement, false);
  const changedByHandlers = assignedNames(loop.statement.getSourceFile(), true);
  for (const guard of guards) {
    const read = identifiersIn(guard);
    if (!read.some((name) => changedByHandlers.has(name)) || read.some((name) => changedByLoop.has(name))) return undefined;
  }
  return { timer: timer.getText(), guard: guards[0]!.getText() };
}

/** The first `await sleep(…)` or `await condition(fn, timeout)` in the loop's body. */
function wakesOnTimer(body: TS.Statement): TS.CallExpression | undefined {
  let timer: TS.CallExpression | undefined;
  forEachDescendant(body, (node) => {
    if (timer || !ts.isAwaitExpression(node)) return;
    const value = unwrapExpression(node.expression);
    if (!ts.isCallExpression(value)) return;
    const api = workflowApi(value);
    if (api === 'sleep' || (api === 'condition' && value.arguments.length > 1)) timer = value;
  });
  return timer;
}

/** The condition of the nearest `if` (or `?:`, `&&`) between a call and the loop, if any. */
function guardOf(call: TS.Node, loop: Loop): TS.Expression | undefined {
  for (let node = call, parent = call.parent; parent && parent !== loop; node = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && node !== parent.expression) return parent.expression;
    if (ts.isConditionalExpression(parent) && node !== parent.condition) return parent.condition;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && node === parent.right) return parent.left;
  }
  return undefined;
}

function identifiersIn(expression: TS.Expression): string[] {
  const names: string[] = [];
  forEachDescendant(expression, (node) => {
    if (ts.isIdentifier(node)) names.push(node.text);
  });
  if (ts.isIdentifier(expression)) names.push(expression.text);
  return names;
}

/**
 * Names assigned (`x = …`, `x += …`, `x++`, `s.x = …`) in `root`: with `inFunctions`, only inside
 * nested functions (handlers); otherwise only outside them.
 */
function assignedNames(root: TS.Node, inFunctions: boolean): Set<string> {
  const names = new Set<string>();
  const add = (target: TS.Expression): void => {
    const value = unwrapExpression(target);
    if (ts.isIdentifier(value)) names.add(value.text);
    else if (ts.isPropertyAccessExpression(value)) {
      names.add(value.name.text);
      add(value.expression);
    }
  };
  const pending: { node: TS.Node; inFunction: boolean }[] = [{ node: root, inFunction: false }];
  while (pending.length) {
    const { node, inFunction } = pending.pop()!;
    if (inFunction === inFunctions) {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) add(node.left);
      else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) add(node.operand);
    }
    ts.forEachChild(node, (child) => void pending.push({ node: child, inFunction: inFunction || isFunctionNode(child) }));
  }
  return names;
}

/** `for (let i = 0; i < items.length; i++)`: the array whose length bounds the loop. */
function lengthBound(loop: TS.ForStatement): TS.Expression | undefined {
  const condition = loop.condition && unwrapExpression(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  const kind = condition.operatorToken.kind;
  if (kind !== ts.SyntaxKind.LessThanToken && kind !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  const right = unwrapExpression(condition.right);
  return ts.isPropertyAccessExpression(right) && right.name.text === 'length' ? right.expression : undefined;
}

interface UnboundedInput {
  /** The iterated expression as written. */
  readonly text: string;
  /** The names it goes by (the expression and the `const`s it passed through), for a length check. */
  readonly names: string[];
  readonly origin: string;
}

/**
 * An array whose size the workflow does not choose: a parameter of an exported workflow function (or
 * a property of one), or the result of an activity or child workflow (`const ids = await listIds()`),
 * followed through `const`s. A slice, a filter or anything else computed is not followed.
 */
function unboundedInput(expression: TS.Expression): UnboundedInput | undefined {
  const found = (origin: string): UnboundedInput => {
    const text = expression.getText();
    return { text, names: [text, ...names], origin };
  };
  const names: string[] = [];
  let target = unwrapExpression(expression);
  for (let hops = 0; hops < 4; hops++) {
    let base = target;
    while (ts.isPropertyAccessExpression(base)) base = unwrapExpression(base.expression);
    if (ts.isAwaitExpression(base)) {
      const awaited = unwrapExpression(base.expression);
      const step = ts.isCallExpression(awaited) ? durableStep(awaited) : undefined;
      if (step === 'activity') return found(`the result of the activity '${calleeText(awaited as TS.CallExpression)}'`);
      if (step === 'child') return found('the result of a child workflow');
      return undefined;
    }
    if (!ts.isIdentifier(base)) return undefined;
    names.push(base.text);
    const initializer = constInitializer(base);
    if (!initializer) {
      const fn = parameterOwner(base);
      return fn && isExportedTopLevel(fn) ? found('a workflow input') : undefined;
    }
    target = unwrapExpression(initializer);
  }
  return undefined;
}

function calleeText(call: TS.CallExpression): string {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
}


function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** `if (ids.length > 100) throw …`: the workflow bounds the input itself. */
function checksLength(fn: FunctionNode, arrays: string[]): boolean {
  let found = false;
  if (fn.body)
    forEachDescendant(fn.body, (node) => {
      if (found || !ts.isBinaryExpression(node) || !isComparison(node.operatorToken.kind)) return;
      found = [node.left, node.right].some((side) => {
        const operand = unwrapExpression(side);
        return ts.isPropertyAccessExpression(operand) && operand.name.text === 'length' && arrays.includes(operand.expression.getText()) && !isLoopCondition(node);
      });
    });
  return found;
}

/** The `i < items.length` of a `for` loop is the iteration, not a bound. */
function isLoopCondition(node: TS.Node): boolean {
  return ts.isForStatement(node.parent) && node.parent.condition === node;
}

function isComparison(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken || kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken;
}

function loopKeyword(loop: TS.IterationStatement): TS.Node {
  return loop.getFirstToken() ?? loop;
}
