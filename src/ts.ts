/**
 * The one TypeScript that wfo uses: the copy ts-morph bundles.
 *
 * Loading `ts-morph` itself costs ~150 ms more than its bundled TypeScript, and lint never needs
 * ts-morph's wrappers, so the analysis loads the bundled compiler directly. Modules that want
 * TypeScript's types write `import type { ts as TS } from 'ts-morph'`, which costs nothing at run time.
 */
import { createRequire } from 'node:module';
import type { ts as TsModule } from 'ts-morph';

const requireFromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));

export const ts: typeof TsModule = requireFromTsMorph('@ts-morph/common/dist/typescript.js');
