/**
 * wfo new never half-writes and never writes where it should not: bad names are refused before
 * anything happens, a failure mid-plan changes nothing, a process killed between two writes leaves
 * every file either as it was or complete, and user templates cannot escape the project or reach
 * JavaScript prototypes.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo, WFO } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';
import { snapshotTree } from '../support/tree-snapshot.js';
import { parseName } from '../../src/scaffold/names.js';

afterAll(removeProjects);

/** A project in `<fresh temp dir>/app`, so the temp dir shows anything written beside it. */
function project(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', private: true }),
    'src/workflows/index.ts': "export * from './existing';\n",
    'src/workflows/existing.ts': 'export async function existing(): Promise<void> {}\n',
    'src/activities/index.ts': '',
    ...extra,
  };
  return path.join(writeProject(Object.fromEntries(Object.entries(files).map(([file, text]) => [`app/${file}`, text]))), 'app');
}

describe('names that are refused, with exit 2 and nothing written anywhere', () => {
  const names: [string, string][] = [
    ['a path', 'orders/checkout'],
    ['a parent folder', '../checkout'],
    ['an absolute path', '/tmp/checkout'],
    ['a control character', 'check\nout'],
    ['a reserved word', 'class'],
    ['an empty string', ''],
    ['300 characters', 'a'.repeat(300)],
    ['punctuation', 'check-out!'],
    ['a leading digit', '1checkout'],
  ];
  for (const [why, name] of names) {
    it(why, () => {
      const dir = project();
      const before = snapshotTree(path.dirname(dir));
      const { code, stdout, stderr } = runWfo(['new', 'saga', name], { cwd: dir });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^wfo: invalid name .*: .+\n$/);
      expect(snapshotTree(path.dirname(dir))).toEqual(before);
    });
  }
});

it('a NUL byte (which the OS does not even let through argv) is refused by the name parser', () => {
  expect(() => parseName('check\0out')).toThrow(/invalid name "check\\u0000out": it contains control characters/);
});

describe('failures while writing', () => {
  it('a file where a folder should be: exit 2, nothing changed', () => {
    const dir = project({ 'src/test': 'not a folder\n' });
    const before = snapshotTree(dir);
    const { code, stderr } = runWfo(['new', 'saga', 'checkout'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^wfo: nothing was written: a file is in the way of src\/test/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only folder: exit 2, nothing changed (skipped as root, who may write anywhere)', () => {
    const dir = project();
    const { chmodSync } = require('node:fs') as typeof import('node:fs');
    chmodSync(path.join(dir, 'src/workflows'), 0o555);
    const before = snapshotTree(dir);
    const { code, stderr } = runWfo(['new', 'saga', 'checkout'], { cwd: dir });
    chmodSync(path.join(dir, 'src/workflows'), 0o755);
    expect(code).toBe(2);
    expect(stderr).toMatch(/permission denied/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('killed between two writes: every file is as it was or complete, none half-written', async () => {
    const reference = project();
    expect(runWfo(['new', 'saga', 'checkout'], { cwd: reference }).code).toBe(0);
    const complete = snapshotTree(reference);
    const dir = project();
    const original = snapshotTree(dir);
    const child = spawn(process.execPath, [WFO, 'new', 'saga', 'checkout'], { cwd: dir, env: { ...process.env, WFO_TEST_PAUSE_BETWEEN_WRITES: '400' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const after = snapshotTree(dir);
    const targets = Object.keys(after).filter((f) => !f.includes('.wfo-tmp-'));
    let renamed = 0;
    for (const file of targets) {
      const state = after[file] === complete[file] ? 'complete' : after[file] === original[file] ? 'original' : 'torn';
      expect(state, file).not.toBe('torn');
      if (state === 'complete' && original[file] !== complete[file]) renamed++;
    }
    // The kill landed mid-way: some files were written, not all.
    expect(renamed).toBeGreaterThan(0);
    expect(renamed).toBeLessThan(Object.keys(complete).filter((f) => complete[f] !== original[f]).length);
    // What is left beside the targets are only wfo's own temporary files, named as such.
    for (const leftover of Object.keys(after).filter((f) => !(f in complete) && !(f in original))) expect(leftover).toMatch(/\.wfo-tmp-\d+-\d+$/);
  });

  it('--force replaces a changed file in one rename (never truncated in place)', () => {
    const dir = project();
    runWfo(['new', 'saga', 'checkout'], { cwd: dir });
    const file = path.join(dir, 'src/workflows/checkout.ts');
    writeFileSync(file, '// local edit\n');
    const inode = require('node:fs').statSync(file).ino as number;
    expect(runWfo(['new', 'saga', 'checkout', '--force'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('export async function checkout(');
    expect(require('node:fs').statSync(file).ino).not.toBe(inode);
    expect(readdirSync(path.join(dir, 'src/workflows')).filter((f) => f.includes('wfo-tmp'))).toEqual([]);
  });
});

describe('user templates are data, not a way out', () => {
  function withPattern(files: Record<string, string>, manifest: object = { description: 'x' }): string {
    return project({
      'wfo.config.json': JSON.stringify({ templates: 'patterns' }),
      'patterns/evil/pattern.json': JSON.stringify(manifest),
      ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`patterns/evil/files/${name}`, text])),
    });
  }

  it('cannot write outside the project through a barrel path', () => {
    const dir = withPattern({ 'a.ts.hbs': 'export const a = 1;\n' }, { description: 'x', barrels: { workflows: '../../{{name.kebab}}.ts' } });
    const before = snapshotTree(path.dirname(dir));
    const { code, stderr } = runWfo(['new', 'evil', 'escape'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/would write outside the project/);
    expect(snapshotTree(path.dirname(dir))).toEqual(before);
  });

  it('cannot write outside the project through a file name', () => {
    const dir = withPattern({ '{{workflowsDir}}/..{{name.kebab}}.ts.hbs': 'x\n', '..hbs': 'y\n' });
    const { code } = runWfo(['new', 'evil', 'name'], { cwd: dir });
    // '..name.ts' is an odd but legal name inside the project; '..' alone (from '..hbs') is refused.
    expect(code).toBe(2);
  });

  it('cannot reach JavaScript prototypes: refused, or rendered as nothing', () => {
    for (const template of ['{{constructor.constructor "return process"}}', '{{name.__proto__.constructor}}', '{{name.__proto__}}', '{{lookup name "constructor"}}']) {
      const dir = withPattern({ 'src/x.ts.hbs': `[${template}]\n` });
      const { code, stderr } = runWfo(['new', 'evil', 'proto'], { cwd: dir });
      if (code === 2) {
        expect(stderr, template).toMatch(/^wfo: template .*x\.ts\.hbs: /);
        expect(readdirSync(path.join(dir, 'src')), template).not.toContain('x.ts');
      } else {
        expect(code, template).toBe(0);
        expect(readFileSync(path.join(dir, 'src/x.ts'), 'utf8'), template).toBe('[]\n');
      }
    }
  });
});
