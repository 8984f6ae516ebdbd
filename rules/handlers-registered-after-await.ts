import type { ts as TS } from 'ts-morph';
import { type FunctionNode, handlerRegistrations, isFunctionNode, resolveFunction } from '../src/analysis/message-handlers.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { durableStep } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/**
 * What happens to a message that arrives before its handler is registered
 * (packages/workflow/src/internals.ts): an update is buffered until the end of the activation, then
 * rejected (`rejectBufferedUpdates`: "No registered handler for update"); a query fails at once
 * (`queryWorkflowNextHandler`: "Workflow did not register a handler for …"); a signal is buffered
 * until a handler is registered (`bufferedSignals`), so it is never lost.
 */
const EARLY_MESSAGE: Record<'update' | 'query', string> = {
  update: 'an update sent before then is rejected at the end of the activation that delivered it ("No registered handler for update"), and its client gets that error',
  query: 'a query sent before then fails ("Workflow did not register a handler"): a UI or a script polling the workflow sees errors while it runs its first steps',
};

export default defineRule({
  meta: {
    id: 'handlers-registered-after-await',
    description: 'Update or query handlers registered after the workflow first awaits, so early updates are rejected and early queries fail',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/message-passing',
    messages: {
      late:
        "This {{kind}} handler is registered only after '{{workflow}}' awaits ({{awaited}}, line {{line}}): the handler exists from the activation in which that await resumes, and {{early}}. Register update and query handlers at the top of the workflow function, before the first await (signals are buffered until their handler exists, so they may wait).",
    },
  },
  create(context) {
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        for (const registration of handlerRegistrations(sourceFile, context)) {
          const { kind, call } = registration;
          if (kind !== 'update' && kind !== 'query') continue;
          const workflow = enclosingWorkflow(call);
          const awaited = workflow && awaitBefore(call, workflow.fn);
          if (!workflow || !awaited) continue;
          const line = String(sourceFile.getLineAndCharacterOfPosition(awaited.getStart(sourceFile)).line + 1);
          context.report({ node: call, messageId: 'late', data: { kind, workflow: workflow.name, awaited: shortText(awaited), line, early: EARLY_MESSAGE[kind] } });
        }
      },
    };
  },
});

/** The exported module-level function (a workflow) the registration is directly in. */
function enclosingWorkflow(node: TS.Node): { fn: FunctionNode; name: string } | undefined {
  let fn: TS.Node | undefined = node.parent;
  while (fn && !isFunctionNode(fn)) fn = fn.parent;
  if (!fn || !isFunctionNode(fn)) return undefined;
  const exported = (n: TS.Node): boolean => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(fn)) return fn.name && ts.isSourceFile(fn.parent) && exported(fn) ? { fn, name: fn.name.text } : undefined;
  const holder = fn.parent;
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return undefined;
  const statement = holder.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) && exported(statement) ? { fn, name: holder.name.text } : undefined;
}

/**
 * The first await that runs before `node` on some path through `fn`: in a statement before it, in
 * one of the blocks that hold it, unless that await is in a branch that always returns or throws.
 */
function awaitBefore(node: TS.Node, fn: FunctionNode): TS.Node | undefined {
  const found: TS.Node[] = [];
  for (let current: TS.Node = node; current !== fn && current.parent; current = current.parent) {
    const parent = current.parent;
    if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) continue;
    for (const statement of parent.statements) {
      if (statement === current) break;
      const awaited = fallThroughAwait(statement);
      if (awaited) found.push(awaited);
    }
  }
  return found.sort((a, b) => a.pos - b.pos)[0];
}

/** An await in `statement` after which control can reach the next statement. */
function fallThroughAwait(statement: TS.Statement): TS.Node | undefined {
  if (ts.isIfStatement(statement)) return firstAwait(statement.expression) ?? branchAwait(statement.thenStatement) ?? (statement.elseStatement && branchAwait(statement.elseStatement));
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return undefined;
  return firstAwait(statement);
}

function branchAwait(branch: TS.Statement): TS.Node | undefined {
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  if (last && (ts.isReturnStatement(last) || ts.isThrowStatement(last))) return undefined;
  return firstAwait(branch);
}

/**
 * The first `await` (or `for await`) in `root` that can end the activation, outside nested functions
 * and classes: not one of a function of the file that neither awaits nor starts anything durable
 * (an `async function assertValid(…)` that only throws resolves in the same activation).
 */
function firstAwait(root: TS.Node, depth = 0): TS.Node | undefined {
  const pending: TS.Node[] = [root];
  let found: TS.Node | undefined;
  while (pending.length) {
    const node = pending.pop()!;
    if (isFunctionNode(node) || ts.isClassLike(node)) continue;
    if ((ts.isAwaitExpression(node) && !settlesAtOnce(node.expression, depth)) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      if (!found || node.pos < found.pos) found = node;
    } else ts.forEachChild(node, (child) => void pending.push(child));
  }
  return found;
}

/** A call of a function of this file whose body awaits nothing that waits and starts no durable step. */
function settlesAtOnce(expression: TS.Expression, depth: number): boolean {
  const value = unwrapExpression(expression);
  if (!ts.isCallExpression(value) || !ts.isIdentifier(unwrapExpression(value.expression)) || depth > 2) return false;
  const fn = resolveFunction(value.expression);
  if (!fn?.body || durableStep(value)) return false;
  let waits = false;
  const pending: TS.Node[] = [fn.body];
  while (pending.length && !waits) {
    const node = pending.pop()!;
    if (ts.isCallExpression(node) && durableStep(node)) waits = true;
    ts.forEachChild(node, (child) => void pending.push(child));
  }
  return !waits && !firstAwait(fn.body, depth + 1);
}

function shortText(node: TS.Node): string {
  if (ts.isForOfStatement(node)) return '`for await`';
  const text = node.getText();
  if (text.length <= 50 && !text.includes('\n')) return `\`${text}\``;
  const open = text.indexOf('(');
  return open > 0 && open <= 50 ? `\`${text.slice(0, open)}(…)\`` : `\`${text.slice(0, 40)}…\``;
}
