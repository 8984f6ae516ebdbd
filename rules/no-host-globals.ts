import type { ts as TS } from 'ts-morph';
import { globalUse } from '../src/analysis/globals.js';
import { MISSING_GLOBALS } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-host-globals',
    description: 'Host globals that the workflow sandbox does not have (process, Buffer, fetch, crypto, setInterval…)',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      missing: "'{{name}}' does not exist in the workflow sandbox: this compiles and bundles, then throws a ReferenceError when the workflow runs. Instead, {{instead}}.",
    },
  },
  create(context) {
    const check = (node: TS.Node): void => {
      if (isBundledRequire(node)) return;
      const use = globalUse(node, MISSING_GLOBALS, 'missing');
      if (use) context.report({ node: use.node, messageId: 'missing', data: { name: use.name, instead: MISSING_GLOBALS.get(use.name)! } });
    };
    return { [ts.SyntaxKind.Identifier]: check, [ts.SyntaxKind.PropertyAccessExpression]: check };
  },
});

/**
 * `require('x')` and `require(x)` are module loads, which the bundler handles and
 * no-dynamic-module-loading checks; only other uses of `require` (`require.resolve`…) reach the sandbox.
 */
function isBundledRequire(node: TS.Node): boolean {
  return ts.isIdentifier(node) && node.text === 'require' && ts.isCallExpression(node.parent) && node.parent.expression === node;
}
