/**
 * Running a CommonJS file through V8's code cache, as Node 22's module compile cache does (Node 20
 * has none): the compiled code of the functions a run used is kept in the user's cache folder
 * (never in the linted project, whose contents wfo does not trust), and later runs skip compiling
 * them. wfo loads two files so: TypeScript's 9 MB compiler (ts.ts) and its own bundled CLI
 * (dist/cli.cjs, see bin/wfo.js), whose lazy compilation was some 7% of a cold lint of 2,000 files.
 * A missing, stale or rejected cache only means a normal compile; WFO_NO_CODE_CACHE=1 turns it off.
 *
 * This module imports only Node's built-ins: bin/wfo.js loads it before anything else.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The `module.exports` of CommonJS `file`, compiled with the code cache kept under `name` (one
 * cache per file version: its size and modification time, V8's version and the architecture), or
 * undefined when the cache is turned off or the file cannot be read (load it the normal way then).
 * Errors the file's own code throws propagate.
 */
export function requireWithCodeCache(file: string, name: string): unknown {
  if (process.env.WFO_NO_CODE_CACHE) return undefined;
  let cacheFile: string;
  let source: string;
  try {
    const stat = statSync(file);
    cacheFile = path.join(cacheDir(), `${name}-${stat.size}-${Math.trunc(stat.mtimeMs)}${RUNTIME}`);
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, when the run has compiled the functions it used: the next run gets those too.
    process.once('exit', () => writeCodeCache(cacheFile, name, script));
  }
  return module.exports;
}

/** The end of a cache file's name: the V8 and the architecture its code was compiled for. */
const RUNTIME = `-${process.versions.v8}-${process.arch}.v8cache`;

function writeCodeCache(cacheFile: string, name: string, script: vm.Script): void {
  const dir = path.dirname(cacheFile);
  try {
    mkdirSync(dir, { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
    // The caches of earlier versions of the same file for this runtime are never read again (each
    // build of wfo, each reinstall of TypeScript, makes a new one): only the newest is kept.
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(`${name}-`) && entry.endsWith(RUNTIME) && path.join(dir, entry) !== cacheFile) rmSync(path.join(dir, entry), { force: true });
    }
  } catch {
    // A read-only home or a full disk: the next run compiles again.
  }
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
  return path.join(base, 'wfo');
}
