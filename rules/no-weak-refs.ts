import type { ts as TS } from 'ts-morph';
import { globalUse } from '../src/analysis/globals.js';
import { THROWING_GLOBALS } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-weak-refs',
    description: 'WeakRef and FinalizationRegistry throw in workflow code',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      weak: "'{{name}}' throws a DeterminismViolationError in workflow code: garbage collection is not deterministic, so replay could see a different result. Hold a normal reference, or keep the data in an activity.",
    },
  },
  create(context) {
    const check = (node: TS.Node): void => {
      const use = globalUse(node, THROWING_GLOBALS, 'throwing');
      if (use) context.report({ node: use.node, messageId: 'weak', data: { name: use.name } });
    };
    return { Identifier: check, PropertyAccessExpression: check };
  },
});
