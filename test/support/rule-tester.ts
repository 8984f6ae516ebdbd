/**
 * typescript-eslint-style rule tests on real files: each case is written into a small project on
 * disk (a worker whose workflowsPath names the workflow file, or whose activities are the activity
 * file), the project model is built exactly as `wfo lint` builds it, and only the rule under test runs.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lint/finding.js';
import type { Rule } from '../../src/lint/rule.js';
import { runRules } from '../../src/lint/run-rules.js';
import { buildProjectModel } from '../../src/project/project-model.js';
import { writeProject } from './temp-project.js';

export interface ValidCase {
  /** What the case shows; the test's name. */
  readonly name: string;
  readonly code: string;
  /** Where `code` goes; defaults to the workflow (or activity) module of the project. */
  readonly filename?: string;
  /** Other files of the project, by relative path. */
  readonly files?: Record<string, string>;
  readonly options?: Record<string, unknown>;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column?: number;
  readonly severity?: 'error' | 'warn';
  /** Substrings the message must contain. */
  readonly message?: string;
  /** Root-relative chain, when the finding is in code reached from the workflow root. */
  readonly chain?: string[];
}

export interface InvalidCase extends ValidCase {
  readonly errors: ExpectedFinding[];
}

const WORKER = `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({
    taskQueue: 'test',
    workflowsPath: require.resolve('./workflows'),
    activities,
  });
  await worker.run();
}
`;

/** Lints `code` as a project on disk and returns the findings in the case's file. */
export function lintCase(rule: Rule, testCase: ValidCase): Finding[] {
  const defaultFile = rule.meta.context === 'activity' ? 'src/activities.ts' : 'src/workflows.ts';
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'rule-case', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, rootDir: 'src', outDir: 'lib' } }),
    'src/worker.ts': WORKER,
    'src/activities.ts': 'export async function greet(name: string): Promise<string> { return name; }\n',
    'src/workflows.ts': 'export async function example(): Promise<void> {}\n',
    ...testCase.files,
    [testCase.filename ?? defaultFile]: testCase.code,
  }, 'wfo-rule-');
  try {
    const model = buildProjectModel({ paths: [dir], cwd: dir });
    const report = runRules(model, [{ rule, severity: rule.meta.severity, options: testCase.options ?? {} }]);
    const target = path.join(dir, testCase.filename ?? defaultFile);
    const findings = report.files.find((f) => f.file === target)?.findings ?? [];
    // Chains are absolute; the cases name them relative to the project.
    return findings.map((f) => ({ ...f, chain: f.chain?.map((c) => path.relative(dir, c).split(path.sep).join('/')) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, () => {
          expect(lintCase(rule, testCase).map(describeFinding)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        it(testCase.name, () => {
          const findings = lintCase(rule, testCase);
          expect(findings.map((f) => f.messageId), findings.map(describeFinding).join('\n')).toEqual(testCase.errors.map((e) => e.messageId));
          testCase.errors.forEach((expected, i) => {
            const actual = findings[i]!;
            expect(actual.ruleId).toBe(rule.meta.id);
            expect(actual.line, describeFinding(actual)).toBe(expected.line);
            if (expected.column !== undefined) expect(actual.column, describeFinding(actual)).toBe(expected.column);
            expect(actual.severity).toBe(expected.severity ?? rule.meta.severity);
            if (expected.message) expect(actual.message).toContain(expected.message);
            if (expected.chain) expect(actual.chain).toEqual(expected.chain);
            expect(actual.message).not.toMatch(/\{\{/);
          });
        });
      }
    });
  });
}

function describeFinding(f: Finding): string {
  return `${f.line}:${f.column} ${f.ruleId}/${f.messageId}: ${f.message}`;
}
