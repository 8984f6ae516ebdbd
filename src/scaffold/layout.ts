/**
 * Where a project keeps its workflows, activities and tests, so generated files land beside the
 * user's own: the barrels (`src/workflows.ts` or `src/workflows/index.ts`, likewise activities),
 * the test folder, whether relative imports need `.js`, and the worker's task queue.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { parseJsonc } from '../project/jsonc.js';

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
  const workflows = barrel('workflows');
  const activities = barrel('activities');
  const testDir = ['src/test', 'src/__tests__', 'test', 'src/mocha'].find(has) ?? 'src/test';
  return {
    root,
    workflowsDir: workflows.dir,
    activitiesDir: activities.dir,
    testDir,
    workflowsBarrel: workflows.barrel,
    activitiesBarrel: activities.barrel,
    importExt: needsJsExtension(root) ? '.js' : '',
    taskQueue: workerTaskQueue(root),
  };
}

/** ESM with Node16/NodeNext resolution: relative imports must name the `.js` file. */
function needsJsExtension(root: string): boolean {
  const tsconfig = readJsonc(path.join(root, 'tsconfig.json')) as { compilerOptions?: { module?: string; moduleResolution?: string } } | undefined;
  const options = tsconfig?.compilerOptions ?? {};
  const nodeNext = /^node(16|next)$/i.test(options.moduleResolution ?? options.module ?? '');
  const pkg = readJsonc(path.join(root, 'package.json')) as { type?: string } | undefined;
  return nodeNext && pkg?.type === 'module';
}

function workerTaskQueue(root: string): string | undefined {
  for (const candidate of ['src/worker.ts', 'src/worker/index.ts', 'worker.ts']) {
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
