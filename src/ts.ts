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
 * Compiling the 9 MB compiler is most of its load time (~175 ms here): it is loaded through V8's
 * code cache (code-cache.ts), and later runs load it in ~65 ms.
 */
import { createRequire } from 'node:module';
import { requireWithCodeCache } from './code-cache.js';
import type { ts as TsModule } from 'ts-morph';

export let ts: typeof TsModule = undefined as unknown as typeof TsModule;

export function loadTypeScript(): typeof TsModule {
  if (!ts) {
    const requireFromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
    const file = requireFromTsMorph.resolve('@ts-morph/common/dist/typescript.js');
    ts = withPlainProperties((requireWithCodeCache(file, 'typescript') as typeof TsModule | undefined) ?? requireFromTsMorph(file));
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
