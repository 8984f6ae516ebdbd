import type { ts as TS } from 'ts-morph';
import { awaitsStep, compensationRegistration, compensationRuns, type Registration } from '../src/analysis/compensations.js';
import { type FunctionNode, isFunctionNode } from '../src/analysis/message-handlers.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'saga-compensation-order',
    description: 'Saga compensations registered after their step is awaited, or run in registration order',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://temporal.io/blog/compensating-actions-part-of-a-complete-breakfast-with-sagas',
    messages: {
      afterStep:
        "This compensation is registered after its step was awaited: if the step takes effect and then times out, or the worker stops between the two lines, the failure path never undoes it. Register the compensation before awaiting the step (make the undo idempotent, keyed by an id the workflow creates first, e.g. with uuid4()).",
      order:
        "Compensations are registered with {{registration}}() and run here {{direction}}, so the first step is undone first: a saga must undo in reverse order of its steps. {{fix}}",
    },
  },
  create(context) {
    const checked = new Set<string>();
    return {
      CallExpression(call: TS.CallExpression) {
        const registration = compensationRegistration(call);
        if (!registration) return;
        if (followsAwaitedStep(call, registration.list)) context.report({ node: call, messageId: 'afterStep' });
        if (registration.method !== 'push' && registration.method !== 'unshift') return;
        const owner = enclosingFunction(call);
        const key = owner && `${owner.pos}:${registration.list}`;
        if (!owner || checked.has(key!)) return;
        checked.add(key!);
        const verdict = runOrder(owner, registration);
        if (verdict) context.report({ node: verdict.node, messageId: 'order', data: verdict.data });
      },
    };
  },
});

/**
 * The registration comes right after an awaited activity or child workflow, in a block whose last
 * step-or-registration is a registration: the pattern `await step(); register(undo)`, where each
 * undo follows its step, whether or not the undo uses the step's result (the fix is an id the
 * workflow makes before the step). In the right pattern, `register(undo); await step()`, a
 * registration also follows the previous step, but the block ends with a step.
 */
function followsAwaitedStep(call: TS.CallExpression, list: string): boolean {
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent))) return false;
  const events = statement.parent.statements.flatMap((s): { s: TS.Statement; kind: 'register' | 'step' }[] => {
    if (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && compensationRegistration(s.expression)?.list === list) return [{ s, kind: 'register' }];
    return awaitsStep(s) ? [{ s, kind: 'step' }] : [];
  });
  const at = events.findIndex((e) => e.s === statement);
  return events[events.length - 1]?.kind === 'register' && events[at - 1]?.kind === 'step';
}

function enclosingFunction(node: TS.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/**
 * How the list is registered (all `push`, or all `unshift`, in the registering function) and run
 * (forward or backward), there or in a function of the file the list is handed to. Undefined when
 * right, mixed or unknown.
 */
function runOrder(owner: FunctionNode, registration: Registration): { node: TS.Node; data: Record<string, string> } | undefined {
  const { list } = registration;
  const methods = new Set<string>();
  forEachRegistration(owner, (found) => {
    if (found.list === list) methods.add(found.method);
  });
  if (methods.size !== 1) return undefined;
  const method = [...methods][0]!;
  for (const run of compensationRuns(owner, registration)) {
    const wrong = (method === 'push' && run.order === 'forward') || (method === 'unshift' && run.order === 'backward');
    if (!wrong) continue;
    const fix = method === 'push' ? `Run them from the end (\`for (const c of [...${list}].reverse())\`), or register with unshift().` : 'With unshift() the newest is already first: iterate forward.';
    return { node: run.node, data: { registration: method, direction: run.order === 'forward' ? 'in registration order' : 'from the end', fix } };
  }
  return undefined;
}

function forEachRegistration(owner: FunctionNode, visit: (registration: Registration) => void): void {
  const pending: TS.Node[] = owner.body ? [owner.body] : [];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isCallExpression(node)) {
      const found = compensationRegistration(node);
      if (found) visit(found);
    }
    ts.forEachChild(node, (child) => void (isFunctionNode(child) || ts.isClassLike(child) ? undefined : pending.push(child)));
  }
}
