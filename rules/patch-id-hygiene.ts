import type { ts as TS } from 'ts-morph';
import { type FunctionNode, importedConstInitializer, isFunctionNode, isImportedName } from '../src/analysis/message-handlers.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { constInitializer, importsWorkflowApis, objectShape, workflowApi } from '../src/analysis/temporal-calls.js';
import { defineRule, type RuleContext } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** The `@temporalio/workflow` patching functions and their id argument (packages/workflow/src/workflow.ts). */
const PATCH_FUNCTIONS = new Set(['patched', 'deprecatePatch']);

/** What a patch id expression is: a fixed string, a value that can change, or something the file cannot show. */
type IdValue = { readonly kind: 'fixed'; readonly text: string } | { readonly kind: 'dynamic'; readonly why: string } | { readonly kind: 'unknown' };

type Project = Pick<RuleContext<string>, 'model' | 'module'>;

export default defineRule({
  meta: {
    id: 'patch-id-hygiene',
    description: 'patched()/deprecatePatch() ids that are computed or reused across workflows, and patched() calls whose result chooses nothing',
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/workflows/versioning#patching',
    messages: {
      dynamic:
        "The id passed to {{api}}() is {{why}}: a patch id is recorded in history as a marker and must name one code change for good. An id that can differ between runs, or between this deploy and the next, makes replays take the wrong branch and leaves no fixed name to deprecatePatch() later. Use a string literal, or a const bound to one.",
      unused:
        "The result of patched() is dropped, so it guards nothing: the call records the marker '{{id}}' and the code after it runs in every execution. Replaying a history written before this change runs the new steps where the history has the old ones, and fails with a nondeterminism error. Branch on it: `if (patched('{{id}}')) { new code } else { old code }`.",
      reused:
        "Patch id '{{id}}' is already used by workflow '{{first}}' in this file: a patch id should name one change (the SDK docs: 'unique to this patch'). Reusing it for a change in '{{workflow}}' makes the two impossible to deprecate and remove separately. Give this change its own id. (Several calls with the same id inside one workflow are fine.)",
    },
  },
  create(context) {
    if (!importsWorkflowApis(context.sourceFile)) return {};
    const firstUse = new Map<string, string>();
    return {
      CallExpression(call: TS.CallExpression) {
        const api = workflowApi(call);
        const argument = call.arguments[0];
        if (!api || !PATCH_FUNCTIONS.has(api) || !argument) return;
        const value = idValue(argument, context, 0);
        if (api === 'patched' && isResultDropped(call)) context.report({ node: call, messageId: 'unused', data: { id: value.kind === 'fixed' ? value.text : argument.getText() } });
        if (value.kind === 'dynamic') {
          context.report({ node: argument, messageId: 'dynamic', data: { api, why: value.why } });
          return;
        }
        if (value.kind !== 'fixed') return;
        const workflow = exportedWorkflowName(call);
        if (!workflow) return;
        const first = firstUse.get(value.text);
        if (first === undefined) firstUse.set(value.text, workflow);
        else if (first !== workflow) context.report({ node: argument, messageId: 'reused', data: { id: value.text, first, workflow } });
      },
    };
  },
});

function idValue(expression: TS.Expression, project: Project, depth: number): IdValue {
  const target = unwrapExpression(expression);
  if (ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target)) return { kind: 'fixed', text: target.text };
  if (depth > 4) return { kind: 'unknown' };
  if (ts.isTemplateExpression(target)) return { kind: 'dynamic', why: 'a template with substitutions' };
  if (ts.isBinaryExpression(target)) return { kind: 'dynamic', why: 'built by concatenation' };
  if (ts.isCallExpression(target)) return { kind: 'dynamic', why: 'the result of a call' };
  if (ts.isConditionalExpression(target)) return { kind: 'dynamic', why: 'chosen at run time' };
  if (ts.isIdentifier(target)) return identifierValue(target, project, depth);
  if (ts.isPropertyAccessExpression(target)) return memberValue(target, project, depth);
  return { kind: 'unknown' };
}

function identifierValue(identifier: TS.Identifier, project: Project, depth: number): IdValue {
  const initializer = constInitializer(identifier);
  if (initializer) return idValue(initializer, project, depth + 1);
  const owner = bindingOwner(identifier);
  if (owner === 'parameter') return { kind: 'dynamic', why: `the parameter '${identifier.text}'` };
  if (owner === 'variable') return { kind: 'dynamic', why: `the variable '${identifier.text}', which is not a const` };
  if (isImportedName(project.module, identifier.text)) {
    const imported = importedConstInitializer(project, identifier.text, undefined);
    return imported ? idValue(imported, project, depth + 1) : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

/** `PATCHES.v2` with `const PATCHES = { v2: 'v2' } as const`, or `patches.V2` from `import * as patches`. */
function memberValue(access: TS.PropertyAccessExpression, project: Project, depth: number): IdValue {
  const base = unwrapExpression(access.expression);
  if (!ts.isIdentifier(base)) return { kind: 'unknown' };
  const shape = objectShape(base);
  const property = shape.properties.get(access.name.text);
  if (property) return idValue(property, project, depth + 1);
  const owner = bindingOwner(base);
  if (owner === 'parameter') return { kind: 'dynamic', why: `the property '${access.name.text}' of the parameter '${base.text}'` };
  if (owner === 'variable') return { kind: 'dynamic', why: `a property of the variable '${base.text}', which is not a const` };
  if (isImportedName(project.module, base.text)) {
    const imported = importedConstInitializer(project, base.text, access.name.text);
    if (imported) return idValue(imported, project, depth + 1);
  }
  return { kind: 'unknown' };
}

/** `patched('x');` or `void patched('x');`: the answer decides nothing. */
function isResultDropped(call: TS.CallExpression): boolean {
  let node: TS.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isExpressionStatement(parent) || ts.isVoidExpression(parent);
}

/** Whether a name is a parameter or a `let`/`var` of an enclosing scope (the nearest declaration wins). */
function bindingOwner(identifier: TS.Identifier): 'parameter' | 'variable' | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    if (isFunctionNode(node) && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === identifier.text)) return 'parameter';
    const statements = ts.isSourceFile(node) || ts.isBlock(node) ? node.statements : undefined;
    for (const statement of statements ?? []) {
      if (!ts.isVariableStatement(statement)) continue;
      const declared = statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === identifier.text);
      if (declared) return statement.declarationList.flags & ts.NodeFlags.Const ? undefined : 'variable';
    }
  }
  return undefined;
}

/** The exported module-level function a call is in (a workflow, when the file is a workflow module). */
function exportedWorkflowName(node: TS.Node): string | undefined {
  let outermost: FunctionNode | undefined;
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (isFunctionNode(current)) outermost = current;
  if (!outermost) return undefined;
  const isExported = (n: TS.Node): boolean => (ts.getModifiers(n as TS.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(outermost)) return ts.isSourceFile(outermost.parent) && isExported(outermost) ? outermost.name?.text : undefined;
  const declaration = outermost.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) && isExported(statement) ? declaration.name.text : undefined;
}
