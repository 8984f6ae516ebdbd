import type { ts as TS } from 'ts-morph';
import { enclosingActivity } from '../src/analysis/activity-functions.js';
import { type FunctionNode, forEachInBody } from '../src/analysis/message-handlers.js';
import { heartbeats } from '../src/analysis/heartbeats.js';
import { activityApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

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
      if (!fn || !awaitsEachTurn(loop) || heartbeats(fn, context)) return;
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
