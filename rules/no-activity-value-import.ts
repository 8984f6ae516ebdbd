import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { defineRule, type Fix } from '../src/lint/rule.js';
import { isActivityExport, isStubbedByBundler, toPosix } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-activity-value-import',
    description: 'Activity implementations imported by value into workflow code',
    context: 'workflow',
    fixable: true,
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#activity-definition',
    messages: {
      valueUse:
        "'{{name}}' is activity code ({{module}}) used as a value in workflow code: it would run inside the sandbox, without retries, timeouts or history, and drag the activity's imports into the workflow bundle. Call it through proxyActivities<typeof activities>() and write `import type`.",
      kept:
        "This import pulls activity code ({{module}}) into the workflow bundle. Call activities through proxyActivities<typeof activities>(); import what the workflow needs from them with `import type`.",
      typeOnly: "'{{name}}' from activity code ({{module}}) is only used as a type: write `import type` so it is clear, and guaranteed, that no activity code enters the workflow bundle.",
    },
  },
  create(context) {
    const { module, model } = context;
    return {
      SourceFile() {
        module.facts.references.forEach((reference, index) => {
          const resolution = module.resolutions[index];
          if (resolution?.kind !== 'file' || reference.declaredTypeOnly || resolution.file === module.path) return;
          // A module the bundler stubs never reaches the sandbox: its exports are undefined there, not activity code.
          if (model.ignoredFiles.has(resolution.file) || isStubbedByBundler(reference.specifier, context.membership.ignoredModules)) return;
          // Only activity implementations are activity code: a plain helper that shares their module is not.
          const activities = reference.bindings.filter((b) => isActivityExport(model, resolution.file, b.imported));
          if (!activities.length) return;
          const where = toPosix(path.relative(model.root, resolution.file));
          const valueUses = activities.filter((b) => !b.declaredTypeOnly && b.firstValueUse);
          for (const binding of valueUses) {
            context.report({ node: binding.firstValueUse!, messageId: 'valueUse', data: { name: binding.local, module: where } });
          }
          if (valueUses.length) return;
          if (!reference.erased) context.report({ node: reference.node, messageId: 'kept', data: { module: where } });
          else if (activities.some((b) => !b.declaredTypeOnly)) {
            const name = activities.filter((b) => !b.declaredTypeOnly).map((b) => b.local).join(', ');
            context.report({ node: reference.node, messageId: 'typeOnly', data: { name, module: where }, severity: 'warn', fix: importTypeFix(reference.node, context.sourceFile) });
          }
        });
      },
    };
  },
});

/**
 * `import { a } from` → `import type { a } from`. Not offered where TypeScript would reject the
 * result: a default and named bindings together, or inline `type` modifiers already present.
 */
function importTypeFix(node: TS.Node, sourceFile: TS.SourceFile): Fix | undefined {
  const keywordEnd = node.getStart(sourceFile) + 'import'.length;
  if (ts.isImportEqualsDeclaration(node)) return { range: [keywordEnd, keywordEnd], text: ' type' };
  if (!ts.isImportDeclaration(node) || !node.importClause) return undefined;
  const { name, namedBindings } = node.importClause;
  if (name && namedBindings) return undefined;
  if (namedBindings && ts.isNamedImports(namedBindings) && namedBindings.elements.some((e) => e.isTypeOnly)) return undefined;
  return { range: [keywordEnd, keywordEnd], text: ' type' };
}
