/**
 * `wfo lint --deployed <ref>`: the workflow code as it is at a git revision (what running
 * executions were started on), beside the code as it is now. The deployed model is the project as
 * it is now with the bundled workflow files that differ replaced by their text at the revision:
 * activity implementations, configuration and packages are taken as they are now, which is good
 * enough for the command sequences the comparison reads (they come from workflow code only).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { isSourceFile } from '../project/file-discovery.js';
import type { ProjectModel, SummaryStore } from '../project/project-model.js';

/** What rules read about the deployed code (RuleContext.deployed). */
export interface DeployedComparison {
  /** The revision as the user wrote it (`origin/main`, `prod`), for messages. */
  readonly ref: string;
  readonly commit: string;
  /** The project with the changed workflow files, and the workers naming them, as they are at `commit`. */
  readonly model: ProjectModel;
  /** Bundled files whose text differs from the revision's (and that existed there). */
  readonly changed: ReadonlySet<string>;
  /** Modules of the current project that import a changed file, directly or through others, and the changed files themselves: where a workflow's commands can have changed. */
  readonly affected: ReadonlySet<string>;
}

/** A revision git knows: its commit and the top of the work tree it was resolved in. */
export interface DeployedRef {
  readonly ref: string;
  readonly commit: string;
  readonly top: string;
}

/** The commit `ref` names, checked before anything is built: a usage error (exit 2) when git does not know it. */
export function resolveDeployedRef(cwd: string, ref: string): DeployedRef {
  const top = gitText(cwd, ['rev-parse', '--show-toplevel']);
  if (top === undefined) throw new WfoError(`--deployed: '${cwd}' is not in a git repository`, ExitCode.Usage);
  const commit = gitText(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit) throw new WfoError(`--deployed: '${ref}' is not a revision git knows`, ExitCode.Usage);
  return { ref, commit, top };
}

/**
 * The deployed side of the comparison. `build` makes a model like the current one with some files'
 * text replaced (buildProjectModel's sourceOverrides) and the current model's summaries of every
 * other file (they did not change: nothing is parsed again). A workflow file absent at the
 * revision is new: no execution started on it, nothing to compare.
 */
export function deployedComparison(
  model: ProjectModel,
  deployed: DeployedRef,
  build: (overrides: ReadonlyMap<string, string>, summaries: SummaryStore, deleted: readonly string[]) => ProjectModel,
): DeployedComparison {
  const { top, commit, ref } = deployed;
  const differing = new Set(
    (gitText(top, ['diff', '--name-only', '-z', commit, '--']) ?? '')
      .split('\0')
      .filter(Boolean)
      .map((p) => path.resolve(top, p)),
  );
  const overrides = new Map<string, string>();
  // The workflow files, and the workers' options that name them (how the deployed workers versioned them).
  const workers = [...model.modules.values()].filter((m) => m.summary.workflowsPaths.length).map((m) => m.path);
  for (const file of [...model.workflow.keys(), ...workers]) {
    if (!differing.has(file) || overrides.has(file)) continue;
    const relative = path.relative(top, file).split(path.sep).join('/');
    const old = gitText(top, ['show', `${commit}:${relative}`], false);
    if (old !== undefined) overrides.set(file, old);
  }
  // Source files of the project deleted since: a workflow module (or a bundle's root) removed with
  // its workflows. They are in the deployed model as they were, so what it registered is known.
  const under = model.root.endsWith(path.sep) ? model.root : model.root + path.sep;
  const deleted = [...differing].filter((file) => file.startsWith(under) && isSourceFile(file) && !model.modules.has(file) && !file.split(path.sep).includes('node_modules'));
  for (const file of deleted) {
    const old = gitText(top, ['show', `${commit}:${path.relative(top, file).split(path.sep).join('/')}`], false);
    if (old !== undefined) overrides.set(file, old);
  }
  const present = deleted.filter((file) => overrides.has(file));
  const summaries: SummaryStore = { get: (file) => model.modules.get(file)?.summary, set: () => undefined };
  const changed = new Set([...overrides.keys()].filter((file) => model.workflow.has(file)));
  // A worker that names other modules now, or a deleted file: the bundles' roots are where what
  // they no longer register is said.
  const rootsToCheck = present.length || workers.some((file) => overrides.has(file)) ? [...model.workflowsPathModules] : [];
  const deployedModel = changed.size || present.length || rootsToCheck.length ? build(overrides, summaries, present) : model;
  return { ref, commit, model: deployedModel, changed, affected: new Set([...importersOf(model, changed), ...rootsToCheck]) };
}

/** `files` and every module that imports one of them, directly or through others. */
function importersOf(model: ProjectModel, files: ReadonlySet<string>): Set<string> {
  const found = new Set(files);
  if (!files.size) return found;
  const importers = new Map<string, string[]>();
  for (const module of model.modules.values())
    for (const resolution of module.resolutions) if (resolution.kind === 'file') (importers.get(resolution.file) ?? importers.set(resolution.file, []).get(resolution.file)!).push(module.path);
  const queue = [...files];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const importer of importers.get(file) ?? []) {
      if (found.has(importer)) continue;
      found.add(importer);
      queue.push(importer);
    }
  }
  return found;
}

/** git's output, or undefined when it fails (trimmed unless `trim` is false). */
function gitText(cwd: string, args: string[], trim = true): string | undefined {
  try {
    const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    return trim ? out.trim() : out;
  } catch {
    return undefined;
  }
}
