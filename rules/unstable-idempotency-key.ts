import type { ts as TS } from 'ts-morph';
import { forEachDescendant, unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Names a key is given in request options and headers. */
const KEY_NAME = /^(idempotency[-_]?key|x-idempotency-key|x-request-id|idempotencytoken|clienttoken|client_token)$/i;
/** Calls whose value is new on every attempt. */
const FRESH_EVERY_TIME = /\b(randomUUID|uuid|uuidv4|v4|nanoid|cuid|ulid|createId)\s*\(|\bDate\.now\s*\(|\bMath\.random\s*\(|\bnew\s+Date\s*\(|\bperformance\.now\s*\(|\brandomBytes\s*\(/;

export default defineRule({
  meta: {
    id: 'unstable-idempotency-key',
    description: 'Idempotency keys made fresh in each activity attempt (random UUIDs, timestamps), which deduplicate nothing',
    context: 'activity',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/activity-definition#idempotency',
    messages: {
      fresh:
        "This idempotency key is made anew on every attempt ({{source}}), so a retried activity sends a different key and the service performs the write again. Derive it from what stays the same across retries: Context.current().info.workflowExecution.workflowId plus activityId, or a key the workflow made with uuid4() and passed in.",
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.PropertyAssignment](property: TS.PropertyAssignment) {
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
        if (!name || !KEY_NAME.test(name)) return;
        const source = freshSource(property.initializer);
        if (source) context.report({ node: property.initializer, messageId: 'fresh', data: { source } });
      },
    };
  },
});

/** The fresh-every-time call the value is built from: directly, or through a const of the same function. */
function freshSource(value: TS.Expression): string | undefined {
  const direct = FRESH_EVERY_TIME.exec(value.getText());
  if (direct) return `${direct[0].replace(/\s*\($/, '')}()`;
  let found: string | undefined;
  forEachDescendant(value, (node) => {
    if (found || !ts.isIdentifier(node)) return;
    const init = constInitializer(node);
    const match = init && FRESH_EVERY_TIME.exec(unwrapExpression(init).getText());
    if (match) found = `${node.text} = ${match[0].replace(/\s*\($/, '')}()`;
  });
  return found;
}
