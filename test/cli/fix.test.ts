import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { linkNodeModules, removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const TSC = path.resolve(import.meta.dirname, '../../node_modules/typescript/bin/tsc');

function project(): string {
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'app', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'es2022', noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['src'] }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nexport const start = () => Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });\n`,
    'src/activities.ts': `export interface Order { id: string }\nexport async function charge(order: Order): Promise<string> { return order.id; }\n`,
    'src/workflows.ts': [
      `import { proxyActivities } from '@temporalio/workflow';`,
      `import { v4 as newId } from 'uuid';`,
      `import { Order, charge } from './activities';`,
      ``,
      `const acts = proxyActivities<{ charge: typeof charge }>({ startToCloseTimeout: '1 minute' });`,
      ``,
      `export async function order(o: Order): Promise<string> {`,
      `  return (await acts.charge(o)) + newId();`,
      `}`,
      ``,
    ].join('\n'),
    'src/uuid.d.ts': `declare module 'uuid' { export function v4(): string; }\n`,
  });
  linkNodeModules(dir);
  return dir;
}

describe('--fix', () => {
  it('--fix-dry-run shows the fixed text and writes nothing', () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8');
    const { code, stdout } = runWfo(['lint', '--fix-dry-run', '-f', 'json'], { cwd: dir });
    expect(code).toBe(0);
    const result = (JSON.parse(stdout) as { filePath: string; output?: string; messages: unknown[] }[]).find((r) => r.filePath.endsWith('workflows.ts'))!;
    expect(result.messages).toEqual([]);
    expect(result.output).toContain(`import { uuid4 as newId } from '@temporalio/workflow';`);
    expect(result.output).toContain(`import type { Order, charge } from './activities';`);
    expect(readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8')).toBe(before);
  });

  it('--fix rewrites the files; they still compile against the real SDK and lint clean', () => {
    const dir = project();
    const first = runWfo(['lint', '-f', 'json'], { cwd: dir });
    const fixable = (JSON.parse(first.stdout) as { fixableErrorCount: number; fixableWarningCount: number }[]).reduce((n, r) => n + r.fixableErrorCount + r.fixableWarningCount, 0);
    expect(fixable).toBe(2);
    const fixed = runWfo(['lint', '--fix'], { cwd: dir });
    expect(fixed).toMatchObject({ code: 0, stdout: '' });
    const text = readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      `import { proxyActivities } from '@temporalio/workflow';`,
      `import { uuid4 as newId } from '@temporalio/workflow';`,
      `import type { Order, charge } from './activities';`,
    ]);
    execFileSync(process.execPath, [TSC, '-p', dir], { stdio: 'pipe' });
  });
});
