/** --format sarif and --format github, and colour, through the real CLI, on a project with known findings. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo, WFO } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const project = writeProject({
  'package.json': JSON.stringify({ name: 'formats', private: true }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
  'src/worker.ts': `import { Worker } from '@temporalio/worker';\nexport const w = Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
  'src/workflows.ts': `import { region } from './util/config';\nexport async function greet(): Promise<string> {\n  return region() + new Date().getHours();\n}\n`,
  'src/util/config.ts': `export function region(): string {\n  return process.env.REGION ?? 'eu, west: 1';\n}\n`,
  'src/broken.ts': `export const = ;\n`,
});

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; help: { text: string; markdown?: string }; defaultConfiguration: { level: string } }[] } };
    invocations: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

describe('--format sarif', () => {
  const first = runWfo(['lint', '--format', 'sarif'], { cwd: project });
  const log = JSON.parse(first.stdout) as SarifLog;
  const run = log.runs[0]!;

  it('is SARIF 2.1.0 that GitHub code scanning reads: rules with help, results pointing into them', () => {
    expect(first.code).toBe(1);
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('wfo');
    const ruleIds = run.tool.driver.rules.map((r) => r.id);
    const listed = runWfo(['rules', '--format', 'json']);
    expect(ruleIds).toEqual((JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(rule.help.text.length).toBeGreaterThan(20);
    }
    const hostGlobals = run.tool.driver.rules.find((r) => r.id === 'no-host-globals')!;
    expect(hostGlobals.help.markdown).toContain('## Why');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('has one result per finding with level, message, relative location and the import chain', () => {
    const summary = run.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn} ${r.level} ${r.ruleId}`);
    expect(summary).toEqual(['src/util/config.ts:2:10 error no-host-globals', 'src/workflows.ts:3:21 warning no-local-time']);
    const processUse = run.results[0]!;
    expect(processUse.locations[0]!.physicalLocation.region).toMatchObject({ endLine: 2, endColumn: 17 });
    expect(processUse.message.text).toContain("'process' does not exist in the workflow sandbox");
    expect(processUse.message.text).toContain('Workflow code via [src/workflows.ts](0) → [src/util/config.ts](1)');
    expect(processUse.relatedLocations!.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual(['src/workflows.ts', 'src/util/config.ts']);
  });

  it('reports a file that does not parse as a tool notification, like ESLint', () => {
    const notes = run.invocations[0]!.toolExecutionNotifications;
    expect(notes.map((n) => n.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['src/broken.ts']);
    expect(notes[0]!.message.text).toMatch(/Parsing error/);
  });

  it('is byte-identical on every run, with no absolute paths or timestamps', () => {
    const second = runWfo(['lint', '--format', 'sarif'], { cwd: project });
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).not.toContain(project);
    expect(first.stdout).not.toMatch(/"(startTimeUtc|endTimeUtc|timestamp)"/);
  });

  it('writes to --output-file', () => {
    const written = runWfo(['lint', '--format', 'sarif', '--output-file', 'wfo.sarif'], { cwd: project });
    expect(written.stdout).toBe('');
    expect(runWfo(['lint', '--format', 'sarif'], { cwd: project }).stdout).toBe(first.stdout);
  });
});

describe('--format github', () => {
  it('prints one workflow-command annotation per finding, escaped as @actions/core does', () => {
    const { code, stdout } = runWfo(['lint', '--format', 'github'], { cwd: project });
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=src\/broken\.ts,line=1,col=\d+,title=wfo%3A file not linted::Parsing error/);
    expect(lines[1]).toMatch(/^::error file=src\/util\/config\.ts,line=2,col=10,endLine=2,endColumn=17,title=wfo\/no-host-globals::'process' does not exist/);
    // The chain goes on a second line of the annotation: the newline is escaped, not printed.
    expect(lines[1]).toContain('%0AWorkflow code via src/workflows.ts → src/util/config.ts');
    expect(lines[2]).toMatch(/^::warning file=src\/workflows\.ts,line=3,col=21,.*title=wfo\/no-local-time::/);
  });

  it('prints nothing for a clean project', () => {
    const clean = writeProject({ 'package.json': '{"name":"c"}', 'src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nexport async function w(): Promise<void> { await sleep(1); }\n` });
    const { code, stdout } = runWfo(['lint', '--format', 'github'], { cwd: clean });
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
  });
});

describe('colour when the output is piped (CI logs)', () => {
  const ESC = '\u001b[';

  /** wfo with its stdout a pipe, in an environment without this machine's colour or CI settings. */
  function piped(args: string[], env: Record<string, string> = {}, cwd = project): { code: number | null; stdout: string } {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TERM'].includes(key)));
    const run = spawnSync(process.execPath, [WFO, ...args], { cwd, env: { ...base, TERM: 'xterm-256color', ...env } as NodeJS.ProcessEnv, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout };
  }

  it('is off on a pipe by default', () => {
    const { code, stdout } = piped(['lint']);
    expect(code).toBe(1);
    expect(stdout).toContain('no-host-globals');
    expect(stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR turns it on (the stylish severity in red, as ESLint prints it)', () => {
    for (const value of ['1', '2', '3', 'true', '']) {
      const { stdout } = piped(['lint'], { FORCE_COLOR: value });
      expect(stdout, `FORCE_COLOR=${value}`).toContain(`${ESC}31merror${ESC}39m`);
    }
  });

  it('FORCE_COLOR=0 or false, and NO_COLOR, keep it off', () => {
    for (const env of [{ FORCE_COLOR: '0' }, { FORCE_COLOR: 'false' }, { NO_COLOR: '1' }]) {
      expect(piped(['lint'], env).stdout, JSON.stringify(env)).not.toContain(ESC);
    }
    // An empty NO_COLOR is no request (no-color.org); FORCE_COLOR wins over NO_COLOR, as in Node.
    expect(piped(['lint'], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toContain(ESC);
    expect(piped(['lint'], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).toContain(ESC);
  });

  it('--color and --no-color win over the environment, as in ESLint', () => {
    expect(piped(['lint', '--color']).stdout).toContain(`${ESC}31merror${ESC}39m`);
    expect(piped(['lint', '--color'], { NO_COLOR: '1', FORCE_COLOR: '0' }).stdout).toContain(ESC);
    expect(piped(['lint', '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
  });

  it('a report written to --output-file is coloured only with --color (FORCE_COLOR is for the log)', () => {
    piped(['lint', '-o', 'plain.txt'], { FORCE_COLOR: '1' });
    expect(readFileSync(path.join(project, 'plain.txt'), 'utf8')).not.toContain(ESC);
    piped(['lint', '-o', 'coloured.txt', '--color']);
    expect(readFileSync(path.join(project, 'coloured.txt'), 'utf8')).toContain(ESC);
  });

  it('wfo new follows the same settings', () => {
    const app = writeProject({ 'package.json': JSON.stringify({ name: 'app', private: true }), 'src/workflows.ts': 'export {};\n', 'src/activities.ts': 'export {};\n' });
    const forced = piped(['new', 'saga', 'order-checkout', '--dry-run'], { FORCE_COLOR: '1' }, app);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`${ESC}32mCREATE`);
    expect(piped(['new', 'saga', 'order-checkout', '--dry-run'], {}, app).stdout).not.toContain(ESC);
    expect(piped(['new', 'saga', 'order-checkout', '--dry-run', '--color'], {}, app).stdout).toContain(ESC);
    expect(piped(['new', 'saga', 'order-checkout', '--dry-run', '--no-color'], { FORCE_COLOR: '1' }, app).stdout).not.toContain(ESC);
  });
});
