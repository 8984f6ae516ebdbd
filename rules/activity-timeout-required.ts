import type { ts as TS } from 'ts-morph';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { mayCallDurableSteps, objectShape, type ObjectShape, proxyMadeBy, proxyOptions, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * Calls whose activity options the SDK validates, and where the options argument is
 * (`validateActivityOptions` in packages/workflow/src/workflow.ts of temporalio/sdk-typescript:
 * "Required either scheduleToCloseTimeout or startToCloseTimeout").
 */
const OPTIONS_ARGUMENT: Readonly<Record<string, number>> = {
  proxyActivities: 0,
  proxyLocalActivities: 0,
  scheduleActivity: 2,
  scheduleLocalActivity: 2,
};

const TIMEOUTS = ['startToCloseTimeout', 'scheduleToCloseTimeout'];

export default defineRule({
  meta: {
    id: 'activity-timeout-required',
    description: 'Activity options without startToCloseTimeout or scheduleToCloseTimeout',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/encyclopedia/detecting-activity-failures#start-to-close-timeout',
    messages: {
      missing:
        "{{call}}() options have neither startToCloseTimeout nor scheduleToCloseTimeout: the SDK throws 'Required either scheduleToCloseTimeout or startToCloseTimeout' when the workflow runs, failing its workflow task on every attempt. Set startToCloseTimeout to the longest a single attempt may take (and scheduleToCloseTimeout to bound all retries).",
      none: "{{call}}() without options throws a TypeError when the workflow runs, failing its workflow task on every attempt. Pass at least { startToCloseTimeout: '…' }.",
    },
  },
  create(context) {
    // The calls checked are workflow APIs and helpers that make one of the file's proxies.
    if (!mayCallDurableSteps(context.sourceFile)) return {};
    return {
      CallExpression(call: TS.CallExpression) {
        const api = workflowApi(call);
        const index = api === undefined ? undefined : OPTIONS_ARGUMENT[api];
        if (index === undefined) return checkHelper(call);
        const options = call.arguments[index];
        if (!options || isUndefined(options)) {
          // A spread argument list (`proxyActivities(...args)`) may well hold the options.
          if (!call.arguments.some(ts.isSpreadElement)) context.report({ node: call, messageId: 'none', data: { call: api! } });
          return;
        }
        const shape = objectShape(options);
        // Options wfo cannot see in full (a parameter, a call's result, a spread of either) are not guessed at.
        if (!shape.complete) return;
        if (!hasTimeout(shape)) context.report({ node: options, messageId: 'missing', data: { call: api! } });
      },
    };

    /**
     * `makeProxy({ retry })` where the helper passes its parameter into the proxy's options
     * (`proxyActivities({ ...DEFAULTS, ...options })`): judged with the caller's argument in place
     * of the parameter. Options complete in the helper itself are judged there, once.
     */
    function checkHelper(call: TS.CallExpression): void {
      const proxy = proxyMadeBy(call);
      if (!proxy || objectShape(proxy.call.arguments[0]).complete) return;
      const shape = proxyOptions(proxy);
      if (shape.complete && !hasTimeout(shape)) context.report({ node: call.arguments[0] ?? call, messageId: 'missing', data: { call: call.expression.getText() } });
    }
  },
});

function hasTimeout(shape: ObjectShape): boolean {
  return TIMEOUTS.some((name) => {
    const value = shape.properties.get(name);
    return value !== undefined && !isUndefined(value);
  });
}

function isUndefined(expression: TS.Expression): boolean {
  const target = unwrapExpression(expression);
  return (ts.isIdentifier(target) && target.text === 'undefined') || ts.isVoidExpression(target);
}
