import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`;

function project(workflows: string, extra: Record<string, string> = {}): string {
  return writeProject({ 'package.json': JSON.stringify({ name: 'app' }), 'src/worker.ts': worker, 'src/workflows.ts': workflows, ...extra });
}

function messages(dir: string, args: string[] = []): { ruleId: string | null; line: number; message: string }[] {
  const { stdout } = runWfo(['lint', '-f', 'json', ...args], { cwd: dir });
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[]).flatMap((r) => r.messages);
}

describe('inline suppressions', () => {
  const code = [
    `export function wf(): string {`,
    `  // wfo-disable-next-line no-host-globals -- read once at start-up, replay-safe here`,
    `  const a = process.env.A;`,
    `  const b = process.env.B; // wfo-disable-line no-host-globals`,
    `  // eslint-disable-next-line wfo/no-host-globals`,
    `  const c = process.env.C;`,
    `  /* wfo-disable no-host-globals */`,
    `  const d = process.env.D;`,
    `  /* wfo-enable no-host-globals */`,
    `  const e = process.env.E;`,
    `  // wfo-disable-next-line no-weak-refs`,
    `  const f = process.env.F;`,
    `  return [a, b, c, d, e, f].join();`,
    `}`,
    ``,
  ].join('\n');

  it('next-line, line, block and ESLint forms suppress what they name', () => {
    expect(messages(project(code)).map((m) => [m.ruleId, m.line])).toEqual([
      ['no-host-globals', 10],
      ['no-host-globals', 12],
    ]);
  });

  it('--report-unused-disable-directives reports a directive that suppresses nothing', () => {
    const found = messages(project(code), ['--report-unused-disable-directives']);
    expect(found.filter((m) => m.ruleId === null).map((m) => [m.line, m.message])).toEqual([[11, "Unused wfo-disable-next-line directive (no problems were reported for 'no-weak-refs')."]]);
  });

  it('a required reason: a directive without one suppresses nothing and is reported', () => {
    const dir = project(code, { 'wfo.config.json': '{ "requireSuppressionReason": true }' });
    const found = messages(dir).map((m) => [m.ruleId, m.line]);
    expect(found).toContainEqual(['no-host-globals', 4]);
    expect(found).toContainEqual([null, 4]);
    expect(found).not.toContainEqual(['no-host-globals', 3]);
  });
});

describe('baseline (wfo-suppressions.json)', () => {
  it('--suppress-all records current errors; they stay silent; a new one fails; --prune-suppressions drops fixed ones', () => {
    const dir = project(`export const a = () => process.env.A;\nexport const b = () => Buffer.from('x');\n`);
    const suppress = runWfo(['lint', '--suppress-all'], { cwd: dir });
    expect(suppress.code).toBe(0);
    expect(suppress.stderr).toBe('wfo: wrote wfo-suppressions.json\n');
    const baseline = JSON.parse(readFileSync(path.join(dir, 'wfo-suppressions.json'), 'utf8'));
    expect(baseline).toEqual({ 'src/workflows.ts': { 'no-host-globals': { count: 2 } } });
    expect(runWfo(['lint'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });

    writeFileSync(path.join(dir, 'src/workflows.ts'), `export const a = () => process.env.A;\nexport const b = () => Buffer.from('x');\nexport const c = () => fetch('x');\n`);
    const grown = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect(grown.code).toBe(1);
    expect((JSON.parse(grown.stdout) as { errorCount: number }[])[1]!.errorCount).toBe(3);

    writeFileSync(path.join(dir, 'src/workflows.ts'), `export const a = () => process.env.A;\n`);
    expect(runWfo(['lint', '--prune-suppressions'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'wfo-suppressions.json'), 'utf8'))).toEqual({ 'src/workflows.ts': { 'no-host-globals': { count: 1 } } });
  });

  it('--suppress-rule records only that rule; an unknown rule is exit 2', () => {
    const dir = project(`import { v4 } from 'uuid';\nexport const a = () => process.env.A + v4();\n`);
    expect(runWfo(['lint', '--suppress-rule', 'no-io-packages'], { cwd: dir }).code).toBe(1);
    expect(messages(dir).map((m) => m.ruleId)).toEqual(['no-host-globals']);
    const bad = runWfo(['lint', '--suppress-rule', 'no-such'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule 'no-such'/);
  });
});
