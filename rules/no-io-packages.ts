import { findIoPackage } from '../src/domain/io-packages.js';
import { moduleMatches } from '../src/domain/workflow-sandbox.js';
import type { ts as TS } from 'ts-morph';
import { defineRule, type Fix } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-io-packages',
    description: 'npm packages that do I/O or use host randomness (HTTP, databases, cloud SDKs, uuid…) in workflow code',
    context: 'workflow',
    fixable: true,
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    options: {
      packages: { type: 'string[]', description: 'More packages to treat as unsafe in workflow code (a trailing / matches a whole scope)' },
    },
    messages: {
      io: "'{{name}}' is {{what}}: in workflow code its calls either fail in the sandbox or give a different result on replay. Move the call into an activity and call it through proxyActivities().",
      replaceable: "'{{name}}' is {{what}}: its result would differ on replay. Instead, {{instead}}.",
      fails: "'{{name}}' is {{what}}: in workflow code {{fails}}. {{fix}}",
    },
  },
  create(context) {
    const { module } = context;
    const extra = Array.isArray(context.options.packages) ? (context.options.packages as string[]) : [];
    return {
      SourceFile() {
        module.facts.references.forEach((reference, index) => {
          const resolution = module.resolutions[index];
          if (reference.erased || resolution?.kind !== 'package') return;
          if (moduleMatches(reference.specifier, context.membership.ignoredModules)) return;
          const found = findIoPackage(reference.specifier, extra);
          if (!found || importsOnly(reference.bindings, found.safeExports)) return;
          const fix = found.instead ? `Instead, ${found.instead}.` : 'Move the call into an activity and call it through proxyActivities().';
          const data = { name: reference.specifier, what: found.what, instead: found.instead ?? '', fails: found.fails ?? '', fix };
          const messageId = found.fails ? 'fails' : found.instead ? 'replaceable' : 'io';
          context.report({ node: reference.specifierNode, messageId, data, fix: uuidFix(reference.node, reference.specifier) });
        });
      },
    };
  },
});

/** Whether the import binds names, each a value use of one of `safe` (`import { v5 } from 'uuid'`). */
function importsOnly(bindings: readonly { imported: string; declaredTypeOnly: boolean }[], safe: readonly string[] | undefined): boolean {
  return Boolean(safe && bindings.length && bindings.every((b) => b.declaredTypeOnly || safe.includes(b.imported)));
}

/**
 * `import { v4 } from 'uuid'` (or `v4 as id`) → `import { uuid4 as v4 } from '@temporalio/workflow'`:
 * the same call, now replay-safe. Only for an import of `v4` alone, the one unambiguous case.
 */
function uuidFix(node: TS.Node, specifier: string): Fix | undefined {
  if (specifier !== 'uuid' || !ts.isImportDeclaration(node) || node.importClause?.isTypeOnly) return undefined;
  const clause = node.importClause;
  const named = clause?.namedBindings;
  if (!clause || clause.name || !named || !ts.isNamedImports(named) || named.elements.length !== 1) return undefined;
  const element = named.elements[0]!;
  if ((element.propertyName ?? element.name).text !== 'v4' || element.isTypeOnly) return undefined;
  const local = element.name.text;
  const binding = local === 'uuid4' ? 'uuid4' : `uuid4 as ${local}`;
  return { range: [node.getStart(), node.getEnd()], text: `import { ${binding} } from '@temporalio/workflow';` };
}
