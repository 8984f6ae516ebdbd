import type { ts as TS } from 'ts-morph';
import { nonIdempotentWrite, sqlTaggedWrite, type Write } from '../src/analysis/side-effects.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'non-idempotent-write',
    description: 'Writes in activity code that repeat their effect when the activity is retried (POST without an idempotency key, Stripe without idempotencyKey, INSERT without upsert…)',
    context: 'activity',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/activity-definition#idempotency',
    messages: {
      write:
        "{{what}} repeats its effect if Temporal retries this activity (an attempt can succeed and still time out, or its worker can die before reporting): {{fix}}. Derive the key from Context.current().info (workflowExecution.workflowId + activityId) or take it as input from the workflow. (If a unique constraint elsewhere already rejects duplicates, this is safe: suppress it with the reason.)",
    },
  },
  create(context) {
    const report = (node: TS.Node, write: Write | undefined): void => {
      if (write) context.report({ node, messageId: 'write', data: { what: write.what, fix: write.fix } });
    };
    return {
      // A client imported from a project module (`export const prisma = new PrismaClient()`) is followed there.
      CallExpression: (call: TS.CallExpression) => report(call, nonIdempotentWrite(call, context)),
      TaggedTemplateExpression: (node: TS.TaggedTemplateExpression) => report(node, sqlTaggedWrite(node)),
    };
  },
});
