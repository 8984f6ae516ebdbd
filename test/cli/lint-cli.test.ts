import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const pkg = JSON.stringify({ name: 'app', version: '1.0.0', private: true });
const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`;

function project(workflows: string, extra: Record<string, string> = {}): string {
  return writeProject({ 'package.json': pkg, 'src/worker.ts': worker, 'src/workflows.ts': workflows, ...extra });
}

describe('wfo', () => {
  it('--version prints the package version without loading TypeScript', () => {
    const version = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    const traced = runWfo(['--version'], { env: { NODE_OPTIONS: `--require ${path.resolve(import.meta.dirname, '../support/trace-typescript-load.cjs')}` } });
    expect(traced.code).toBe(0);
    expect(traced.stdout.trim()).toBe(version);
    expect(traced.stderr).not.toContain('typescript loaded');
  });

  it('--help lists the commands and loads no TypeScript', () => {
    const { code, stdout, stderr } = runWfo(['--help'], { env: { NODE_OPTIONS: `--require ${path.resolve(import.meta.dirname, '../support/trace-typescript-load.cjs')}` } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: wfo/);
    expect(stdout).toMatch(/lint \[options\] \[paths\.\.\.\]/);
    expect(stderr).not.toContain('typescript loaded');
  });

  it('lint --help documents the flags', () => {
    const { code, stdout } = runWfo(['lint', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--format', '--output-file', '--quiet', '--max-warnings']) expect(stdout).toContain(flag);
  });

  it('an unknown option is a usage error, exit 2', () => {
    const { code, stderr } = runWfo(['lint', '--no-such-flag']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--no-such-flag'/);
  });
});

describe('wfo lint', () => {
  it('exits 0 with no output on a clean project', () => {
    const dir = project(`import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<number> { await sleep(10); return Date.now() + Math.random(); }\n`);
    const { code, stdout, stderr } = runWfo(['lint'], { cwd: dir });
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints findings grouped by file with a summary, exit 1', () => {
    const dir = project(`export async function wf(): Promise<string> { return process.env.X ?? ''; }\n`);
    const { code, stdout } = runWfo(['lint'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain('src/workflows.ts\n  1:54  error  \'process\' does not exist in the workflow sandbox');
    expect(stdout).toContain('no-host-globals');
    expect(stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('--format json is ESLint-shaped', () => {
    const dir = project(`import { v4 } from 'uuid';\nexport async function wf(): Promise<string> { return v4(); }\n`);
    const { code, stdout } = runWfo(['lint', '--format', 'json'], { cwd: dir });
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results.map((r) => path.basename(r.filePath as string))).toEqual(['worker.ts', 'workflows.ts']);
    expect(results[1]).toMatchObject({
      filePath: path.join(dir, 'src/workflows.ts'),
      errorCount: 1,
      warningCount: 0,
      fixableErrorCount: 1,
      fixableWarningCount: 0,
      messages: [
        {
          ruleId: 'no-io-packages',
          severity: 2,
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 26,
          fix: { range: [0, 26], text: "import { uuid4 as v4 } from '@temporalio/workflow';" },
        },
      ],
    });
  });

  it('a file that does not parse is a fatal finding and the rest is still linted', () => {
    const dir = project(`export async function wf(): Promise<string> { return fetch('x'); }\n`, { 'src/broken.ts': 'export const = ;\n' });
    const { code, stdout } = runWfo(['lint', '--format', 'json'], { cwd: dir });
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean; message: string }[] }[];
    const broken = results.find((r) => r.filePath.endsWith('broken.ts'))!;
    expect(broken.messages).toMatchObject([{ ruleId: null, fatal: true }]);
    expect(broken.messages[0]!.message).toMatch(/^Parsing error: /);
    expect(results.find((r) => r.filePath.endsWith('workflows.ts'))!.messages.map((m) => m.ruleId)).toEqual(['no-host-globals']);
  });

  it('a path that does not exist is a usage error: one line on stderr, exit 2', () => {
    const dir = project('export const x = 1;\n');
    const { code, stdout, stderr } = runWfo(['lint', 'nope/'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('wfo: no such file or directory: nope\n');
  });

  it('a directory with no source files is a usage error', () => {
    const dir = writeProject({ 'package.json': pkg, 'docs/readme.md': '# hi\n' });
    const { code, stderr } = runWfo(['lint', 'docs'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('wfo: no files to lint in docs\n');
  });

  it('--quiet drops warnings, --max-warnings fails on too many, -o writes the report', () => {
    const dir = project(`export function wf(ms: number): number { return new Date(ms).getHours(); }\n`);
    expect(runWfo(['lint', '--quiet'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(runWfo(['lint'], { cwd: dir }).code).toBe(0);
    const over = runWfo(['lint', '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('1 warnings exceed --max-warnings 0');
    const written = runWfo(['lint', '-f', 'json', '-o', 'report.json'], { cwd: dir });
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))).toHaveLength(2);
  });
});
