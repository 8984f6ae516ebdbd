import type { ts as TS } from 'ts-morph';
import { activityFacts } from '../src/analysis/activity-implementation.js';
import { durationValue } from '../src/analysis/durations.js';
import { type ActivityProxy, activityCall, activityProxies, proxyOptions } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'heartbeat-timeout-without-heartbeat',
    description: 'heartbeatTimeout set for an activity whose implementation never heartbeats',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/encyclopedia/detecting-activity-failures#heartbeat-timeout',
    messages: {
      never:
        "'{{activity}}' is called with heartbeatTimeout {{timeout}}, but its implementation ({{where}}) never calls heartbeat(): every attempt that runs longer than {{timeout}} times out and is retried, however healthy. Heartbeat from the activity (with progress details), or drop heartbeatTimeout.",
    },
  },
  create(context) {
    if (!activityProxies(context.sourceFile).length) return {};
    const reported = new Set<string>();
    return {
      CallExpression(call: TS.CallExpression) {
        const target = activityCall(call);
        const timeout = target && heartbeatTimeout(target.proxy);
        if (!target || !timeout || reported.has(target.activity)) return;
        const implementation = activityFacts(context.model, target.proxy, target.activity);
        if (!implementation || implementation.heartbeats) return;
        reported.add(target.activity);
        context.report({ node: call, messageId: 'never', data: { activity: target.activity, timeout, where: implementation.file.split(/[\\/]/).slice(-2).join('/') } });
      },
    };
  },
});

/**
 * The heartbeatTimeout's text, when it can time out an attempt before anything else does. The
 * heartbeat timer runs from the attempt's start (or its last heartbeat), like the start-to-close
 * timer, and the schedule-to-close timer ends every attempt too (the server clamps heartbeatTimeout
 * to it: ValidateActivityScheduleAttributes, mirrored in the Go SDK's test environment as
 * `minDur(HeartbeatTimeout, ScheduleToCloseTimeout)`). A heartbeatTimeout at least as long as either
 * never fires first, so an activity that never heartbeats loses nothing to it.
 */
function heartbeatTimeout(proxy: ActivityProxy): string | undefined {
  const options = proxyOptions(proxy).properties;
  const value = options.get('heartbeatTimeout');
  if (!value) return undefined;
  const heartbeat = durationValue(value);
  const caps = ['startToCloseTimeout', 'scheduleToCloseTimeout'].map((name) => durationValue(options.get(name))).filter((ms): ms is number => ms !== undefined && ms > 0);
  if (heartbeat !== undefined && caps.some((cap) => heartbeat >= cap)) return undefined;
  return value.getText();
}
