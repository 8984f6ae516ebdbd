/** How a `wfo init` project depends on wfo: the registry's release, or the checkout that made it. */
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wfoDependency } from '../../src/scaffold/wfo-dependency.js';
import { removeProjects, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

describe('the wfo dependency of a generated project', () => {
  it('is the release, when wfo runs from an installed package (npm, npx, pnpm)', () => {
    const dir = writeProject({ 'node_modules/wfo/package.json': '{ "version": "1.2.3" }', 'node_modules/.pnpm/wfo@0.1.0/node_modules/wfo/package.json': '{ "version": "0.1.0" }' });
    expect(wfoDependency(path.join(dir, 'node_modules/wfo'))).toEqual({ spec: '^1.2.3', from: 'registry' });
    expect(wfoDependency(path.join(dir, 'node_modules/.pnpm/wfo@0.1.0/node_modules/wfo'))).toEqual({ spec: '^0.1.0', from: 'registry' });
  });

  it('is a file: link to the checkout, when wfo runs from one (directly, or linked into node_modules)', () => {
    const dir = writeProject({ 'wfo/package.json': '{}' });
    const checkout = realpathSync(path.join(dir, 'wfo')).split(path.sep).join('/');
    expect(wfoDependency(path.join(dir, 'wfo'))).toEqual({ spec: `file:${checkout}`, from: 'checkout' });
    mkdirSync(path.join(dir, 'app/node_modules'), { recursive: true });
    symlinkSync(path.join(dir, 'wfo'), path.join(dir, 'app/node_modules/wfo'), 'dir');
    expect(wfoDependency(path.join(dir, 'app/node_modules/wfo'))).toEqual({ spec: `file:${checkout}`, from: 'checkout' });
  });
});
