import type { ts as TS } from 'ts-morph';
import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { calleeName, forEachDescendant, isDeclaredInScope, stringValue, unwrapExpression } from '../src/analysis/syntax.js';
import { FROZEN_GLOBALS, FROZEN_NAMESPACES, GLOBAL_OBJECT_NAMES } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** `Object.*` functions that define properties on their first argument, and throw on a frozen one. */
const DEFINING_FUNCTIONS = new Set(['defineProperty', 'defineProperties', 'assign', 'setPrototypeOf']);

/** Every assignment operator but `??=` and `||=`, which write only when the member is missing (a polyfill's feature check). */
function writes(operator: TS.SyntaxKind): boolean {
  const conditional = operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken;
  return operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment && !conditional;
}

export default defineRule({
  meta: {
    id: 'no-frozen-builtin-writes',
    description: 'Writes to built-in globals in workflow code (Error.stackTraceLimit, Math.random, Object.x…), which the sandbox freezes',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      frozen:
        "'{{target}}' is frozen in the workflow sandbox: the worker freezes the built-in globals once the workflow bundle has loaded (reuseV8Context, the default), so this write throws a TypeError and fails the workflow task. {{instead}}",
    },
  },
  create(context) {
    let replaced: ReadonlySet<string> | undefined;
    const report = (node: TS.Node, target: string, member: string | undefined): void => {
      // `globalThis.Array = …` replaces the frozen built-in with the module's own value, which is not frozen.
      replaced ??= replacedGlobals(context.sourceFile);
      if (replaced.has(target.split('.')[0]!) || runsOnlyOutsideWorkflow(node)) return;
      const instead =
        target === 'Error' && member === 'stackTraceLimit'
          ? "Set Error.stackTraceLimit in the worker's own code (it holds for the worker's errors), not in workflow code."
          : 'Keep the value in a variable of your own, or set it in worker code; prototypes (Array.prototype) are not frozen, if a polyfill needs one.';
      context.report({ node, messageId: 'frozen', data: { target: member ? `${target}.${member}` : target, instead } });
    };
    const checkWrite = (write: TS.Node, left: TS.Expression): void => {
      const written = frozenMember(left);
      if (written && !isFeatureChecked(write, left)) report(write, written.target, written.member);
    };
    return {
      BinaryExpression(node: TS.BinaryExpression) {
        if (writes(node.operatorToken.kind)) checkWrite(node, node.left);
      },
      PrefixUnaryExpression(node: TS.PrefixUnaryExpression) {
        if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) checkWrite(node, node.operand);
      },
      PostfixUnaryExpression(node: TS.PostfixUnaryExpression) {
        checkWrite(node, node.operand);
      },
      DeleteExpression(node: TS.DeleteExpression) {
        checkWrite(node, node.expression);
      },
      CallExpression(call: TS.CallExpression) {
        // Object.defineProperty(Error, 'stackTraceLimit', …), Object.assign(Math, {…})
        const name = calleeName(call);
        const callee = unwrapExpression(call.expression);
        if (!name || !DEFINING_FUNCTIONS.has(name) || !ts.isPropertyAccessExpression(callee) || frozenObject(callee.expression) !== 'Object') return;
        const target = call.arguments[0] && frozenObject(call.arguments[0]);
        if (target) report(call, target, name === 'defineProperty' ? stringValue(call.arguments[1]) : undefined);
      },
    };
  },
});

/** Built-ins the file replaces as a whole (`globalThis.Array = …`): the global object itself is not frozen. */
function replacedGlobals(sourceFile: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = unwrapExpression(node.left);
    if (!ts.isPropertyAccessExpression(left) || !FROZEN_GLOBALS.has(left.name.text)) return;
    const base = unwrapExpression(left.expression);
    if (ts.isIdentifier(base) && GLOBAL_OBJECT_NAMES.has(base.text)) names.add(left.name.text);
  });
  return names;
}

/** `Error.stackTraceLimit`, `Math['random']`, `Intl.DateTimeFormat.x`: a member of a frozen built-in. */
function frozenMember(left: TS.Expression): { target: string; member: string | undefined } | undefined {
  const access = unwrapExpression(left);
  if (ts.isPropertyAccessExpression(access)) {
    const target = frozenObject(access.expression);
    return target ? { target, member: access.name.text } : undefined;
  }
  if (ts.isElementAccessExpression(access)) {
    const target = frozenObject(access.expression);
    return target ? { target, member: stringValue(access.argumentExpression) } : undefined;
  }
  return undefined;
}

/**
 * The built-in `expression` names when the sandbox freezes it: a global of FROZEN_GLOBALS (bare or
 * through `globalThis`), or a member of a frozen namespace object (`Intl.DateTimeFormat`). Not a
 * prototype, nor anything a local declaration shadows.
 */
function frozenObject(node: TS.Expression): string | undefined {
  const expression = unwrapExpression(node);
  if (ts.isIdentifier(expression)) return FROZEN_GLOBALS.has(expression.text) && !isDeclaredInScope(expression.text, expression) ? expression.text : undefined;
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  const base = unwrapExpression(expression.expression);
  if (ts.isIdentifier(base) && GLOBAL_OBJECT_NAMES.has(base.text) && !isDeclaredInScope(base.text, base)) return FROZEN_GLOBALS.has(expression.name.text) ? expression.name.text : undefined;
  const owner = frozenObject(base);
  return owner && FROZEN_NAMESPACES.has(owner) && expression.name.text !== 'prototype' ? `${owner}.${expression.name.text}` : undefined;
}

/**
 * A polyfill that writes only when the member is missing (`if (!Promise.withResolvers) …`,
 * `Symbol.dispose ?? (… = …)`): whether it runs depends on the Node the worker runs on, so it is
 * left alone. Recognised by a condition above the write that mentions what it writes.
 */
function isFeatureChecked(write: TS.Node, left: TS.Expression): boolean {
  const written = unwrapExpression(left).getText().replace(/\s+/g, '');
  for (let child: TS.Node = write, parent = write.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return false;
    const condition = ts.isIfStatement(parent) && child !== parent.expression ? parent.expression
      : ts.isConditionalExpression(parent) && child !== parent.condition ? parent.condition
      : ts.isBinaryExpression(parent) && child === parent.right && isShortCircuit(parent.operatorToken.kind) ? parent.left
      : undefined;
    if (condition && condition.getText().replace(/\s+/g, '').includes(written)) return true;
  }
  return false;
}

function isShortCircuit(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}
