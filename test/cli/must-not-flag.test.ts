/**
 * The precision test on a project of its own: correct Temporal code that looks suspicious (the
 * sandbox's deterministic Date, Math.random and setTimeout, uuid4, console, Promise.all/race,
 * Map/Set iteration, module-level state, URL/TextEncoder/AbortController, assert and the url/util
 * members the sandbox has, type-only imports of worker/client/activity packages) in workflow code
 * and a helper it imports, and host APIs in activity, worker, client and test code.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const fixture = path.resolve(import.meta.dirname, '../fixtures/must-not-flag');

function findings(stdout: string): string[] {
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]).flatMap((r) => r.messages.map((m) => `${path.relative(fixture, r.filePath)}:${m.line} ${m.ruleId}`));
}

it('reports nothing, under recommended and under strict', () => {
  const recommended = runWfo(['lint', '-f', 'json'], { cwd: fixture });
  expect(findings(recommended.stdout)).toEqual([]);
  expect(recommended.code).toBe(0);
  const dir = writeProject({ 'strict.json': JSON.stringify({ preset: 'strict' }) });
  const strict = runWfo(['lint', '-f', 'json', '-c', path.join(dir, 'strict.json')], { cwd: fixture });
  expect(findings(strict.stdout)).toEqual([]);
  expect(strict.code).toBe(0);
});

it('is not blind: the same host API moved into the helper a workflow imports is reported, with the chain', () => {
  const dir = writeProject({});
  cpSync(fixture, dir, { recursive: true });
  writeFileSync(path.join(dir, 'src/util/format.ts'), `export const counter = { value: 0 };\nexport function formatTotal(ms: number, iso: string): string {\n  return iso + ms + process.env.TZ;\n}\n`);
  const { code, stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
  expect(code).toBe(1);
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[];
  const messages = results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath), ...m })));
  expect(messages.map((m) => `${m.file}:${m.line} ${m.ruleId}`)).toEqual(['src/util/format.ts:3 no-host-globals']);
  expect(messages[0]!.message).toContain('(workflow code via src/workflows/index.ts → src/workflows/traps.ts → src/util/format.ts: workflow traps → formatTotal())');
});
