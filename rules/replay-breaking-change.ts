import type { ts as TS } from 'ts-morph';
import { linkActivityStubs } from '../src/analysis/activity-stubs.js';
import type { FunctionNode } from '../src/analysis/message-handlers.js';
import { moduleFunction } from '../src/analysis/project-functions.js';
import { defineRule } from '../src/lint/rule.js';
import type { Membership, ProjectModel } from '../src/project/project-model.js';
import { commandSequence, pinnedWorkflows } from '../src/versioning/command-sequence.js';
import { firstBreakingChange } from '../src/versioning/compare.js';

/**
 * Only with `wfo lint --deployed <ref>`: compares each workflow type's commands with those of the
 * code at the deployed revision (src/versioning/compare.ts says what replay compares, from sdk-core).
 */
export default defineRule({
  meta: {
    id: 'replay-breaking-change',
    description: 'workflow changes that fail the replay of executions started on the deployed code (wfo lint --deployed <ref>)',
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    needsDeployed: true,
    temporalDocs: 'https://docs.temporal.io/develop/typescript/workflows/versioning',
    messages: {
      breaking:
        "Executions of workflow '{{workflow}}' started on {{ref}} fail on replay here: {{change}} ({{history}}: Temporal matches commands in order). Guard it: {{guard}}, or pin '{{workflow}}' with Worker Versioning (versioningBehavior: 'PINNED').",
    },
  },
  create(context) {
    const deployed = context.deployed;
    if (!deployed || !deployed.changed.size || !context.membership.runs) return {};
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        const before = deployedWorkflows(deployed.model);
        const pinnedNow = pinnedWorkflows(sourceFile);
        for (const [workflow, unit] of workflowsOf(context.model, context.module.path, context.membership)) {
          const old = before.get(workflow);
          const fn = moduleFunction(sourceFile.statements, unit);
          if (!old || !fn || pinnedNow.has(unit)) continue;
          const oldModule = deployed.model.modules.get(old.file);
          if (!oldModule || oldModule.problem) continue;
          const oldFn = moduleFunction(oldModule.sourceFile.statements, old.unit);
          if (!oldFn || pinnedWorkflows(oldModule.sourceFile).has(old.unit)) continue;
          linkActivityStubs({ model: deployed.model, module: oldModule });
          const change = firstBreakingChange(workflow, commandSequence(oldFn, { model: deployed.model, module: oldModule }), commandSequence(fn, context));
          if (!change) continue;
          const { change: what, history, guard } = change;
          context.report({ node: change.node ?? nameOf(fn), messageId: 'breaking', data: { workflow, ref: deployed.ref, change: what, history, guard } });
        }
      },
    };
  },
});

/**
 * The workflow types a module declares: units the model reaches as `workflow <type>` directly, that
 * the root the module is bundled from exports (a helper module that would be a root of its own,
 * imported by the workflowsPath module, declares no workflow type).
 */
function workflowsOf(model: ProjectModel, file: string, membership: Membership): [string, string][] {
  const found: [string, string][] = [];
  const root = membership.chain[0] ?? file;
  for (const [unit, chain] of membership.runs ?? []) {
    if (chain.length !== 1 || !chain[0]!.startsWith('workflow ')) continue;
    const type = chain[0]!.slice('workflow '.length);
    const declaration = model.exports.resolve(root, type);
    if (declaration?.file === file) found.push([type, unit]);
  }
  return found;
}

const deployedCache = new WeakMap<ProjectModel, Map<string, { file: string; unit: string }>>();

/** Workflow type → where the deployed code declares it. */
function deployedWorkflows(model: ProjectModel): Map<string, { file: string; unit: string }> {
  let found = deployedCache.get(model);
  if (!found) {
    found = new Map();
    for (const [file, membership] of model.workflow) for (const [workflow, unit] of workflowsOf(model, file, membership)) if (!found.has(workflow)) found.set(workflow, { file, unit });
    deployedCache.set(model, found);
  }
  return found;
}

function nameOf(fn: FunctionNode): TS.Node {
  return (fn as { name?: TS.Node }).name ?? fn;
}
