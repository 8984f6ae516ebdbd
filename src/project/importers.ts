/**
 * The reverse of the model's resolutions: the modules that refer to a module (import it, re-export
 * it, `require()` or `import()` it), computed once per model. A rule that follows an exported value
 * into the modules that import it reads them; the lint cache stamps them (cache.ts `importerStamps`).
 */
import type { ProjectModel } from './project-model.js';

const indexes = new WeakMap<ProjectModel, ReadonlyMap<string, readonly string[]>>();

export function importersOf(model: ProjectModel, file: string): readonly string[] {
  let index = indexes.get(model);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const module of model.modules.values()) {
      for (const resolution of new Set(module.resolutions.flatMap((r) => (r.kind === 'file' && r.file !== module.path ? [r.file] : [])))) {
        const list = built.get(resolution);
        if (list) list.push(module.path);
        else built.set(resolution, [module.path]);
      }
    }
    index = built;
    indexes.set(model, index);
  }
  return index.get(file) ?? [];
}
