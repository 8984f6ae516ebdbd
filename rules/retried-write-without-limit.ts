import type { ts as TS } from 'ts-morph';
import { activityFacts } from '../src/analysis/activity-implementation.js';
import { type ActivityProxy, activityCall, activityProxies, objectShape, proxyOptions } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'retried-write-without-limit',
    description: 'An activity that does a non-idempotent write, called with unlimited retries and no scheduleToCloseTimeout',
    context: 'workflow',
    severity: 'warn',
    // Strict only: it is a judgement on retry policy, and non-idempotent-write already reports the write itself.
    presets: ['strict'],
    temporalDocs: 'https://docs.temporal.io/encyclopedia/retry-policies',
    messages: {
      unlimited:
        "'{{activity}}' does {{what}} ({{where}}) and is called with Temporal's default retry policy: unlimited attempts and, without scheduleToCloseTimeout, no deadline, so every retry can repeat the write, forever. Make the write idempotent, and bound the retries: retry.maximumAttempts, scheduleToCloseTimeout, or nonRetryableErrorTypes for the errors that will not go away.",
    },
  },
  create(context) {
    if (!activityProxies(context.sourceFile).length) return {};
    const verdicts = new Map<ActivityProxy, boolean>();
    return {
      CallExpression(call: TS.CallExpression) {
        const target = activityCall(call);
        if (!target) return;
        let unbounded = verdicts.get(target.proxy);
        if (unbounded === undefined) verdicts.set(target.proxy, (unbounded = retriesWithoutLimit(target.proxy)));
        if (!unbounded) return;
        const implementation = activityFacts(context.model, target.proxy, target.activity);
        const write = implementation?.write;
        if (implementation && write) context.report({ node: call, messageId: 'unlimited', data: { activity: target.activity, what: write.what, where: implementation.file.split(/[\\/]/).slice(-2).join('/') } });
      },
    };
  },
});

/** Neither retry.maximumAttempts (other than Infinity) nor scheduleToCloseTimeout, as far as the options can be seen. */
function retriesWithoutLimit(proxy: ActivityProxy): boolean {
  const options = proxyOptions(proxy);
  if (!options.complete || options.properties.has('scheduleToCloseTimeout')) return false;
  const retry = options.properties.get('retry');
  if (!retry) return true;
  const policy = objectShape(retry);
  if (!policy.complete) return false;
  // maximumAttempts: Infinity is the SDK's spelling of unlimited (packages/common/src/retry-policy.ts).
  const attempts = policy.properties.get('maximumAttempts');
  return !attempts || /^(Number\.POSITIVE_INFINITY|Infinity)$/.test(attempts.getText());
}
