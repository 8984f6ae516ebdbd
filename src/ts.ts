/**
 * The one TypeScript that wfo uses: the copy ts-morph bundles.
 *
 * It is loaded on first need, not on import: a warm cached run, `--help` and `--version` never parse
 * anything and never pay for loading it. Every module reads the live binding `ts`; code that parses
 * calls `loadTypeScript()` first, and all other TypeScript use happens on trees that parsing
 * produced. Loading `ts-morph` itself costs ~150 ms more than its bundled compiler, and lint needs
 * none of its wrappers. Modules that want TypeScript's types write
 * `import type { ts as TS } from 'ts-morph'`, which costs nothing at run time.
 *
 * Compiling the 9 MB compiler is most of its load time (~175 ms here). Like Node 22's module
 * compile cache, wfo keeps V8's code cache for it in the user's cache folder (never in the linted
 * project, whose contents wfo does not trust): later runs load it in ~65 ms. A missing, stale or
 * rejected cache only means a normal compile.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type { ts as TsModule } from 'ts-morph';

export let ts: typeof TsModule = undefined as unknown as typeof TsModule;

export function loadTypeScript(): typeof TsModule {
  if (!ts) {
    const requireFromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
    const file = requireFromTsMorph.resolve('@ts-morph/common/dist/typescript.js');
    ts = withPlainProperties(loadWithCodeCache(file) ?? requireFromTsMorph(file));
  }
  return ts;
}

/**
 * The bundled compiler exports everything through getters (esbuild's `__export`), so every read of
 * `ts.isCallExpression` or `ts.SyntaxKind` calls a function, and the rules read them for nearly
 * every node: a copy with plain properties saves that call (3% of a cold lint of a generated
 * 2,000-file project). The exports are functions, enums and constants, fixed once it has loaded.
 */
function withPlainProperties(module: typeof TsModule): typeof TsModule {
  const plain: Record<string, unknown> = {};
  for (const key in module) plain[key] = (module as unknown as Record<string, unknown>)[key];
  return plain as unknown as typeof TsModule;
}

/** Runs `file` as CommonJS from a vm.Script that uses (and afterwards refreshes) V8's code cache. */
function loadWithCodeCache(file: string): typeof TsModule | undefined {
  if (process.env.WFO_NO_CODE_CACHE) return undefined;
  let cacheFile: string;
  let source: string;
  try {
    const stat = statSync(file);
    cacheFile = path.join(cacheDir(), `typescript-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.versions.v8}-${process.arch}.v8cache`);
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
  const module = { exports: {} as typeof TsModule };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, when the run has compiled the functions it used: the next run gets those too.
    process.once('exit', () => writeCodeCache(cacheFile, script));
  }
  return module.exports;
}

function writeCodeCache(cacheFile: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A read-only home or a full disk: the next run compiles again.
  }
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
  return path.join(base, 'wfo');
}
