/**
 * From an activity's implementation back to the proxies that call it: the proxies made in workflow
 * code whose `typeof` names the activity's module (or factory, or class) and which bind its name, or
 * the whole proxy object. Only typed proxies are followed (the lint cache stamps the workflow modules
 * that make them, so an activity's findings are redone when a caller's options change).
 */
import type { ProjectModel } from '../project/project-model.js';
import { activityFacts } from './activity-implementation.js';
import { type ActivityProxy, ownActivityProxies } from './temporal-calls.js';

export interface ActivityCaller {
  /** Where the proxy is made, `src/workflows.ts:4`. */
  readonly where: string;
  readonly proxy: ActivityProxy;
}

/** Per model: `${implementation file}#${activity}` → the proxies that call it. */
const callersCache = new WeakMap<ProjectModel, Map<string, readonly ActivityCaller[]>>();

export function activityCallers(model: ProjectModel, file: string, activity: string): readonly ActivityCaller[] {
  let perModel = callersCache.get(model);
  if (!perModel) callersCache.set(model, (perModel = new Map()));
  const key = `${file}#${activity}`;
  const cached = perModel.get(key);
  if (cached) return cached;
  const callers: ActivityCaller[] = [];
  for (const path of model.workflow.keys()) {
    const module = model.modules.get(path);
    if (!module || module.problem || !module.summary.proxyTypeNames.length) continue;
    for (const proxy of ownActivityProxies(module.sourceFile)) {
      if (proxy.functions.size && ![...proxy.functions.values()].includes(activity)) continue;
      if (activityFacts(model, proxy, activity)?.file !== file) continue;
      const sf = module.sourceFile;
      const line = sf.getLineAndCharacterOfPosition(proxy.call.getStart(sf)).line + 1;
      callers.push({ where: `${model.root ? relativeTo(model.root, path) : path}:${line}`, proxy });
    }
  }
  perModel.set(key, callers);
  return callers;
}

function relativeTo(root: string, file: string): string {
  return file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
}
