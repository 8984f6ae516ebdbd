/**
 * Predictions: what `wfo lint --deployed <ref>` says about an edit. Per base, a temporary git
 * repository holds a small Temporal project (src/workflows.ts, src/activities.ts and a worker whose
 * workflowsPath names the workflows) with the old version committed and tagged `deployed`; each
 * edit's new version is written into the working tree and wfo is run there with `-f json`. Findings
 * whose ruleId is `replay-breaking-change` count as "found breaking".
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RULE_ID = 'replay-breaking-change';

const WORKER = `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({ workflowsPath: require.resolve('./workflows'), activities, taskQueue: 'eval' });
  await worker.run();
}
`;

const TSCONFIG = `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, outDir: 'lib' }, include: ['src/**/*.ts'] }, null, 2)}\n`;

/**
 * Sets `row.prediction` on each row: { breaking, findings: [{ file, line, message }] }, or { error }.
 * Returns why there are no predictions when wfo has no --deployed (it exits 2 with commander's
 * "unknown option"), or undefined. Bases run `concurrency` at a time, a base's edits one by one
 * (they share the base's working tree).
 */
export async function predictAll(rows, { root, sdkVersion, concurrency = 2, onProgress = () => {} }) {
  const wfo = path.join(root, 'bin', 'wfo.js');
  const byBase = new Map();
  for (const row of rows) byBase.set(row.edit.base, [...(byBase.get(row.edit.base) ?? []), row]);
  const projects = [];
  const project = (base) => {
    const dir = createProject(base, root, sdkVersion);
    projects.push(dir);
    return dir;
  };
  try {
    const [first] = rows;
    if (!first) return undefined;
    const probe = await predictOne(wfo, project(first.edit.base), first.edit);
    if (probe.unavailable) return probe.unavailable;
    first.prediction = probe;
    let done = 1;
    const queue = [...byBase.entries()];
    const work = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [base, baseRows] = next;
        const dir = base === first.edit.base ? projects[0] : project(base);
        for (const row of baseRows) {
          if (row.prediction) continue;
          row.prediction = await predictOne(wfo, dir, row.edit);
          onProgress(`prediction ${++done}/${rows.length} ${row.edit.id}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, work));
    return undefined;
  } finally {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  }
}

async function predictOne(wfo, dir, edit) {
  const file = path.join(dir, 'src', 'workflows.ts');
  writeFileSync(file, edit.workflow);
  const run = await spawnNode([wfo, 'lint', '--deployed', 'deployed', '-f', 'json'], dir);
  writeFileSync(file, edit.base.workflow);
  if (run.code === 2 && /unknown option/i.test(run.stderr) && run.stderr.includes('--deployed')) {
    return { unavailable: `wfo lint has no --deployed yet (it said: ${run.stderr.trim().split('\n')[0]})` };
  }
  let results;
  try {
    results = JSON.parse(run.stdout);
  } catch {
    return { error: `wfo exited ${run.code}: ${(run.stderr || run.stdout).trim().split('\n')[0] ?? ''}` };
  }
  const findings = results
    .flatMap((f) => f.messages.map((m) => ({ ...m, file: path.relative(dir, f.filePath) })))
    .filter((m) => m.ruleId === RULE_ID)
    .map((m) => ({ file: m.file, line: m.line, message: m.message }));
  return { breaking: findings.length > 0, findings };
}

function spawnNode(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The base's project, in a new temporary folder: old version committed and tagged `deployed`. */
function createProject(base, root, sdkVersion) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `wfo-eval-${base.name}-`));
  mkdirSync(path.join(dir, 'src'));
  const dependencies = Object.fromEntries(['activity', 'client', 'common', 'worker', 'workflow'].map((p) => [`@temporalio/${p}`, sdkVersion]));
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `eval-${base.name}`, private: true, dependencies }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  writeFileSync(path.join(dir, 'src', 'workflows.ts'), base.workflow);
  writeFileSync(path.join(dir, 'src', 'activities.ts'), base.activities);
  writeFileSync(path.join(dir, 'src', 'worker.ts'), WORKER);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=eval', '-c', 'user.email=eval@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr.trim()}`);
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'deployed version');
  git('tag', 'deployed');
  return dir;
}
