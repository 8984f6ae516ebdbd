/**
 * What the suite does with a project made by `wfo init` / `wfo new`, as its user would: compile it,
 * bundle its workflows with Temporal's bundler, lint it, and run its own tests with Node's runner,
 * all on the Node that runs the suite.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
export const TSC = path.join(repo, 'node_modules/typescript/bin/tsc');
/** A project's workflow tests start servers and bundle its workflows per test file: minutes on a busy 2-core machine. */
export const SERVER_RUN_TIMEOUT = 300_000;

export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly seconds: number;
}

/**
 * The environment of a child process: the suite's own Node first on PATH (so `npm test` in a
 * project runs its tests on it), no npm_* variables of the `npm test` running the suite, and `extra`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_ENV'));
  // Tests that expect no server must not reach one through the variables of the shell around them.
  delete env.TEMPORAL_CLI_PATH;
  delete env.TEMPORAL_TEST_SERVER_PATH;
  return { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: childEnv(env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, out: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}`, seconds: (Date.now() - started) / 1000 };
}

export function node(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  return run(process.execPath, args, cwd, env);
}

/** Temporal's bundleWorkflowCode on `workflowsPath` (project-relative), in the project's own process. */
export function bundle(cwd: string, workflowsPath: string): Run {
  const script = `const { bundleWorkflowCode } = require('@temporalio/worker');
bundleWorkflowCode({ workflowsPath: require('path').resolve(${JSON.stringify(workflowsPath)}), logger: { trace() {}, debug() {}, info() {}, warn() {}, error(m) { console.error(m); }, log() {} } })
  .then(({ code }) => console.log('bundled ' + code.length), (err) => { console.error(String(err)); process.exit(1); });`;
  writeFileSync(path.join(cwd, 'bundle.cjs'), script);
  return node(['bundle.cjs'], cwd);
}

/** Findings of `wfo lint -f json` output, one line each. */
export function lintMessages(stdout: string, cwd: string): string[] {
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((r) => r.messages.map((m) => `${path.relative(cwd, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
}

/** Compiled test files in `dir` (project-relative) whose names end in `suffix`. */
export function testFiles(cwd: string, dir: string, suffix: string): string[] {
  return readdirSync(path.join(cwd, dir)).filter((f) => f.endsWith(suffix)).sort().map((f) => path.posix.join(dir, f));
}

/** How many `test(…)` calls these source files make: what a run of their compiled output must pass. */
export function declaredTests(cwd: string, files: string[]): number {
  return files.reduce((sum, file) => sum + (readFileSync(path.join(cwd, file), 'utf8').match(/^\s*(?:test|it)\(/gm)?.length ?? 0), 0);
}

/** The summary Node's test runner prints last: TAP (`# pass 3`, Node 20 and 22) or spec (`ℹ pass 3`, Node 24). */
export function testCounts(out: string): Record<'tests' | 'pass' | 'fail' | 'skipped', number> {
  const count = (name: string): number => Number([...out.matchAll(new RegExp(`^(?:#|ℹ) ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? Number.NaN);
  return { tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped') };
}
