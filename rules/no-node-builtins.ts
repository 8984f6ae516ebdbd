import type { ts as TS } from 'ts-morph';
import { ALLOWED_BUILTIN_MEMBERS, isDisallowedBuiltin, moduleMatches } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-node-builtins',
    description: 'Node built-in modules cannot be used in workflow code',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      builtin:
        "'{{name}}' is a Node built-in module: Temporal's workflow bundler rejects it, and the sandbox has no file system, network or process. Do this work in an activity.",
      member:
        "'{{member}}' from '{{name}}' does not exist in the workflow sandbox, which provides only {{allowed}} from '{{name}}'. Do this work in an activity.",
    },
  },
  create(context) {
    const { module } = context;
    /** Local names bound to a whole `url`/`util` module, whose member accesses are checked. */
    const namespaceLocals = new Map<string, string>();
    return {
      SourceFile() {
        module.facts.references.forEach((reference, index) => {
          const resolution = module.resolutions[index];
          if (reference.erased || resolution?.kind !== 'builtin') return;
          if (moduleMatches(reference.specifier, context.membership.ignoredModules)) return;
          const name = resolution.name;
          if (isDisallowedBuiltin(reference.specifier)) {
            context.report({ node: reference.specifierNode, messageId: 'builtin', data: { name } });
            return;
          }
          const allowed = ALLOWED_BUILTIN_MEMBERS.get(name);
          if (!allowed || allowed === 'all') return;
          for (const binding of reference.bindings) {
            if (binding.declaredTypeOnly) continue;
            if (binding.imported === '*' || binding.imported === 'default') namespaceLocals.set(binding.local, name);
            else if (!allowed.has(binding.imported)) {
              context.report({ node: importSpecifier(reference.node, binding.local) ?? reference.node, messageId: 'member', data: { member: binding.imported, name, allowed: [...allowed].join(' and ') } });
            }
          }
          if (reference.kind === 'require') checkRequireDestructuring(reference.node as TS.CallExpression, name, allowed);
        });
      },
      PropertyAccessExpression(node: TS.PropertyAccessExpression) {
        if (!ts.isIdentifier(node.expression)) return;
        const name = namespaceLocals.get(node.expression.text);
        const allowed = name ? ALLOWED_BUILTIN_MEMBERS.get(name) : undefined;
        if (!name || !allowed || allowed === 'all' || allowed.has(node.name.text) || ts.isPartOfTypeNode(node)) return;
        context.report({ node, messageId: 'member', data: { member: node.name.text, name, allowed: [...allowed].join(' and ') } });
      },
    };

    function checkRequireDestructuring(call: TS.CallExpression, name: string, allowed: ReadonlySet<string>): void {
      const declaration = call.parent;
      if (!ts.isVariableDeclaration(declaration)) return;
      if (ts.isIdentifier(declaration.name)) namespaceLocals.set(declaration.name.text, name);
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          const member = (element.propertyName ?? element.name) as TS.Node;
          if (ts.isIdentifier(member) && !allowed.has(member.text)) {
            context.report({ node: element, messageId: 'member', data: { member: member.text, name, allowed: [...allowed].join(' and ') } });
          }
        }
      }
    }
  },
});

/** `{ inspect }` in `import { inspect } from 'util'`: where a member's finding belongs. */
function importSpecifier(declaration: TS.Node, local: string): TS.Node | undefined {
  if (!ts.isImportDeclaration(declaration)) return undefined;
  const bindings = declaration.importClause?.namedBindings;
  return bindings && ts.isNamedImports(bindings) ? bindings.elements.find((e) => e.name.text === local) : undefined;
}
