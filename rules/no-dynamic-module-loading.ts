import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-dynamic-module-loading',
    description: 'import() or require() with a computed specifier in workflow code',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      dynamic: 'The workflow bundle is built ahead of time, so a module named at run time cannot be loaded in the sandbox. Import every module statically (a map of statically imported handlers works).',
    },
  },
  create(context) {
    return {
      [ts.SyntaxKind.SourceFile]() {
        // Under `if (!inWorkflowContext())` the load never runs in the sandbox; webpack still bundles
        // it as a webpack context module (checked with bundleWorkflowCode of @temporalio/worker 1.24).
        for (const call of context.module.facts.dynamicLoads) if (!runsOnlyOutsideWorkflow(call)) context.report({ node: call, messageId: 'dynamic' });
      },
    };
  },
});
