import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, isAsyncFunction, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep, mayCallDurableSteps, objectShape } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

type Step = NonNullable<ReturnType<typeof durableStep>>;

/** What the workflow loses when it does not wait for a step, by kind. */
const CONSEQUENCES: Record<Step | 'helper', string> = {
  activity: 'if the workflow finishes first the activity may never run, and its failure is never seen',
  child: 'the child is terminated when the parent closes (default parentClosePolicy) and its failure is never seen',
  timer: 'nothing waits for the timer, so the code after it runs at once',
  condition: 'nothing waits for the condition, so the code after it runs at once',
  'continue-as-new': 'the workflow goes on running instead of continuing as new',
  helper: 'the workflow does not wait for the activities, timers or children it runs, and their failures are never seen',
};

type Fate = 'used' | 'floating' | 'detached';

export default defineRule({
  meta: {
    id: 'floating-workflow-promise',
    description: 'Activity, child workflow, sleep or condition promises that nothing awaits, returns or keeps',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      floating: "The promise of {{what}} is not awaited, returned or kept: {{consequence}}. Write `await {{call}}`, or keep the promise and await it later (Promise.all, CancellationScope).",
      detached: "{{what}} is started and deliberately not waited for, but {{consequence}}. Keep the promise and await it before the workflow returns (Promise.all), or start a child workflow with parentClosePolicy ABANDON for work that must outlive this one.",
      forEach: "forEach does not wait for an async callback: the {{what}} it starts run unawaited and the workflow moves on. Use `for (const x of …) await …` for one at a time, or `await Promise.all(items.map(async (x) => …))`.",
    },
  },
  create(context) {
    // Every finding is a durable step of the file, or a function of it that runs one.
    if (!mayCallDurableSteps(context.sourceFile)) return {};
    return {
      CallExpression(call: TS.CallExpression) {
        if (isAsyncForEach(call)) {
          context.report({ node: call.arguments[0]!, messageId: 'forEach', data: { what: 'activities, timers or child workflows' } });
          return;
        }
        const kind = durableStep(call) ?? (callsDurableHelper(call) ? 'helper' : undefined);
        if (!kind) return;
        const fate = fateOf(call);
        if (fate === 'used') return;
        const data = (): Record<string, string> => ({ what: describe(call, kind), consequence: CONSEQUENCES[kind], call: shortText(call) });
        if (fate === 'floating') context.report({ node: call, messageId: 'floating', data: data() });
        // `void sleep(…)` is a no-op said out loud; a detached activity or child is work the workflow may lose.
        else if (kind === 'activity' || (kind === 'child' && !abandonsChild(call))) {
          const detached = data();
          context.report({ node: call, messageId: 'detached', data: { ...detached, what: capitalise(detached.what!) }, severity: 'warn' });
        }
      },
    };
  },
});

/** Follows the promise's value outward until something awaits, keeps or drops it. */
function fateOf(call: TS.CallExpression): Fate {
  let node: TS.Node = call;
  // `.catch(handler)` / `.then(onFulfilled, onRejected)` deals with failure: dropping the result is then deliberate.
  let handled = false;
  const dropped = (): Fate => (handled ? 'detached' : 'floating');
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) node = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== node) node = parent;
    else if (ts.isBinaryExpression(parent) && isValuePassingOperator(parent.operatorToken.kind)) {
      if (parent.left === node) return parent.operatorToken.kind === ts.SyntaxKind.CommaToken ? dropped() : 'used';
      node = parent;
    } else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      const method = parent.name.text;
      const chained = parent.parent;
      if ((method === 'catch' && chained.arguments.length >= 1) || (method === 'then' && chained.arguments.length >= 2)) handled = true;
      else if (method !== 'then' && method !== 'finally') return 'used';
      node = chained;
    } else if (ts.isExpressionStatement(parent)) return dropped();
    else if (ts.isVoidExpression(parent)) return 'detached';
    else return 'used';
  }
}

function isValuePassingOperator(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.CommaToken;
}

const helperCache = new WeakMap<FunctionNode, boolean>();

/** A call of an async function of this file whose own body runs durable steps. */
function callsDurableHelper(call: TS.CallExpression): boolean {
  if (!ts.isIdentifier(unwrapExpression(call.expression))) return false;
  const fn = resolveFunction(call.expression);
  if (!fn || !isAsyncFunction(fn) || isInside(call, fn)) return false;
  let durable = helperCache.get(fn);
  if (durable === undefined) {
    durable = false;
    forEachInBody(fn, (node) => {
      if (ts.isCallExpression(node) && durableStep(node)) durable = true;
    });
    helperCache.set(fn, durable);
  }
  return durable;
}

function isInside(node: TS.Node, fn: FunctionNode): boolean {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (current === fn) return true;
  return false;
}

/** `items.forEach(async (x) => { await acts.process(x); })` */
function isAsyncForEach(call: TS.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'forEach') return false;
  const callback = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!callback || !isFunctionNode(callback) || !isAsyncFunction(callback)) return false;
  let durable = false;
  forEachInBody(callback, (node) => {
    if (ts.isCallExpression(node) && (durableStep(node) || callsDurableHelper(node))) durable = true;
  });
  return durable;
}

function describe(call: TS.CallExpression, kind: Step | 'helper'): string {
  const name = shortText(call.expression);
  switch (kind) {
    case 'activity': return `the activity call ${name}()`;
    case 'child': return `${name}() (a child workflow)`;
    case 'timer': return `${name}() (a durable timer)`;
    case 'condition': return `${name}()`;
    case 'continue-as-new': return `${name}()`;
    case 'helper': return `${name}() (an async function that runs workflow steps)`;
  }
}

function shortText(node: TS.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `startChild(wf, { parentClosePolicy: ParentClosePolicy.ABANDON })`: the child is meant to outlive the parent. */
function abandonsChild(call: TS.CallExpression): boolean {
  const policy = objectShape(call.arguments[1]).properties.get('parentClosePolicy');
  return policy !== undefined && /ABANDON/.test(policy.getText());
}
