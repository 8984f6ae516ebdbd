import type { ts as TS } from 'ts-morph';
import { activityCallers } from '../src/analysis/activity-callers.js';
import { enclosingActivity } from '../src/analysis/activity-functions.js';
import { durationValue } from '../src/analysis/durations.js';
import { type FunctionNode, forEachInBody } from '../src/analysis/message-handlers.js';
import { heartbeats } from '../src/analysis/heartbeats.js';
import { activityApi, proxyOptions } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import type { ProjectModel } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

/**
 * An attempt capped at this (startToCloseTimeout, or scheduleToCloseTimeout) ends, and a dead
 * worker is noticed, about as soon as a heartbeatTimeout would notice it: heartbeat timeouts are
 * tens of seconds (docs.temporal.io, "Activity Heartbeat"), and the attempt cannot run longer anyway.
 */
const SHORT_ATTEMPT_MS = 60_000;

/** How an activity learns it was cancelled (packages/activity/src/index.ts): only through heartbeats. */
const CANCELLATION = new Set(['cancellationSignal', 'cancelled']);

export default defineRule({
  meta: {
    id: 'activity-heartbeat',
    description: 'Activities that loop over awaited work, or wait for cancellation, without heartbeating',
    context: 'activity',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/encyclopedia/detecting-activity-failures#activity-heartbeat',
    messages: {
      loop:
        "This activity loops over awaited work without calling heartbeat(): Temporal cannot tell a slow attempt from a dead worker until startToCloseTimeout, and a cancellation never reaches it. Call heartbeat(progress) in the loop and set heartbeatTimeout on the activity's options (heartbeat details also let a retry resume where the last attempt stopped).",
      cancellation:
        "{{api}} is only ever triggered by a heartbeat: an activity that never calls heartbeat() is never told it was cancelled. Call heartbeat() regularly (and set heartbeatTimeout).",
    },
  },
  create(context) {
    return {
      CallExpression(call: TS.CallExpression) {
        const api = activityApi(call);
        if (api && CANCELLATION.has(api) && !heartbeats(context.sourceFile, context)) context.report({ node: call, messageId: 'cancellation', data: { api: `${api}()` } });
      },
      PropertyAccessExpression(access: TS.PropertyAccessExpression) {
        // Context.current().cancellationSignal / .cancelled are properties, not calls.
        if (!CANCELLATION.has(access.name.text) || !ts.isCallExpression(access.expression) || !/\bContext\.current\s*\(\s*\)$/.test(access.expression.getText())) return;
        if (!heartbeats(context.sourceFile, context)) context.report({ node: access, messageId: 'cancellation', data: { api: `Context.current().${access.name.text}` } });
      },
      ForOfStatement: checkLoop,
      ForInStatement: checkLoop,
      ForStatement: checkLoop,
      WhileStatement: checkLoop,
      DoStatement: checkLoop,
    };

    function checkLoop(loop: TS.IterationStatement): void {
      const fn = enclosingActivity(loop, context.module);
      if (!fn || !awaitsEachTurn(loop) || insideAwaitingLoop(loop, fn) || heartbeats(fn, context)) return;
      if (everyCallerCapsAttempts(context.model, context.module.path, fn)) return;
      context.report({ node: loop.getFirstToken() ?? loop, messageId: 'loop' });
    }
  },
});

function awaitsEachTurn(loop: TS.IterationStatement): boolean {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return true;
  let found = false;
  const fn = { body: loop.statement } as unknown as FunctionNode;
  forEachInBody(fn, (node) => {
    if (ts.isAwaitExpression(node)) found = true;
  });
  return found;
}

/** A loop nested in another loop of the same function that awaits each turn: that one is reported. */
function insideAwaitingLoop(loop: TS.IterationStatement, fn: FunctionNode): boolean {
  for (let node: TS.Node = loop.parent; node && node !== fn; node = node.parent) if (ts.isIterationStatement(node, false) && awaitsEachTurn(node)) return true;
  return false;
}

/**
 * Every proxy that calls the activity (see activityCallers) caps its attempts at SHORT_ATTEMPT_MS or
 * less: heartbeating would tell Temporal of a dead worker hardly sooner than the timeout does.
 * Activities with no caller in sight are judged as before.
 */
function everyCallerCapsAttempts(model: ProjectModel, file: string, fn: FunctionNode): boolean {
  const name = activityName(fn);
  const callers = name === undefined ? [] : activityCallers(model, file, name);
  return callers.length > 0 && callers.every(({ proxy }) => {
    const options = proxyOptions(proxy).properties;
    const caps = ['startToCloseTimeout', 'scheduleToCloseTimeout'].map((option) => durationValue(options.get(option))).filter((ms): ms is number => ms !== undefined && ms > 0);
    return caps.length > 0 && Math.min(...caps) <= SHORT_ATTEMPT_MS;
  });
}

/** The name a worker registers an activity function under: its declaration's, or its property's. */
function activityName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)) return holder.name.text;
  return undefined;
}
