import type { ts as TS } from 'ts-morph';
import { activityFacts } from '../src/analysis/activity-implementation.js';
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

function heartbeatTimeout(proxy: ActivityProxy): string | undefined {
  const value = proxyOptions(proxy).properties.get('heartbeatTimeout');
  return value?.getText();
}
