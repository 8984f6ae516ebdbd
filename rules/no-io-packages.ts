import { findIoPackage } from '../src/domain/io-packages.js';
import { moduleMatches } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-io-packages',
    description: 'npm packages that do I/O or use host randomness (HTTP, databases, cloud SDKs, uuid…) in workflow code',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    options: {
      packages: { type: 'string[]', description: 'More packages to treat as unsafe in workflow code (a trailing / matches a whole scope)' },
    },
    messages: {
      io: "'{{name}}' is {{what}}: in workflow code its calls either fail in the sandbox or give a different result on replay. Move the call into an activity and call it through proxyActivities().",
      replaceable: "'{{name}}' is {{what}}: its result would differ on replay. Instead, {{instead}}.",
    },
  },
  create(context) {
    const { module } = context;
    const extra = Array.isArray(context.options.packages) ? (context.options.packages as string[]) : [];
    return {
      [ts.SyntaxKind.SourceFile]() {
        module.facts.references.forEach((reference, index) => {
          const resolution = module.resolutions[index];
          if (reference.erased || resolution?.kind !== 'package') return;
          if (moduleMatches(reference.specifier, context.membership.ignoredModules)) return;
          const found = findIoPackage(reference.specifier, extra);
          if (!found) return;
          const data = { name: reference.specifier, what: found.what, instead: found.instead ?? '' };
          context.report({ node: reference.specifierNode, messageId: found.instead ? 'replaceable' : 'io', data });
        });
      },
    };
  },
});
