/**
 * How a project made by `wfo init` depends on wfo: on the registry's release when this wfo was
 * installed from the registry, otherwise on this very checkout through a `file:` link. A checkout
 * has no release to point at (a `^0.1.0` from one made `npm install` fail with E404 while wfo was
 * not published, and would name another wfo once it is).
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { packageRoot as wfoPackageRoot } from '../package-root.js';

export interface WfoDependency {
  /** The devDependencies spec for wfo. */
  readonly spec: string;
  readonly from: 'registry' | 'checkout';
}

const PACKAGE_ROOT = wfoPackageRoot();

export function wfoDependency(packageRoot: string = PACKAGE_ROOT): WfoDependency {
  const root = realpathSync(packageRoot).split('\\').join('/').replace(/\/$/, '');
  // npm, npx, pnpm and yarn all put installed packages in a node_modules folder; a `file:` or
  // `npm link` of a checkout resolves (realpath) to the checkout itself.
  if (root.split('/').includes('node_modules')) {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    return { spec: `^${version}`, from: 'registry' };
  }
  return { spec: `file:${root}`, from: 'checkout' };
}
