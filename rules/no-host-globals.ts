import type { ts as TS } from 'ts-morph';
import { globalUse } from '../src/analysis/globals.js';
import { isDeclaredInScope, stringValue, unwrapExpression } from '../src/analysis/syntax.js';
import { BUNDLE_TIME_REQUIRE_MEMBERS, BUNDLER_SUBSTITUTED_GLOBALS } from '../src/domain/workflow-bundler.js';
import { GLOBAL_OBJECT_NAMES, MISSING_GLOBALS, SANDBOX_CONSOLE_METHODS } from '../src/domain/workflow-sandbox.js';
import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-host-globals',
    description: 'Host and browser globals that the workflow sandbox does not have (process, Buffer, fetch, crypto, setInterval, window, localStorage…), and console methods other than log/info/warn/error/debug',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      missing: "'{{name}}' does not exist in the workflow sandbox: this compiles and bundles, then throws a ReferenceError when the workflow runs. Instead, {{instead}}.",
      consoleMethod:
        "'console.{{method}}' is not a function in the workflow sandbox: its console has only log, info, warn, error and debug, so this call throws a TypeError when the workflow runs. Use console.log, or log from @temporalio/workflow.",
      computedResolve:
        "'require.{{member}}' is resolved when the workflow bundle is built: a name computed at run time is looked up among the modules webpack bundled, and throws 'Cannot find module' (or gives a bundle id, never a path). Resolve paths in worker or activity code.",
    },
  },
  create(context) {
    const check = (node: TS.Node): void => {
      if (ts.isIdentifier(node) && BUNDLER_SUBSTITUTED_GLOBALS.has(node.text)) return;
      if (ts.isIdentifier(node) && node.text === 'require') return checkRequire(node);
      const use = globalUse(node, MISSING_GLOBALS, 'missing');
      if (use) context.report({ node: use.node, messageId: 'missing', data: { name: use.name, instead: MISSING_GLOBALS.get(use.name)! } });
    };
    const checkRequire = (node: TS.Identifier): void => {
      // `require('x')` and `require(x)` are module loads, which the bundler handles and no-dynamic-module-loading checks.
      if (ts.isCallExpression(node.parent) && node.parent.expression === node) return;
      const resolve = bundleTimeRequire(node);
      if (resolve && isBundleTimeString(resolve.arguments[0])) return;
      const use = globalUse(node, MISSING_GLOBALS, 'missing');
      if (!use) return;
      if (resolve) context.report({ node: resolve, messageId: 'computedResolve', data: { member: (resolve.expression as TS.PropertyAccessExpression).name.text } });
      else context.report({ node: use.node, messageId: 'missing', data: { name: use.name, instead: MISSING_GLOBALS.get(use.name)! } });
    };
    const checkAccess = (node: TS.PropertyAccessExpression): void => {
      check(node);
      const method = missingConsoleMethod(node);
      if (method) context.report({ node, messageId: 'consoleMethod', data: { method } });
    };
    // Every finding about a bare name is about a missing global's name: the others (most identifiers) go no further.
    const checkIdentifier = (node: TS.Identifier): void => {
      if (MISSING_GLOBALS.has(node.text)) check(node);
    };
    return { Identifier: checkIdentifier, PropertyAccessExpression: checkAccess };
  },
});

/**
 * `console.table(…)` (or `globalThis.console.table(…)`, `.call`/`.apply`/`.bind` of it): a call of
 * a method the sandbox's console lacks. `console.table?.(…)` and a local `console` are not.
 */
function missingConsoleMethod(access: TS.PropertyAccessExpression): string | undefined {
  const method = access.name.text;
  if (SANDBOX_CONSOLE_METHODS.has(method) || !isGlobalConsole(unwrapExpression(access.expression))) return undefined;
  let callee: TS.Expression = access;
  const parent = access.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === access && ['call', 'apply', 'bind'].includes(parent.name.text)) callee = parent;
  const call = callee.parent;
  if (!ts.isCallExpression(call) || call.expression !== callee || call.questionDotToken || access.questionDotToken) return undefined;
  return runsOnlyOutsideWorkflow(call) ? undefined : method;
}

function isGlobalConsole(expression: TS.Expression): boolean {
  if (ts.isIdentifier(expression)) return expression.text === 'console' && !isDeclaredInScope('console', expression);
  if (!ts.isPropertyAccessExpression(expression) || expression.name.text !== 'console') return false;
  const target = unwrapExpression(expression.expression);
  return ts.isIdentifier(target) && GLOBAL_OBJECT_NAMES.has(target.text) && !isDeclaredInScope(target.text, target);
}

/** `require.resolve(…)`, which webpack rewrites (see BUNDLE_TIME_REQUIRE_MEMBERS). */
function bundleTimeRequire(node: TS.Identifier): TS.CallExpression | undefined {
  const access = node.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== node || !BUNDLE_TIME_REQUIRE_MEMBERS.has(access.name.text)) return undefined;
  return ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
}

/**
 * What webpack's parser evaluates to a string while bundling: literals, `__filename` and
 * `__dirname` (`require.resolve(__filename)` is compiled to the module's own id: checked in
 * temporal-jumpstart-typescript's bundle), and `+` or `?:` of them.
 */
function isBundleTimeString(node: TS.Expression | undefined): boolean {
  if (!node) return false;
  const expression = unwrapExpression(node);
  if (stringValue(expression) !== undefined) return true;
  if (ts.isIdentifier(expression) && BUNDLER_SUBSTITUTED_GLOBALS.has(expression.text) && !isDeclaredInScope(expression.text, expression)) return true;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) return isBundleTimeString(expression.left) && isBundleTimeString(expression.right);
  return ts.isConditionalExpression(expression) && isBundleTimeString(expression.whenTrue) && isBundleTimeString(expression.whenFalse);
}
