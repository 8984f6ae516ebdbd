import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo, WFO } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const worker = `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`;

interface Result {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; message: string; line: number }[];
}

function lintJson(dir: string, args: string[] = []): { code: number | null; results: Result[]; stderr: string } {
  const { code, stdout, stderr } = runWfo(['lint', '-f', 'json', ...args], { cwd: dir });
  return { code, results: stdout ? (JSON.parse(stdout) as Result[]) : [], stderr };
}

function byName(results: Result[]): Record<string, string[]> {
  return Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`)]));
}

describe('hostile and broken input', () => {
  it('each bad file gets its own message and the rest of the project is still linted', () => {
    const depth = 10_000;
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': ['./deep', './concat', './binary', './bad-utf8', './bom-crlf', './syntax', './ok'].map((m) => `import '${m}';`).join('\n') + '\nexport async function wf() {}\n',
      'src/deep.ts': `export const x = ${'['.repeat(depth)}${']'.repeat(depth)};\n`,
      'src/concat.ts': `export const s = ${Array.from({ length: 100_000 }, (_, i) => `'a${i}'`).join(' + ')};\n`,
      'src/bom-crlf.ts': '\ufeffexport const a = 1;\r\nexport const b = process.env.B;\r\n',
      'src/syntax.ts': 'export const = ;\n',
      'src/ok.ts': 'export const ok = Buffer.alloc(1);\n',
    });
    writeFileSync(path.join(dir, 'src/binary.ts'), Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00]));
    writeFileSync(path.join(dir, 'src/bad-utf8.ts'), Buffer.concat([Buffer.from("export const a = '"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("' + fetch('x');\n")]));
    const { code, results } = lintJson(dir);
    expect(code).toBe(1);
    const found = byName(results);
    expect(found['deep.ts']).toEqual(['fatal:1']);
    expect(results.find((r) => r.filePath.endsWith('deep.ts'))!.messages[0]!.message).toMatch(/nested too deeply/);
    expect(found['binary.ts']).toEqual(['fatal:1']);
    expect(found['syntax.ts']).toEqual(['fatal:1']);
    expect(found['concat.ts']).toEqual([]);
    expect(found['bad-utf8.ts']).toEqual(['no-host-globals:1']);
    expect(found['bom-crlf.ts']).toEqual(['no-host-globals:2']);
    expect(found['ok.ts']).toEqual(['no-host-globals:1']);
  });

  it('NULs in literals, UTF-16, and media segments named .ts (or their Git LFS pointers) are told apart from binary files, with or without the cache', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': ['./nul-literal', './nul-stray', './utf16'].map((m) => `import '${m}';`).join('\n') + '\nexport async function wf() {}\n',
      'src/nul-literal.ts': "export const sep = '\0';\nexport const key = (a: string) => `${a}\0${sep}`;\n// a NUL in a comment: \0\nexport const region = process.env.REGION;\n",
      'src/nul-stray.ts': 'export const a = 1;\n\0\0\0\n',
    });
    writeFileSync(path.join(dir, 'src/utf16.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("export const t = setImmediate(() => 1);\n", 'utf16le')]));
    // Four MPEG-TS packets: sync byte 0x47 every 188 bytes, a PAT header, zero padding (a NUL-laden, non-UTF-8 file).
    const packet = Buffer.alloc(188, 0xff);
    Buffer.from([0x47, 0x40, 0x00, 0x10, 0x00]).copy(packet);
    mkdirSync(path.join(dir, 'media'));
    writeFileSync(path.join(dir, 'media/seg-000.ts'), Buffer.concat([packet, packet, packet, packet]));
    // What a clone without Git LFS holds in place of a segment.
    writeFileSync(path.join(dir, 'media/seg-001.ts'), 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n');
    for (const args of [[], ['--cache'], ['--cache']]) {
      const { code, results } = lintJson(dir, args);
      expect(code).toBe(1);
      const found = byName(results);
      expect(found['nul-literal.ts']).toEqual(['no-host-globals:4']);
      expect(found['nul-stray.ts']).toEqual(['fatal:2']);
      expect(results.find((r) => r.filePath.endsWith('nul-stray.ts'))!.messages[0]!.message).toMatch(/Invalid character/);
      expect(found['utf16.ts']).toEqual(['no-host-globals:1']);
      expect(found['seg-000.ts'] ?? []).toEqual([]);
      expect(found['seg-001.ts'] ?? []).toEqual([]);
    }
  });

  it('a 10 MB generated file is linted', () => {
    const line = 'export const v = { a: [1, 2, 3], b: "some generated text to fill the line up" };\n';
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/worker.ts': worker, 'src/workflows.ts': "import './generated';\nexport async function wf() {}\n" });
    writeFileSync(path.join(dir, 'src/generated.ts'), line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)) + 'export const t = performance.now();\n');
    const { code, results } = lintJson(dir);
    expect(code).toBe(1);
    expect(byName(results)['generated.ts']).toHaveLength(1);
  });
});

describe('odd project shapes', () => {
  it('import cycles, self-imports, re-export cycles and symlink loops terminate', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import './workflows';\nexport * from './a';\n`,
      'src/a.ts': `export * from './b';\nexport const a = 1;\n`,
      'src/b.ts': `export * from './a';\nexport const b = () => setImmediate(() => 1);\n`,
    });
    mkdirSync(path.join(dir, 'src/loop'));
    symlinkSync(path.join(dir, 'src/loop'), path.join(dir, 'src/loop/again'), 'dir');
    symlinkSync(path.join(dir, 'src/missing.ts'), path.join(dir, 'src/dangling.ts'));
    const { code, results } = lintJson(dir);
    expect(code).toBe(1);
    expect(byName(results)['b.ts']).toEqual(['no-host-globals:2']);
  });

  it('an empty directory, or one with no TypeScript, is a usage error; --no-error-on-unmatched-pattern accepts it', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'docs/notes.md': '# notes\n', 'src/a.ts': 'export const a = 1;\n' });
    mkdirSync(path.join(dir, 'empty'));
    expect(runWfo(['lint', 'empty'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'wfo: no files to lint in empty\n' });
    expect(runWfo(['lint', 'docs'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'wfo: no files to lint in docs\n' });
    expect(runWfo(['lint', 'docs', '--no-error-on-unmatched-pattern'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('a project inside a folder that an enclosing repository\'s .gitignore ignores: the message names that .gitignore', () => {
    const dir = writeProject({ '.gitignore': 'scratch/\n', 'scratch/app/package.json': '{"name":"app"}', 'scratch/app/src/a.ts': 'export const a = 1;\n' });
    mkdirSync(path.join(dir, '.git'));
    const app = path.join(dir, 'scratch/app');
    expect(runWfo(['lint'], { cwd: app })).toMatchObject({ code: 2, stdout: '', stderr: 'wfo: no files to lint in .: ../../.gitignore ignores it\n' });
    expect(runWfo(['lint', 'src/a.ts'], { cwd: app })).toMatchObject({ code: 0 });
  });

  it('a reader that closes the pipe early (| head -c 100): no stack trace', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `  const v${i} = process.env.V${i};`).join('\n');
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': `import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
      'src/workflows.ts': `export async function wf(): Promise<void> {\n${lines}\n}\n`,
    });
    for (const format of ['sarif', 'json', 'stylish']) {
      // The shell's `wfo … | head -c 100`: the reader takes the first bytes and closes its end.
      const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${WFO}" lint -f ${format} 2>err.txt | head -c 100 >/dev/null`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(shell.status, format).toBe(0);
      expect(readFileSync(path.join(dir, 'err.txt'), 'utf8'), format).toBe('');
    }
  });

  it('a file outside the project, named explicitly, is linted on its own', () => {
    const outside = writeProject({ 'loose.ts': `import { sleep } from '@temporalio/workflow';\nexport async function wf() { await sleep(1); return process.pid; }\n` });
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/a.ts': 'export const a = 1;\n' });
    const { code, results } = lintJson(dir, [path.join(outside, 'loose.ts')]);
    expect(code).toBe(1);
    expect(byName(results)).toEqual({ 'loose.ts': ['no-host-globals:2'] });
  });
});

describe('deterministic output', () => {
  it('the same project gives byte-identical JSON on every run', () => {
    const dir = writeProject({
      'package.json': '{"name":"app"}',
      'src/worker.ts': worker,
      'src/workflows.ts': `import { z } from './z';\nimport { a } from './a';\nexport const wf = async () => z + a + process.pid;\n`,
      'src/z.ts': 'export const z = fetch("z");\n',
      'src/a.ts': 'export const a = Buffer.from("a");\n',
    });
    const first = runWfo(['lint', '-f', 'json'], { cwd: dir }).stdout;
    expect(runWfo(['lint', '-f', 'json'], { cwd: dir }).stdout).toBe(first);
    expect(runWfo(['lint', '-f', 'json', 'src/z.ts', 'src/a.ts', 'src/workflows.ts', 'src/worker.ts'], { cwd: dir }).stdout).toBe(first);
  });
});

describe('wfo lint runs none of the linted code', () => {
  it('config, plugins, package scripts and sources that would write a marker when executed are only read', () => {
    const dir = writeProject({});
    const marker = path.join(dir, 'EXECUTED');
    const touch = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'executed');`;
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'evil', scripts: { prepare: `node -e "${touch.replace(/"/g, '\\"')}"`, lint: 'node evil.js', pretest: 'node evil.js' }, wfo: { rules: {} } }),
      'evil.js': touch,
      'wfo.config.js': touch,
      'wfo.config.cjs': touch,
      'wfo.config.mjs': `import fs from 'fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'x');`,
      'eslint.config.js': touch,
      '.eslintrc.js': touch,
      'tsconfig.json': JSON.stringify({ compilerOptions: { plugins: [{ name: './evil.js' }] } }),
      'node_modules/wfo-plugin-evil/index.js': touch,
      'node_modules/@temporalio/workflow/index.js': touch,
      'src/worker.ts': `${touch}\nimport { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows') });\n`,
      'src/workflows.ts': `${touch}\nimport '../evil.js';\nimport 'wfo-plugin-evil';\nexport async function wf() { return import('../evil.js'); }\n`,
    };
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    const { code } = runWfo(['lint', '--cache'], { cwd: dir });
    expect(code).toBe(1);
    runWfo(['lint', '--print-config', 'src/workflows.ts'], { cwd: dir });
    runWfo(['lint', '--fix'], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
  });
});
