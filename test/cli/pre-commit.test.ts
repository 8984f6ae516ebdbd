/**
 * The pre-commit hook as the pre-commit framework runs it: the `entry` of .pre-commit-hooks.yaml,
 * in a git repository, with some files staged.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const hooks = readFileSync(path.resolve(import.meta.dirname, '../../.pre-commit-hooks.yaml'), 'utf8');

function field(name: string): string {
  const match = new RegExp(`^\\s+${name}: (.+)$`, 'm').exec(hooks);
  if (!match) throw new Error(`.pre-commit-hooks.yaml has no ${name}`);
  return match[1]!.trim();
}

it('declares a serial node hook that takes no file names', () => {
  expect(field('language')).toBe('node');
  expect(field('require_serial')).toBe('true');
  expect(field('pass_filenames')).toBe('false');
});

it("the hook's entry fails a commit that stages a determinism bug in a helper, and passes a clean one", () => {
  const [command, ...args] = field('entry').split(' ');
  expect(command).toBe('wfo');
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'hooked', private: true }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker';\nexport const w = Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
    'src/workflows.ts': `import { label } from './util/label';\nexport async function greet(): Promise<string> {\n  return label();\n}\n`,
    'src/util/label.ts': `export function label(): string {\n  return 'hello';\n}\n`,
  });
  const git = (...gitArgs: string[]): void => void execFileSync('git', gitArgs, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
  git('add', '.');
  expect(runWfo(args, { cwd: dir }).code).toBe(0);

  // The helper is not a workflow file, but a workflow imports it: the hook must know.
  writeFileSync(path.join(dir, 'src/util/label.ts'), `export function label(): string {\n  return process.env.GREETING ?? 'hello';\n}\n`);
  git('add', 'src/util/label.ts');
  const failing = runWfo(args, { cwd: dir });
  expect(failing.code).toBe(1);
  expect(failing.stdout).toContain('src/util/label.ts');
  expect(failing.stdout).toContain('workflow code via src/workflows.ts → src/util/label.ts');
});
