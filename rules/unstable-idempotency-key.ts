import type { ts as TS } from 'ts-morph';
import { forEachDescendant, stringValue, unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer } from '../src/analysis/temporal-calls.js';
import { FRESH_EVERY_ATTEMPT, IDEMPOTENCY_KEY_NAME } from '../src/domain/side-effects.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';


/** Methods that set a header on a Headers object (or an axios/got headers helper). */
const HEADER_SETTERS = new Set(['set', 'append']);

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
    const check = (value: TS.Expression): void => {
      const source = freshSource(value);
      if (source) context.report({ node: value, messageId: 'fresh', data: { source } });
    };
    return {
      // { idempotencyKey: … }, { 'Idempotency-Key': … }
      PropertyAssignment(property: TS.PropertyAssignment) {
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
        if (name && IDEMPOTENCY_KEY_NAME.test(name)) check(property.initializer);
      },
      // { idempotencyKey } where const idempotencyKey = randomUUID()
      ShorthandPropertyAssignment(property: TS.ShorthandPropertyAssignment) {
        if (IDEMPOTENCY_KEY_NAME.test(property.name.text)) check(property.name);
      },
      // headers.set('Idempotency-Key', …), headers.append(…)
      CallExpression(call: TS.CallExpression) {
        const callee = call.expression;
        const [name, value] = call.arguments;
        if (!ts.isPropertyAccessExpression(callee) || !HEADER_SETTERS.has(callee.name.text) || !name || !value) return;
        const header = stringValue(name);
        if (header && IDEMPOTENCY_KEY_NAME.test(header)) check(value);
      },
    };
  },
});

/** The fresh-every-time call the value is built from: directly, or through a const of the same function. */
function freshSource(value: TS.Expression): string | undefined {
  const direct = FRESH_EVERY_ATTEMPT.exec(value.getText());
  if (direct) return `${direct[0].replace(/\s*\($/, '')}()`;
  let found: string | undefined;
  forEachDescendant(value, (node) => {
    if (found || !ts.isIdentifier(node)) return;
    const init = constInitializer(node);
    const match = init && FRESH_EVERY_ATTEMPT.exec(unwrapExpression(init).getText());
    if (match) found = `${node.text} = ${match[0].replace(/\s*\($/, '')}()`;
  });
  return found;
}
