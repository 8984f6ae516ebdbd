import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`;
const workflows = `import { v4 } from 'uuid';\nimport axios from 'my-http';\nexport async function wf(ms: number): Promise<string> { return v4() + new Date(ms).getHours() + (await axios()); }\n`;

function project(config: Record<string, string>): string {
  return writeProject({ 'package.json': JSON.stringify({ name: 'app' }), 'src/worker.ts': worker, 'src/workflows.ts': workflows, ...config });
}

function ruleIds(dir: string, args: string[] = []): (string | null)[] {
  const { stdout } = runWfo(['lint', '-f', 'json', ...args], { cwd: dir });
  return (JSON.parse(stdout) as { messages: { ruleId: string | null }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
}

describe('configuration', () => {
  it('defaults to the recommended preset', () => {
    expect(ruleIds(project({}))).toEqual(['no-io-packages', 'no-local-time']);
  });

  it('wfo.config.json sets severities and options, ESLint-style', () => {
    const dir = project({
      'wfo.config.json': JSON.stringify({ rules: { 'no-local-time': 'off', 'no-io-packages': ['warn', { packages: ['my-http'] }] } }),
    });
    const { code, stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect(code).toBe(0);
    const messages = (JSON.parse(stdout) as { messages: { ruleId: string; severity: number; message: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['no-io-packages', 1], ['no-io-packages', 1]]);
    expect(messages[1]!.message).toContain("'my-http'");
  });

  it('a "wfo" key in package.json works too, and unsafePackages extends the I/O list', () => {
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'app', wfo: { unsafePackages: ['my-http'], rules: { 'wfo/no-local-time': 0 } } }),
      'src/worker.ts': worker,
      'src/workflows.ts': workflows,
    });
    expect(ruleIds(dir)).toEqual(['no-io-packages', 'no-io-packages']);
  });

  it('the strict preset raises warnings to errors', () => {
    const { stdout } = runWfo(['lint', '-f', 'json'], { cwd: project({ 'wfo.config.json': '{ "preset": "strict" }' }) });
    const severities = (JSON.parse(stdout) as { messages: { severity: number }[] }[]).flatMap((r) => r.messages.map((m) => m.severity));
    expect(severities).toEqual([2, 2]);
  });

  it('workflow globs add roots, ignore globs drop files from the report', () => {
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'app' }),
      'wfo.config.json': JSON.stringify({ workflows: ['src/flows/**/*.ts'], ignore: ['src/flows/legacy/**'] }),
      'src/flows/a.ts': `export const a = () => process.env.A;\n`,
      'src/flows/legacy/b.ts': `export const b = () => process.env.B;\n`,
    });
    const { stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect((JSON.parse(stdout) as { filePath: string; errorCount: number }[]).map((r) => [r.filePath.slice(dir.length + 1), r.errorCount])).toEqual([['src/flows/a.ts', 1]]);
  });

  it("Yarn's own files are never linted: .yarn/ (releases, plugins, sdks) and the Plug'n'Play runtime", () => {
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'app' }),
      'wfo.config.json': JSON.stringify({ workflows: ['**/*.{ts,cjs}'] }),
      'src/flows/a.ts': `export const a = () => process.env.A;\n`,
      '.yarn/releases/yarn-4.5.0.cjs': `module.exports = () => process.env.YARN;\n`,
      '.yarn/sdks/typescript/lib/tsserver.js': `module.exports = process.env.TS;\n`,
      '.pnp.cjs': `module.exports = () => process.env.PNP;\n`,
    });
    const { stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect((JSON.parse(stdout) as { filePath: string; errorCount: number }[]).map((r) => [r.filePath.slice(dir.length + 1), r.errorCount])).toEqual([['src/flows/a.ts', 1]]);
  });

  it.each([
    ['{ "rules": { "no-such-rule": "error" } }', /wfo\.config\.json:1:14: rules\.no-such-rule: unknown rule/],
    ['{ "rules": { "no-io-pakages": "error" } }', /did you mean "no-io-packages"\?/],
    ['{ "rules": { "no-io-packages": "loud" } }', /rules\.no-io-packages: severity must be "off", "warn" or "error"/],
    ['{ "rules": { "no-io-packages": ["warn", { "pkgs": [] }] } }', /unknown option "pkgs"; options: packages/],
    ['{ "preset": "lax" }', /preset: must be "recommended" or "strict"/],
    ['{ "workflow": [] }', /workflow: unknown key \(did you mean "workflows"\?\)/],
    ['{\n  "rules": {\n    "no-io-packages": "warn",\n  }\n  "x": 1\n}', /wfo\.config\.json:5:3: invalid JSON/],
  ])('bad configuration %s is exit 2 with file, position and key', (text, message) => {
    const { code, stdout, stderr } = runWfo(['lint'], { cwd: project({ 'wfo.config.json': text }) });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--print-config shows the rules and the context, with the reason', () => {
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'app' }),
      'src/worker.ts': worker,
      'src/workflows.ts': `import { ref, label } from './util/refs';\nexport const wf = async () => ref + label();\n`,
      'src/util/refs.ts': `export const ref = 1;\nexport function label(): string { return 'a'; }\nexport function hostPath(): string { return process.cwd(); }\n`,
      'src/client.ts': `export const c = 1;\n`,
    });
    const { code, stdout } = runWfo(['lint', '--print-config', 'src/util/refs.ts'], { cwd: dir });
    expect(code).toBe(0);
    const described = JSON.parse(stdout) as { contexts: string[]; reasons: string[]; rules: Record<string, unknown> };
    expect(described.contexts).toEqual(['workflow']);
    expect(described.reasons).toEqual(['workflow code: reached from src/workflows.ts (workflowsPath in src/worker.ts)']);
    expect(described.rules['no-host-globals']).toBe('error');
    expect((described as unknown as { functions: object }).functions).toEqual({ label: 'runs: workflow wf → label()', hostPath: 'bundled, never run in a workflow' });
    const other = JSON.parse(runWfo(['lint', '--print-config', 'src/client.ts'], { cwd: dir }).stdout) as { contexts: string[]; rules: object };
    expect(other).toMatchObject({ contexts: ['other'], rules: {} });
  });
});
