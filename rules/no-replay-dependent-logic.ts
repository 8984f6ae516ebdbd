import type { ts as TS } from 'ts-morph';
import { calleeName, unwrapExpression } from '../src/analysis/syntax.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** `workflowInfo().unsafe` members whose value differs between the first run and a replay. */
const REPLAY_DEPENDENT = new Set(['isReplaying', 'isReplayingHistoryEvents', 'now']);
/** Calls that only log: guarding them with isReplaying is the documented use. */
const LOGGERS = new Set(['console', 'log', 'logger']);

export default defineRule({
  meta: {
    id: 'no-replay-dependent-logic',
    description: 'workflowInfo().unsafe.isReplaying / unsafe.now() steering workflow logic',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://typescript.temporal.io/api/interfaces/workflow.UnsafeWorkflowInfo',
    messages: {
      replaying: "'unsafe.{{member}}' differs between the first execution and a replay: workflow logic that depends on it issues different commands on replay and fails with a non-determinism error. Use it only to silence logging; for side effects that must happen once, use an activity.",
      now: "'unsafe.now()' is the real clock, which differs on replay: use Date.now() (deterministic in workflows) for workflow logic, and keep unsafe.now() for logging and metrics.",
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.PropertyAccessExpression](node: TS.PropertyAccessExpression) {
        const member = node.name.text;
        if (!REPLAY_DEPENDENT.has(member) || !isUnsafeAccess(node.expression)) return;
        if (member === 'now') {
          const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
          if (call && !isOnlyLogged(call)) context.report({ node: call, messageId: 'now' });
        } else if (!guardsOnlyLogging(node)) {
          context.report({ node, messageId: 'replaying', data: { member } });
        }
      },
    };
  },
});

function isUnsafeAccess(node: TS.Expression): boolean {
  const target = unwrapExpression(node);
  return ts.isPropertyAccessExpression(target) && target.name.text === 'unsafe';
}

/** `if (!unsafe.isReplaying) log.info(…)`: the only thing the condition decides is whether to log. */
function guardsOnlyLogging(node: TS.Node): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.expression === child) {
      return onlyLogs(parent.thenStatement) && (!parent.elseStatement || onlyLogs(parent.elseStatement));
    }
    if (ts.isBinaryExpression(parent) && parent.left === child && isShortCircuit(parent)) return onlyLogs(parent.right);
    if (!ts.isPrefixUnaryExpression(parent) && !ts.isParenthesizedExpression(parent) && !ts.isBinaryExpression(parent)) return false;
  }
  return false;
}

function isShortCircuit(node: TS.BinaryExpression): boolean {
  const kind = node.operatorToken.kind;
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}

/** Every call under `node` is a logging call (and there is at least nothing else with effects). */
function onlyLogs(node: TS.Node): boolean {
  let clean = true;
  const pending: TS.Node[] = [node];
  while (pending.length && clean) {
    const current = pending.pop()!;
    if (ts.isCallExpression(current) && !isLoggingCall(current)) clean = false;
    else if (ts.isAwaitExpression(current) || ts.isReturnStatement(current) || ts.isThrowStatement(current) || (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken)) clean = false;
    else if (!ts.isCallExpression(current)) ts.forEachChild(current, (c) => void pending.push(c));
  }
  return clean;
}

function isLoggingCall(call: TS.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const base = unwrapExpression(callee.expression);
  return ts.isIdentifier(base) && LOGGERS.has(base.text);
}

/** `log.info('took', unsafe.now() - start)`: the value only reaches a logging call. */
function isOnlyLogged(call: TS.CallExpression): boolean {
  for (let parent: TS.Node | undefined = call.parent; parent; parent = parent.parent) {
    if (ts.isCallExpression(parent)) return isLoggingCall(parent) || calleeName(parent) === 'String';
    if (ts.isStatement(parent) || ts.isFunctionLike(parent)) return false;
  }
  return false;
}
