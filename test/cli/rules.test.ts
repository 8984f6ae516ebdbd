/**
 * `wfo rules` and the rule documentation, checked against the registry so that no rule goes
 * undocumented, no doc drifts from its rule, and the README's table is the registry's.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const repo = path.resolve(import.meta.dirname, '../..');
const docPath = (id: string): string => path.join(repo, 'docs/rules', `${id}.md`);

describe('wfo rules', () => {
  it('lists every rule with its context, recommended severity and description', () => {
    const { code, stdout, stderr } = runWfo(['rules']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(RULES.length + 1);
    for (const rule of RULES) {
      const line = lines.find((l) => l.startsWith(`${rule.meta.id} `));
      expect(line, rule.meta.id).toBeDefined();
      expect(line).toContain(rule.meta.description);
      expect(line).toContain(rule.meta.context);
    }
  });

  it('prints a rule\'s documentation, with or without the wfo/ prefix', () => {
    const id = RULES[0]!.meta.id;
    const plain = runWfo(['rules', id]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(readFileSync(docPath(id), 'utf8'));
    expect(runWfo(['rules', `wfo/${id}`]).stdout).toBe(plain.stdout);
  });

  it('refuses an unknown rule with a suggestion and exit 2', () => {
    const { code, stdout, stderr } = runWfo(['rules', 'no-host-global']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("wfo: unknown rule 'no-host-global' (did you mean \"no-host-globals\"?); run `wfo rules` to list them\n");
  });

  it("is the README's rule table (npm run schema regenerates it)", () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const table = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(table).toBe(runWfo(['rules', '--format', 'markdown']).stdout.trimEnd());
    for (const [, link] of readme.matchAll(/\]\((docs\/rules\/[^)]+\.md)\)/g)) expect(existsSync(path.join(repo, link!)), link).toBe(true);
  });
});

const WORKER = `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'docs', workflowsPath: require.resolve('./workflows'), activities });
  await worker.run();
}
`;

/** The ```ts blocks after a `## <heading>` line: the example, then (optionally) the other module it uses. */
function examples(doc: string, heading: string): string[] {
  return [...section(doc, heading).matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => !NAMED_FILE.test(code));
}

/** A block whose first line is a comment naming its file (`// tsconfig.json`, `// src/lib/clock.ts`) is that file of the example's project. */
const NAMED_FILE = /^\/\/ ([\w.-]+(?:\/[\w.-]+)*\.(?:ts|json))\n/;

function namedFiles(doc: string, heading: string): Record<string, string> {
  const blocks = [...section(doc, heading).matchAll(/```(?:ts|typescript|jsonc)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return Object.fromEntries(blocks.flatMap((code) => {
    const name = NAMED_FILE.exec(code)?.[1];
    return name ? [[name, code.slice(code.indexOf('\n') + 1)]] : [];
  }));
}

function section(doc: string, heading: string): string {
  return doc.split(new RegExp(`^## ${heading}\\s*$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
}

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))('docs/rules/%s.md', (id, rule) => {
  const doc = existsSync(docPath(id)) ? readFileSync(docPath(id), 'utf8') : '';

  it('exists with a title, the why, a bad and a good example, and the Temporal docs behind the rule', () => {
    expect(doc, `docs/rules/${id}.md is missing`).not.toBe('');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    for (const heading of ['## Why', '## Bad', '## Good', '## Temporal docs']) expect(doc, heading).toContain(`\n${heading}\n`);
    expect(doc).toContain(rule.meta.temporalDocs);
    for (const option of Object.keys(rule.meta.options ?? {})) expect(doc, `option ${option}`).toContain(`\`${option}\``);
  });

  it('has a Bad example the rule reports and a Good example no rule reports (strict preset)', () => {
    const [bad, badOther] = examples(doc, 'Bad');
    const [good, goodOther] = examples(doc, 'Good');
    expect(bad, 'a ```ts block under ## Bad').toBeDefined();
    expect(good, 'a ```ts block under ## Good').toBeDefined();
    const file = rule.meta.context === 'activity' ? 'src/activities.ts' : 'src/workflows.ts';
    const other = rule.meta.context === 'activity' ? { 'src/workflows.ts': 'export async function idle(): Promise<void> {}\n' } : { 'src/activities.ts': 'export async function noop(): Promise<void> {}\n' };
    const lintExample = (code: string, otherCode?: string, files: Record<string, string> = {}) => {
      const dir = writeProject({
        'package.json': JSON.stringify({ name: 'doc-example', private: true }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
        // strict: every rule, so strict-only rules are exercised and Good examples are clean under all of them.
        'wfo.config.json': JSON.stringify({ preset: 'strict' }),
        'src/worker.ts': WORKER,
        ...(otherCode ? { [Object.keys(other)[0]!]: otherCode } : other),
        [file]: code,
        ...files,
      });
      const { stdout } = runWfo(['lint', '-f', 'json', '.'], { cwd: dir });
      return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[]).flatMap((r) => r.messages);
    };
    // A rule that compares with a deployed revision reports nothing in a plain run: its Bad example
    // is checked against the doc's Deployed example in its own test (test/cli/deployed.test.ts).
    if (!rule.meta.needsDeployed) expect(lintExample(bad!, badOther, namedFiles(doc, 'Bad')).map((m) => m.ruleId), 'Bad is reported by the rule').toContain(id);
    expect(lintExample(good!, goodOther ?? badOther, { ...namedFiles(doc, 'Bad'), ...namedFiles(doc, 'Good') }).map((m) => `${m.ruleId}: ${m.message}`), 'Good is clean').toEqual([]);
  });
});
