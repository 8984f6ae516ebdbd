/**
 * Whether a project replaces the default (JSON) payload converter. The SDK takes a payload converter
 * only as a module path: `payloadConverterPath` in the `dataConverter` of `Worker.create` and of the
 * client, and in `bundleWorkflowCode` (DataConverter in packages/common/src/converter/data-converter.ts;
 * payload codecs alone still see JSON). The workflow side needs it in the worker's setup, so the
 * modules that set up a worker or a bundle are where to look.
 */
import type { ModuleSummary } from '../project/module-summary.js';
import type { ProjectModel } from '../project/project-model.js';

/** A module that can hold a worker's or a bundle's options: it names workflows or activities, or uses the worker or testing package. */
export function setsUpWorker(summary: ModuleSummary): boolean {
  return summary.workflowsPaths.length > 0 || summary.activityNames.length > 0 || summary.references.some((r) => /^@temporalio\/(worker|testing)(\/|$)/.test(r.specifier));
}

const cache = new WeakMap<ProjectModel, boolean>();

/** Some module that sets up a worker or a bundle passes a `payloadConverterPath`. Worked out once per model. */
export function usesCustomPayloadConverter(model: ProjectModel): boolean {
  let found = cache.get(model);
  if (found === undefined) {
    found = false;
    for (const module of model.modules.values()) {
      if (module.problem || !setsUpWorker(module.summary)) continue;
      if (module.sourceFile.text.includes('payloadConverterPath')) found = true;
      if (found) break;
    }
    cache.set(model, found);
  }
  return found;
}
