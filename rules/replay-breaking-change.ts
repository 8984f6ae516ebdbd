import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { ts } from '../src/ts.js';
import { linkActivityStubs } from '../src/analysis/activity-stubs.js';
import type { FunctionNode } from '../src/analysis/message-handlers.js';
import { moduleFunction } from '../src/analysis/project-functions.js';
import { defineRule } from '../src/lint/rule.js';
import type { Membership, ProjectModel } from '../src/project/project-model.js';
import { commandSequence, versioningBehaviors } from '../src/versioning/command-sequence.js';
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
      unregistered:
        "Executions of workflow '{{workflow}}' started on {{ref}} fail when they next need a workflow task: the bundle built from {{root}} no longer exports '{{workflow}}', so the worker has no such workflow type (it was {{unit}} in this file). Keep exporting it (an alias of a renamed function will do) until no execution of it is running, or pin '{{workflow}}' with Worker Versioning (versioningBehavior: 'PINNED').",
      unregisteredFrom:
        "Executions of workflow '{{workflow}}' started on {{ref}} fail when they next need a workflow task: the bundle built from {{root}} no longer exports '{{workflow}}' ({{declared}} at {{ref}}), so the worker has no such workflow type. Keep exporting it until no execution of it is running, or pin '{{workflow}}' with Worker Versioning (versioningBehavior: 'PINNED').",
      breaking:
        "Executions of workflow '{{workflow}}' started on {{ref}} fail on replay here: {{change}} ({{history}}: Temporal matches commands in order). Guard it: {{guard}}, or pin '{{workflow}}' with Worker Versioning (versioningBehavior: 'PINNED').",
    },
  },
  create(context) {
    const deployed = context.deployed;
    // Only modules whose code, or code they import, changed can give other commands.
    if (!deployed || !deployed.affected.has(context.module.path) || !context.membership.runs) return {};
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        const before = deployedWorkflows(deployed.model);
        const behaviorsNow = versioningBehaviors(sourceFile);
        const pinnedRoots = pinnedByDefault(deployed.model, context.model);
        // PINNED executions never replay on new code: by the workflow's own options, or the worker's default.
        const pinned = (behaviors: Map<string, string>, unit: string, root: string): boolean => (behaviors.get(unit) ?? (namingTarget(root, pinnedRoots) ? 'PINNED' : undefined)) === 'PINNED';
        // A workflow of several bundles is compared once, with the first bundle's deployed code that is not pinned.
        const compared = new Set<string>();
        for (const { type: workflow, unit, root } of workflowsOf(context.model, context.module.path, context.membership)) {
          if (compared.has(unit)) continue;
          const old = deployedDeclaration(before, root, workflow, context.module.path);
          const fn = moduleFunction(sourceFile.statements, unit);
          if (!old || !fn || pinned(behaviorsNow, unit, root)) continue;
          const oldModule = deployed.model.modules.get(old.file);
          if (!oldModule || oldModule.problem) continue;
          const oldFn = moduleFunction(oldModule.sourceFile.statements, old.unit);
          if (!oldFn || pinned(versioningBehaviors(oldModule.sourceFile), old.unit, root)) continue;
          linkActivityStubs({ model: deployed.model, module: oldModule });
          compared.add(unit);
          const change = firstBreakingChange(workflow, commandSequence(oldFn, { model: deployed.model, module: oldModule }), commandSequence(fn, context));
          if (!change) continue;
          const { change: what, history, guard } = change;
          context.report({ node: change.node ?? nameOf(fn), messageId: 'breaking', data: { workflow, ref: deployed.ref, change: what, history, guard } });
        }
        const node = sourceFile.statements.find((statement) => !ts.isImportDeclaration(statement)) ?? sourceFile.statements[0];
        const relative = (file: string): string => path.relative(context.model.root, file).split(path.sep).join('/');
        const reported = new Set<string>();
        for (const gone of unregistered(before, context.model, context.module.path)) {
          const oldModule = deployed.model.modules.get(gone.file);
          if (!oldModule || !node || pinned(versioningBehaviors(oldModule.sourceFile), gone.unit, gone.root)) continue;
          reported.add(gone.type);
          context.report({ node, messageId: 'unregistered', data: { workflow: gone.type, ref: deployed.ref, root: relative(gone.root), unit: gone.unit === gone.type ? 'declared' : `function ${gone.unit}` } });
        }
        // This module is a bundle's root: what the bundle its workers built at the revision
        // registered, declared anywhere (a file since deleted, a re-export since dropped).
        for (const gone of unregisteredByRoot(before, deployed.model, context.model, context.module.path)) {
          const oldModule = deployed.model.modules.get(gone.file);
          if (reported.has(gone.type) || !oldModule || !node || pinned(versioningBehaviors(oldModule.sourceFile), gone.unit, gone.root)) continue;
          reported.add(gone.type);
          const declared = `${gone.unit === gone.type ? 'declared' : `function ${gone.unit}`} in ${relative(gone.file)}${context.model.modules.has(gone.file) ? '' : ', since deleted,'}`;
          context.report({ node, messageId: 'unregisteredFrom', data: { workflow: gone.type, ref: deployed.ref, root: relative(context.module.path), declared } });
        }
      },
    };
  },
});

const pinnedCache = new WeakMap<ProjectModel, Set<string>>();

/**
 * The workflowsPath, as written (`require.resolve('./workflows')`), that names a root module: the
 * file, the file without its extension, or the folder of an index file.
 */
function namingTarget(root: string, targets: ReadonlySet<string>): string | undefined {
  const candidates = [root, root.replace(/\.[cm]?[jt]sx?$/, ''), ...(/^index\./.test(path.basename(root)) ? [path.dirname(root)] : [])];
  return candidates.find((candidate) => targets.has(candidate));
}

/**
 * workflowsPaths (as written) every deployed worker naming them ran with Worker Versioning, PINNED by
 * default: their executions stay on that version. Not when the workers now deploy the same literal
 * build id: the changed code would run, and replay, under the version they are pinned to.
 */
function pinnedByDefault(deployed: ProjectModel, now: ProjectModel): Set<string> {
  let found = pinnedCache.get(deployed);
  if (!found) {
    const deployedIds = buildIds(deployed);
    const nowIds = buildIds(now);
    const pinned = new Map<string, boolean>();
    for (const module of deployed.modules.values())
      for (const { target, pinnedByDefault: pins } of module.summary.workflowsPaths) pinned.set(target, (pinned.get(target) ?? true) && pins === true);
    const redeployed = (target: string): boolean => deployedIds.get(target) !== undefined && deployedIds.get(target) === nowIds.get(target);
    found = new Set([...pinned].filter(([target, pins]) => pins && !redeployed(target)).map(([target]) => target));
    pinnedCache.set(deployed, found);
  }
  return found;
}

/** The literal build id every worker naming a workflowsPath deploys, when they agree on one. */
function buildIds(model: ProjectModel): Map<string, string | undefined> {
  const ids = new Map<string, string | undefined>();
  for (const module of model.modules.values())
    for (const { target, buildId } of module.summary.workflowsPaths) ids.set(target, ids.has(target) && ids.get(target) !== buildId ? undefined : buildId);
  return ids;
}

/** A workflow type a bundle registered at the revision and no longer does: where it was declared, and the bundle's root. */
interface GoneWorkflow {
  readonly type: string;
  readonly unit: string;
  readonly root: string;
  readonly file: string;
}

/**
 * Workflow types the deployed code declared in `file` for a bundle that a workflowsPath names, that
 * the same bundle no longer exports: a worker running it has no such type, and a workflow task of
 * an execution of it fails (sdk-core/worker: the activation fails on an unknown workflow type).
 */
function unregistered(deployed: DeployedWorkflows, model: ProjectModel, file: string): GoneWorkflow[] {
  const targets = model.workflowsPathModules;
  const gone: GoneWorkflow[] = [];
  for (const [key, declared] of deployed.byBundle) {
    if (declared.file !== file) continue;
    const [root, type] = key.split('\0') as [string, string];
    // `interceptors` is the workflow interceptors factory the SDK reads from a module, not a type
    // anyone starts (sdk-typescript packages/workflow/src/worker-interface.ts: `mod.interceptors`).
    if (type === 'interceptors') continue;
    if (targets.has(root) && model.modules.has(root) && !model.exports.resolve(root, type)) gone.push({ type, unit: declared.unit, root, file });
  }
  return gone;
}

/**
 * When `file` is a workflowsPath module now: the workflow types that the bundles its workers built
 * at the revision (from `file` itself, or from the modules those workers named then) registered,
 * and that its bundle no longer exports.
 */
function unregisteredByRoot(deployed: DeployedWorkflows, old: ProjectModel, now: ProjectModel, file: string): GoneWorkflow[] {
  if (!now.workflowsPathModules.has(file)) return [];
  const workers = [...now.modules.values()].filter((m) => m.summary.workflowsPaths.some((w) => namingTarget(file, new Set([w.target])) !== undefined));
  const oldTargets = new Set(workers.flatMap((w) => old.modules.get(w.path)?.summary.workflowsPaths.map((option) => option.target) ?? []));
  const oldRoots = new Set([file, ...[...old.workflow.keys()].filter((candidate) => namingTarget(candidate, oldTargets) !== undefined)]);
  const gone: GoneWorkflow[] = [];
  for (const [key, declared] of deployed.byBundle) {
    const [root, type] = key.split('\0') as [string, string];
    if (!oldRoots.has(root) || type === 'interceptors' || now.exports.resolve(file, type) || gone.some((g) => g.type === type)) continue;
    gone.push({ type, unit: declared.unit, root, file: declared.file });
  }
  return gone;
}

/** A workflow type a module declares, and the module the bundle that registers it is built from. */
interface DeclaredWorkflow {
  readonly type: string;
  readonly unit: string;
  readonly root: string;
}

/**
 * The workflow types a module declares: units the model reaches as `workflow <type>` directly, that
 * the root the module is bundled from exports (a helper module that would be a root of its own,
 * imported by the workflowsPath module, declares no workflow type).
 */
function workflowsOf(model: ProjectModel, file: string, membership: Membership): DeclaredWorkflow[] {
  const found: DeclaredWorkflow[] = [];
  const root = membership.chain[0] ?? file;
  for (const [unit, chain] of membership.runs ?? []) {
    if (chain.length !== 1 || !chain[0]!.startsWith('workflow ')) continue;
    const type = chain[0]!.slice('workflow '.length);
    const declaration = model.exports.resolve(root, type);
    if (declaration?.file === file) found.push({ type, unit, root });
  }
  // A module can be in several bundles (a worker's, and a test script's that imports its workflows
  // without exporting them): each other workflowsPath module that exports one of its functions registers it.
  for (const registered of registeredIn(model).get(file) ?? []) if (registered.root !== root) found.push(registered);
  return found;
}

const registeredCache = new WeakMap<ProjectModel, Map<string, DeclaredWorkflow[]>>();

/** By declaring module, the functions each workflowsPath module exports: its bundle's workflow types. */
function registeredIn(model: ProjectModel): Map<string, DeclaredWorkflow[]> {
  let found = registeredCache.get(model);
  if (!found) {
    found = new Map();
    for (const root of model.workflowsPathModules)
      for (const [type, declaration] of model.exports.all(root)) {
        if (model.exports.unit(declaration.file, declaration.local)?.kind !== 'function') continue;
        const list = found.get(declaration.file) ?? found.set(declaration.file, []).get(declaration.file)!;
        list.push({ type, unit: declaration.local, root });
      }
    registeredCache.set(model, found);
  }
  return found;
}

interface DeployedWorkflow {
  readonly file: string;
  readonly unit: string;
}

/**
 * Where the deployed code declares each workflow type: by bundle (`<root>\0<type>`: a repository
 * of several workers, or of samples, registers the same type name in several bundles), and by type
 * alone, for a module that moved to another bundle.
 */
interface DeployedWorkflows {
  readonly byBundle: Map<string, DeployedWorkflow>;
  readonly byType: Map<string, DeployedWorkflow[]>;
}

const deployedCache = new WeakMap<ProjectModel, DeployedWorkflows>();

function deployedWorkflows(model: ProjectModel): DeployedWorkflows {
  let found = deployedCache.get(model);
  if (!found) {
    found = { byBundle: new Map(), byType: new Map() };
    for (const [file, membership] of model.workflow) {
      for (const { type, unit, root } of workflowsOf(model, file, membership)) {
        const key = `${root}\0${type}`;
        if (!found.byBundle.has(key)) found.byBundle.set(key, { file, unit });
        const declared = found.byType.get(type) ?? found.byType.set(type, []).get(type)!;
        if (!declared.some((w) => w.file === file && w.unit === unit)) declared.push({ file, unit });
      }
    }
    deployedCache.set(model, found);
  }
  return found;
}

/**
 * The deployed declaration of a workflow type of this bundle; else, in the same file, one of that
 * type bundled from elsewhere (the module moved to another bundle). A declaration in another file of
 * another bundle is another workflow that happens to have the same name (features: every feature
 * exports `workflow`), so none is compared.
 */
function deployedDeclaration(deployed: DeployedWorkflows, root: string, type: string, file: string): DeployedWorkflow | undefined {
  return deployed.byBundle.get(`${root}\0${type}`) ?? deployed.byType.get(type)?.find((declared) => declared.file === file);
}

function nameOf(fn: FunctionNode): TS.Node {
  return (fn as { name?: TS.Node }).name ?? fn;
}
