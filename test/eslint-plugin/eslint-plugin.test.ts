/**
 * The ESLint plugin, through the real ESLint CLI and a real flat config in a project on disk, that
 * loads the plugin by its package export name: the same findings as `wfo lint`, context from the
 * whole project, and fixes applied by `eslint --fix`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

const repo = path.resolve(import.meta.dirname, '../..');
const ESLINT = path.join(repo, 'node_modules/eslint/bin/eslint.js');

afterAll(removeProjects);

const FILES = {
  'package.json': JSON.stringify({ name: 'editor-project', private: true, type: 'module' }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
  'eslint.config.js': `import tsParser from '@typescript-eslint/parser';
import wfo from 'wfo/eslint-plugin';

export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, ...wfo.configs.recommended }];
`,
  'src/worker.ts': `import { Worker } from '@temporalio/worker';\nimport * as activities from './activities';\nexport const w = Worker.create({ taskQueue: 'q', workflowsPath: new URL('./workflows.ts', import.meta.url).pathname, activities });\n`,
  'src/workflows.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport { chargeCard } from './activities';\nimport { region } from './util/region';\n\nconst { charge } = proxyActivities<{ charge: typeof chargeCard }>({ startToCloseTimeout: '1m' });\n\nexport async function order(): Promise<string> {\n  await charge();\n  return region() + process.env.STAGE;\n}\n`,
  'src/util/region.ts': `export function region(): string {\n  return process.env.REGION ?? 'eu';\n}\n`,
  'src/activities.ts': `export async function chargeCard(): Promise<string> {\n  return process.env.PSP_KEY ?? '';\n}\n`,
};

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; severity: 1 | 2; message: string; line: number; column: number; endLine?: number; endColumn?: number }[];
}

function eslint(dir: string, ...args: string[]): { code: number | null; results: EslintResult[]; stderr: string } {
  const run = spawnSync(process.execPath, [ESLINT, '-f', 'json', ...args, '.'], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, results: run.stdout ? (JSON.parse(run.stdout) as EslintResult[]) : [], stderr: run.stderr };
}

function summary(results: EslintResult[], dir: string, prefix: string): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${SEVERITY[m.severity]} ${(m.ruleId ?? '').replace(prefix, '')} ${m.message.replace(/ \(workflow code via .*\)$/, '')}`))
    .sort();
}

const SEVERITY = { 1: 'warning', 2: 'error' } as const;

/** A project on disk whose node_modules hold wfo (this checkout) and the TypeScript parser, as an installed one would. */
function editorProject(files: Record<string, string>): string {
  const dir = writeProject(files);
  mkdirSync(path.join(dir, 'node_modules/@typescript-eslint'), { recursive: true });
  symlinkSync(repo, path.join(dir, 'node_modules/wfo'), 'dir');
  symlinkSync(path.join(repo, 'node_modules/@typescript-eslint/parser'), path.join(dir, 'node_modules/@typescript-eslint/parser'), 'dir');
  return dir;
}

describe('wfo/eslint-plugin in ESLint', () => {
  let dir: string;
  beforeAll(() => {
    dir = editorProject(FILES);
  });

  it('reports what wfo lint reports, with wfo/ rule ids and the same severities, messages and positions', () => {
    const { code, results, stderr } = eslint(dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const fromEslint = summary(results, dir, 'wfo/');
    const fromWfo = summary(JSON.parse(runWfo(['lint', '-f', 'json'], { cwd: dir }).stdout) as EslintResult[], dir, '');
    expect(fromEslint).toEqual(fromWfo);
    // The helper is workflow code only because the workflow imports it: the plugin knows from the project model.
    expect(fromEslint.some((line) => line.startsWith('src/util/region.ts:2:10') && line.includes('no-host-globals'))).toBe(true);
    // Activity code may use process.
    expect(fromEslint.filter((line) => line.startsWith('src/activities.ts'))).toEqual([]);
    expect(fromEslint.some((line) => line.includes('no-activity-value-import'))).toBe(true);
  });

  it('eslint --fix applies the same fix as wfo lint --fix', () => {
    const fixDir = editorProject(FILES);
    eslint(fixDir, '--fix');
    expect(readFileSync(path.join(fixDir, 'src/workflows.ts'), 'utf8')).toContain(`import type { chargeCard } from './activities';`);
    const after = eslint(fixDir);
    expect(summary(after.results, fixDir, 'wfo/').some((line) => line.includes('no-activity-value-import'))).toBe(false);
  });

  it('lints unsaved editor text (stdin) in the file\'s project context', () => {
    const run = spawnSync(process.execPath, [ESLINT, '-f', 'json', '--stdin', '--stdin-filename', 'src/util/region.ts'], {
      cwd: dir,
      encoding: 'utf8',
      input: `export function region(): string {\n  return 'eu';\n}\nexport const started = Buffer.from('x');\n`,
    });
    const results = JSON.parse(run.stdout) as EslintResult[];
    expect(summary(results, dir, 'wfo/')).toEqual([expect.stringMatching(/^src\/util\/region\.ts:4:24-4:30 error no-host-globals 'Buffer' does not exist/)]);
  });

  describe('severity: each finding at the severity wfo lint gives it', () => {
    const WORKFLOWS = `import { proxyActivities } from '@temporalio/workflow';
import { chargeCard } from './activities';

const { charge } = proxyActivities<{ charge: typeof chargeCard }>({});

export async function order(): Promise<string> {
  await charge();
  return process.env.STAGE + new Date().getHours();
}
`;
    const severities = (dir: string): Record<string, string> =>
      Object.fromEntries(eslint(dir).results.flatMap((r) => r.messages.map((m) => [`${m.ruleId} ${m.line}:${m.column}`, SEVERITY[m.severity]])));

    it('a default-error finding is an error, a preset warning and an inline downgrade are warnings', () => {
      const project = editorProject({ ...FILES, 'src/workflows.ts': WORKFLOWS });
      expect(severities(project)).toEqual({
        'wfo/no-host-globals 8:10': 'error',
        'wfo/activity-timeout-required 4:67': 'error',
        // Its recommended level, set by wfo.configs.recommended.
        'wfo/no-local-time 8:30': 'warning',
        // The rule reports a value import used only as a type as a warning (the error is a value use).
        'wfo/no-activity-value-import 2:1': 'warning',
      });
    });

    it("the project's wfo config sets a rule's level (warn, error or off) in the editor as in wfo lint", () => {
      const rules = { 'activity-timeout-required': 'warn', 'no-local-time': 'error', 'no-host-globals': 'off', 'wfo/no-activity-value-import': 'error' };
      const project = editorProject({ ...FILES, 'src/workflows.ts': WORKFLOWS, 'src/util/region.ts': 'export {};\n', 'wfo.config.json': JSON.stringify({ rules }) });
      const fromEslint = eslint(project);
      expect(fromEslint.stderr).toBe('');
      expect(severities(project)).toEqual({
        'wfo/activity-timeout-required 4:67': 'warning',
        // Above its level in wfo.configs.recommended, as the project's config asks.
        'wfo/no-local-time 8:30': 'error',
        // The rule's own warning stays one whatever the rule's level, as in wfo lint.
        'wfo/no-activity-value-import 2:1': 'warning',
      });
      const fromWfo = summary(JSON.parse(runWfo(['lint', '-f', 'json'], { cwd: project }).stdout) as EslintResult[], project, '');
      expect(summary(fromEslint.results, project, 'wfo/')).toEqual(fromWfo);
    });

    it("elsewhere ESLint's level applies: a rule set to 'warn' in eslint.config.js reports warnings", () => {
      const eslintConfig = `import tsParser from '@typescript-eslint/parser';
import wfo from 'wfo/eslint-plugin';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser }, ...wfo.configs.recommended },
  { files: ['**/*.ts'], rules: { 'wfo/no-host-globals': 'warn', 'wfo/no-activity-value-import': 'off' } },
];
`;
      const project = editorProject({ ...FILES, 'src/workflows.ts': WORKFLOWS, 'eslint.config.js': eslintConfig });
      expect(severities(project)).toEqual({
        'wfo/no-host-globals 8:10': 'warning',
        'wfo/activity-timeout-required 4:67': 'error',
        'wfo/no-local-time 8:30': 'warning',
      });
    });
  });
});
