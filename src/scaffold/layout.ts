/**
 * Where a project keeps its workflows, activities and tests, so generated files land beside the
 * user's own: the workflows barrel is the module the worker's `workflowsPath` names (read and
 * resolved by the project model's own parser and resolver, as `wfo lint` finds its roots), else
 * `src/workflows.ts` or `src/workflows/index.ts`; likewise activities; the test folder and runner,
 * whether relative imports need `.js`, and the worker's task queue.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { parseJsonc } from '../project/jsonc.js';
import { discoverProject } from '../project/file-discovery.js';
import { ModuleResolver } from '../project/module-resolver.js';
import { parseModule } from '../project/parse-module.js';
import { CompilerSettingsIndex } from '../project/tsconfig.js';
import { detectTestRunner, mochaTestDir, type TestRunner } from './test-runner.js';

export interface Layout {
  readonly root: string;
  /** Project-relative POSIX paths. */
  readonly workflowsDir: string;
  readonly activitiesDir: string;
  readonly testDir: string;
  /** Barrel files, project-relative POSIX. */
  readonly workflowsBarrel: string;
  readonly activitiesBarrel: string;
  readonly importExt: '' | '.js';
  readonly taskQueue: string | undefined;
  /** What `npm test` runs: generated tests are made for it. */
  readonly testRunner: TestRunner;
}

export function findProjectRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    if (path.dirname(dir) === dir) throw new WfoError(`no package.json or tsconfig.json in ${cwd} or above: run \`wfo init\` to create a project`, ExitCode.Usage);
  }
}

export function detectLayout(root: string): Layout {
  const has = (p: string): boolean => existsSync(path.join(root, p));
  const barrel = (kind: 'workflows' | 'activities'): { barrel: string; dir: string } => {
    for (const base of ['src', '.']) {
      const dir = base === '.' ? kind : `${base}/${kind}`;
      if (has(`${dir}.ts`)) return { barrel: `${dir}.ts`, dir };
      if (has(`${dir}/index.ts`)) return { barrel: `${dir}/index.ts`, dir };
    }
    return { barrel: `src/${kind}/index.ts`, dir: `src/${kind}` };
  };
  const worker = workerWorkflows(root, barrel('workflows').barrel);
  const workflows = worker ? besideBarrel(worker.barrel) : barrel('workflows');
  const activities = barrel('activities');
  const testRunner = detectTestRunner(root);
  const projectTestDir = ['src/test', 'src/__tests__', 'test', 'src/mocha'].find(has) ?? 'src/test';
  const testDir = (testRunner.kind === 'mocha' && mochaTestDir(testRunner, projectTestDir)) || projectTestDir;
  return {
    root,
    workflowsDir: workflows.dir,
    activitiesDir: activities.dir,
    testDir,
    workflowsBarrel: workflows.barrel,
    activitiesBarrel: activities.barrel,
    importExt: needsJsExtension(root) ? '.js' : '',
    taskQueue: workerTaskQueue(root, worker?.workerFile),
    testRunner,
  };
}

/**
 * Tests create workers of their own, on one workflow file (the generated tests do): only the
 * application's worker says where workflows belong.
 */
const TEST_FILE = /(\.(test|spec)\.[cm]?[jt]sx?$)|(^|\/)(test|tests|__tests__|mocha)\//;

/**
 * The module the application's worker names as `workflowsPath` (`require.resolve('./x')`,
 * `new URL('./x.js', import.meta.url)`, `path.join(__dirname, …)`, build output mapped back to its
 * source), and the worker file. Only files that spell `workflowsPath` are parsed: a 2,000-file
 * project is not modelled for this. Several: the conventional barrel when it is one of them, else
 * wfo cannot tell which worker the new workflow is for.
 */
function workerWorkflows(root: string, conventional: string): { barrel: string; workerFile: string } | undefined {
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const discovery = discoverProject({ paths: [root], cwd: root });
  const resolver = new ModuleResolver(new Set(discovery.files), new CompilerSettingsIndex(), new Map());
  const named: { barrel: string; workerFile: string }[] = [];
  for (const file of discovery.files) {
    if (TEST_FILE.test(relative(file))) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes('workflowsPath')) continue;
    for (const { target } of parseModule(file, false, text).summary.workflowsPaths) {
      const barrel = resolver.resolvePath(target);
      if (barrel && /\.[cm]?tsx?$/.test(barrel)) named.push({ barrel: relative(barrel), workerFile: relative(file) });
    }
  }
  const candidates = named.filter((r) => !r.barrel.startsWith('..'));
  const barrels = [...new Set(candidates.map((r) => r.barrel))];
  if (barrels.length <= 1) return candidates[0];
  const chosen = candidates.find((r) => r.barrel === conventional);
  if (chosen) return chosen;
  throw new WfoError(`the workers here name several workflowsPath modules (${barrels.join(', ')}), so wfo cannot tell which one the new workflow belongs to; run wfo new in the package of the worker it is for`, ExitCode.Usage);
}

/** `src/flows/index.ts` → files in `src/flows`; `src/flows.ts` → in `src/flows/`, as `src/workflows.ts` keeps them in `src/workflows/`. */
function besideBarrel(barrel: string): { barrel: string; dir: string } {
  const withoutExtension = barrel.replace(/\.[cm]?tsx?$/, '');
  return { barrel, dir: path.posix.basename(withoutExtension) === 'index' ? path.posix.dirname(withoutExtension) : withoutExtension };
}

/** ESM with Node16/NodeNext resolution: relative imports must name the `.js` file. */
function needsJsExtension(root: string): boolean {
  const tsconfig = readJsonc(path.join(root, 'tsconfig.json')) as { compilerOptions?: { module?: string; moduleResolution?: string } } | undefined;
  const options = tsconfig?.compilerOptions ?? {};
  const nodeNext = /^node(16|next)$/i.test(options.moduleResolution ?? options.module ?? '');
  const pkg = readJsonc(path.join(root, 'package.json')) as { type?: string } | undefined;
  return nodeNext && pkg?.type === 'module';
}

function workerTaskQueue(root: string, workerFile: string | undefined): string | undefined {
  for (const candidate of [...(workerFile ? [workerFile] : []), 'src/worker.ts', 'src/worker/index.ts', 'worker.ts']) {
    const file = path.join(root, candidate);
    if (!existsSync(file)) continue;
    const match = /taskQueue\s*:\s*['"`]([^'"`]+)['"`]/.exec(readFileSync(file, 'utf8'));
    if (match) return match[1];
  }
  return undefined;
}

function readJsonc(file: string): unknown {
  try {
    return parseJsonc(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
