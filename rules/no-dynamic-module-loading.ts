import type { ts as TS } from 'ts-morph';
import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { stringValue, unwrapExpression } from '../src/analysis/syntax.js';
import { moduleMatches } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-dynamic-module-loading',
    description: 'import() in workflow code (webpack emits a chunk loader the sandbox cannot run), and require() with a computed specifier',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      chunk:
        "webpack puts the module of this import() in a separate chunk and adds a chunk loader to the workflow bundle, which fails as the bundle loads ('Automatic publicPath is not supported in this browser'), whether or not this line ever runs. Import the module statically at the top of the file.",
      dynamic: 'The workflow bundle is built ahead of time, so a module named at run time cannot be loaded in the sandbox. Import every module statically (a map of statically imported handlers works).',
      ignored: "webpack leaves an import() marked webpackIgnore as it is, and the sandbox cannot load modules: it throws 'A dynamic import callback was not specified' when it runs. Import the module statically.",
    },
  },
  create(context) {
    return {
      SourceFile() {
        const { facts } = context.module;
        const { ignoredModules, webpackConfigHook } = context.membership;
        const imports = facts.references.filter((r) => r.kind === 'dynamic-import').map((r) => r.node as TS.CallExpression);
        for (const call of [...imports, ...facts.dynamicLoads]) {
          const loading = importLoading(call);
          // A webpackConfigHook's `externals` (collected with the ignored modules) make no chunk: the
          // module is a global the worker provides (temporalio/features' harness does this).
          const specifier = stringValue(call.arguments[0]);
          if (loading === 'chunk' && webpackConfigHook && specifier !== undefined && moduleMatches(specifier, ignoredModules)) continue;
          // A chunk loader fails the bundle as it loads, wherever the import() is and whatever guards it.
          if (loading === 'chunk') context.report({ node: call, messageId: 'chunk', bundleTime: true });
          else if (loading === 'bundled') continue;
          // Under `if (!inWorkflowContext())` a load never runs in the sandbox; webpack still bundles it
          // as a webpack context module (checked with bundleWorkflowCode of @temporalio/worker 1.24).
          else if (!runsOnlyOutsideWorkflow(call)) context.report({ node: call, messageId: loading === 'ignored' ? 'ignored' : 'dynamic' });
        }
      },
    };
  },
});

/**
 * What webpack makes of a load (checked by replay with @temporalio/worker 1.24, webpack 5):
 * - `chunk`: `import()` of a string, of any template literal, or of a `+` with a string part: the
 *   module, or every module the pattern can match, goes into a lazy chunk (also for
 *   `webpackMode: "lazy-once"`), and the bundle gets a chunk loader that needs a publicPath;
 * - `bundled`: `import()` of a string with `webpackMode: "eager"` or `"weak"`: no chunk; an eager
 *   import of a module in the bundle works;
 * - `ignored`: `webpackIgnore: true`: left to the sandbox, which cannot load modules;
 * - `computed`: `import(name)`, `require(name)`, `import(f ? './a' : name)`: webpack cannot tell
 *   what to bundle, and the load fails ('Cannot find module') when it runs.
 */
function importLoading(call: TS.CallExpression): 'chunk' | 'bundled' | 'ignored' | 'computed' {
  const argument = call.arguments[0];
  if (call.expression.kind !== ts.SyntaxKind.ImportKeyword || !argument) return 'computed';
  const comments = magicComments(call, argument);
  if (/webpackIgnore\s*:\s*true/.test(comments)) return 'ignored';
  const patterned = makesContext(argument);
  const mode = /webpackMode\s*:\s*["']([\w-]+)["']/.exec(comments)?.[1];
  if (patterned && (mode === 'eager' || mode === 'weak')) return ts.isStringLiteralLike(unwrapExpression(argument)) ? 'bundled' : 'computed';
  return patterned ? 'chunk' : 'computed';
}

/** A specifier webpack turns into a module request or a context of modules. */
function makesContext(node: TS.Expression): boolean {
  const expression = unwrapExpression(node);
  if (ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression)) return true;
  if (ts.isConditionalExpression(expression)) return makesContext(expression.whenTrue) && makesContext(expression.whenFalse);
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  const literal = (e: TS.Expression): boolean => ts.isStringLiteralLike(unwrapExpression(e)) || ts.isTemplateExpression(unwrapExpression(e));
  return literal(expression.left) || literal(expression.right) || makesContext(expression.left);
}

/** The comments inside `import(…)` before the specifier, where webpack reads its magic comments. */
function magicComments(call: TS.CallExpression, argument: TS.Expression): string {
  const text = call.getSourceFile().text;
  // A comment on the line of `import(` is a trailing comment of `(` to TypeScript; one on a later line a leading one.
  const ranges = [...(ts.getTrailingCommentRanges(text, argument.pos) ?? []), ...(ts.getLeadingCommentRanges(text, argument.pos) ?? [])];
  return ranges.map((c) => text.slice(c.pos, c.end)).join(' ');
}
