import type { ts as TS } from 'ts-morph';
import { type FunctionNode, forEachInBody, isFunctionNode } from '../src/analysis/message-handlers.js';
import { nonIdempotentWrite, type Write } from '../src/analysis/side-effects.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { type ActivityProxy, activityCall, objectShape } from '../src/analysis/temporal-calls.js';
import { defineRule } from '../src/lint/rule.js';
import { importedFile, type ProjectModel } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

/** How far `export * from` barrels are followed to find an activity's implementation. */
const MAX_BARREL_DEPTH = 4;

export default defineRule({
  meta: {
    id: 'retried-write-without-limit',
    description: 'An activity that does a non-idempotent write, called with unlimited retries and no scheduleToCloseTimeout',
    context: 'workflow',
    severity: 'warn',
    // Strict only: it is a judgement on retry policy, and non-idempotent-write already reports the write itself.
    presets: ['strict'],
    temporalDocs: 'https://docs.temporal.io/encyclopedia/retry-policies',
    messages: {
      unlimited:
        "'{{activity}}' does {{what}} ({{where}}) and is called with Temporal's default retry policy: unlimited attempts and, without scheduleToCloseTimeout, no deadline, so every retry can repeat the write, forever. Make the write idempotent, and bound the retries: retry.maximumAttempts, scheduleToCloseTimeout, or nonRetryableErrorTypes for the errors that will not go away.",
    },
  },
  create(context) {
    const verdicts = new Map<ActivityProxy, boolean>();
    return {
      [ts.SyntaxKind.CallExpression](call: TS.CallExpression) {
        const target = activityCall(call);
        if (!target) return;
        let unbounded = verdicts.get(target.proxy);
        if (unbounded === undefined) verdicts.set(target.proxy, (unbounded = retriesWithoutLimit(target.proxy)));
        if (!unbounded) return;
        const implementation = findImplementation(context.model, context.module.path, target.proxy, target.activity);
        if (implementation) context.report({ node: call, messageId: 'unlimited', data: { activity: target.activity, what: implementation.write.what, where: implementation.where } });
      },
    };
  },
});

/** Neither retry.maximumAttempts nor scheduleToCloseTimeout, as far as the options can be seen. */
function retriesWithoutLimit(proxy: ActivityProxy): boolean {
  const options = objectShape(proxy.call.arguments[0]);
  if (!options.complete || options.properties.has('scheduleToCloseTimeout')) return false;
  const retry = options.properties.get('retry');
  if (!retry) return true;
  const policy = objectShape(retry);
  return policy.complete && !policy.properties.has('maximumAttempts');
}

/** The activity's function in the module `proxyActivities<typeof x>` names, through `export *` barrels, and its first write. */
function findImplementation(model: ProjectModel, workflowFile: string, proxy: ActivityProxy, activity: string): { write: Write; where: string } | undefined {
  const typeArgument = proxy.call.typeArguments?.[0];
  if (!typeArgument || !ts.isTypeQueryNode(typeArgument) || !ts.isIdentifier(typeArgument.exprName)) return undefined;
  const workflowModule = model.modules.get(workflowFile);
  const file = workflowModule && importedFile(workflowModule, typeArgument.exprName.text);
  return file ? searchModule(model, file, activity, 0) : undefined;
}

function searchModule(model: ProjectModel, file: string, activity: string, depth: number): { write: Write; where: string } | undefined {
  const module = model.modules.get(file);
  if (!module || module.problem || depth > MAX_BARREL_DEPTH) return undefined;
  const fn = exportedFunction(module.sourceFile, activity);
  if (fn) {
    const write = firstWrite(fn);
    return write && { write, where: `${file.split(/[\\/]/).slice(-2).join('/')}` };
  }
  for (const [index, reference] of module.summary.references.entries()) {
    const resolution = module.resolutions[index];
    if (reference.kind === 'export' && resolution?.kind === 'file') {
      const found = searchModule(model, resolution.file, activity, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function exportedFunction(sourceFile: TS.SourceFile, name: string): FunctionNode | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && init && isFunctionNode(init)) return init;
      }
    }
  }
  return undefined;
}

function firstWrite(fn: FunctionNode): Write | undefined {
  let write: Write | undefined;
  forEachInBody(fn, (node) => {
    if (!write && ts.isCallExpression(node)) write = nonIdempotentWrite(node);
  });
  return write;
}
