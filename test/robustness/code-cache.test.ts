/**
 * V8's code cache for the TypeScript compiler and for wfo's bundled CLI lives in the user's cache
 * folder, never in the linted project; a damaged cache only costs a normal compile, and the caches
 * of earlier versions of a file are removed when a new one is written.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

it('is written under XDG_CACHE_HOME, survives corruption, and changes no result', () => {
  const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'wfo-xdg-'));
  const dir = writeProject({
    'package.json': '{"name":"app"}',
    'src/workflows.ts': `import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<string> {\n  await sleep(1);\n  return process.env.X ?? '';\n}\n`,
  });
  const before = readdirSync(dir).sort();
  const env = { XDG_CACHE_HOME: cacheHome };
  const first = runWfo(['lint', '-f', 'json'], { cwd: dir, env });
  const cached = readdirSync(path.join(cacheHome, 'wfo')).sort();
  expect(cached).toEqual([expect.stringMatching(/^cli-.*\.v8cache$/), expect.stringMatching(/^typescript-.*\.v8cache$/)]);
  expect(readdirSync(dir).sort()).toEqual(before);

  const second = runWfo(['lint', '-f', 'json'], { cwd: dir, env });
  for (const file of cached) writeFileSync(path.join(cacheHome, 'wfo', file), 'not a code cache');
  // The cache of an earlier build of the CLI, for the same runtime: never read again.
  const earlier = cached[0]!.replace(/^cli-\d+-\d+-/, 'cli-1-1-');
  writeFileSync(path.join(cacheHome, 'wfo', earlier), 'an earlier build');
  const third = runWfo(['lint', '-f', 'json'], { cwd: dir, env });
  const uncached = runWfo(['lint', '-f', 'json'], { cwd: dir, env: { WFO_NO_CODE_CACHE: '1' } });
  for (const run of [first, second, third, uncached]) {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(first.stdout);
  }
  expect(first.stdout).toContain("'process' does not exist");
  expect(readdirSync(path.join(cacheHome, 'wfo')).sort()).toEqual(cached);
});
