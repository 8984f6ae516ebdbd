import type { ts as TS } from 'ts-morph';
import { runsOnlyInsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { unwrapExpression } from '../src/analysis/syntax.js';
import { exportNamed, WORKFLOW_MODULE } from '../src/analysis/temporal-calls.js';
import { WORKFLOW_CONTEXT_ONLY } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { unitAt } from '../src/project/call-graph.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-workflow-apis-in-activities',
    description: 'Workflow APIs (log, sleep, workflowInfo, executeChild…) from @temporalio/workflow called in activity code, where they throw',
    context: 'activity',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#develop-activities',
    messages: {
      workflowOnly:
        "'{{api}}' from @temporalio/workflow works only inside a workflow: called in an activity it throws (\"may only be used from a Workflow Execution\"), so every attempt fails until the activity's retries or timeouts run out. Instead: {{instead}}.",
    },
  },
  create(context) {
    const { model, module } = context;
    // In a module that a worker bundles as workflow code, only the activities' own declarations run
    // as activities, and a function the sandbox runs (a workflow, its helpers) is workflow code even
    // when a namespace of the module is registered as activities. A module taken for a workflow
    // only because it calls workflow APIs is the activity module that does so.
    const workflow = model.workflow.get(module.path);
    const bundled = workflow && (workflow.chain.length > 1 || BUNDLED_ROOT.test(workflow.reason)) ? workflow : undefined;
    const implementations = model.activityImplementations.get(module.path);
    const inActivity = (node: TS.Node): boolean => {
      if (!bundled) return true;
      const name = unitAt(module.summary.calls.units, node.getStart(context.sourceFile))?.name ?? declaredAt(node);
      return name !== undefined && !bundled.runs?.get(name) && implementations !== undefined && (implementations.has('*') || implementations.has(name));
    };
    const check = (call: TS.CallExpression | TS.NewExpression): void => {
      const api = workflowOnlyApi(call.expression);
      if (!api || !inActivity(call) || runsOnlyInsideWorkflow(call)) return;
      context.report({ node: call, messageId: 'workflowOnly', data: { api, instead: WORKFLOW_CONTEXT_ONLY.get(api)! } });
    };
    return { CallExpression: check, NewExpression: check };
  },
});

/** Roots a worker's configuration names (project-model.ts `findWorkflowRoots`), as against the heuristic ones. */
const BUNDLED_ROOT = /^(workflowsPath in |matches the workflow globs)/;

/** The name a top-level `const` declares around `node` (`export const activities = { … }`). */
function declaredAt(node: TS.Node): string | undefined {
  let statement = node;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  if (!ts.isVariableStatement(statement)) return undefined;
  const declaration = statement.declarationList.declarations.find((d) => d.pos <= node.pos && node.end <= d.end);
  return declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
}

/** `sleep(…)`, `wf.sleep(…)`, `new Trigger()`, or a member of one (`log.info(…)`, `CancellationScope.nonCancellable(…)`). */
function workflowOnlyApi(callee: TS.Expression): string | undefined {
  const direct = exportNamed(callee, WORKFLOW_MODULE);
  if (direct !== undefined) return WORKFLOW_CONTEXT_ONLY.has(direct) ? direct : undefined;
  const target = unwrapExpression(callee);
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const owner = exportNamed(target.expression, WORKFLOW_MODULE);
  return owner !== undefined && WORKFLOW_CONTEXT_ONLY.has(owner) ? owner : undefined;
}
