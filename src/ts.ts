/**
 * The one TypeScript that wfo uses: the copy ts-morph bundles.
 *
 * It is loaded on first need, not on import: a warm cached run, `--help` and `--version` never parse
 * anything and never pay the ~250 ms it costs to load. Every module reads the live binding `ts`;
 * code that parses calls `loadTypeScript()` first, and all other TypeScript use happens on trees
 * that parsing produced. Loading `ts-morph` itself costs ~150 ms more than its bundled compiler,
 * and lint needs none of its wrappers. Modules that want TypeScript's types write
 * `import type { ts as TS } from 'ts-morph'`, which costs nothing at run time.
 */
import { createRequire } from 'node:module';
import type { ts as TsModule } from 'ts-morph';

export let ts: typeof TsModule = undefined as unknown as typeof TsModule;

export function loadTypeScript(): typeof TsModule {
  if (!ts) {
    const requireFromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
    ts = requireFromTsMorph('@ts-morph/common/dist/typescript.js');
  }
  return ts;
}
