import { disallowedTemporalModule, moduleMatches } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-non-workflow-temporal-packages',
    description: 'Temporal packages for workers, clients, activities and tests cannot be imported into workflow code',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      disallowed:
        "'{{module}}' runs outside the workflow sandbox and Temporal's workflow bundler rejects it. In workflow code, {{use}}. Types only? Use `import type`.",
    },
  },
  create(context) {
    const { module } = context;
    return {
      SourceFile() {
        for (const reference of module.facts.references) {
          const ignored = reference.erased || moduleMatches(reference.specifier, context.membership.ignoredModules);
          const match = ignored ? undefined : disallowedTemporalModule(reference.specifier);
          if (match) context.report({ node: reference.specifierNode, messageId: 'disallowed', data: { module: reference.specifier, use: match.use } });
        }
      },
    };
  },
});
