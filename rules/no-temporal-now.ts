import type { ts as TS } from 'ts-morph';
import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { isDeclaredInScope, unwrapExpression } from '../src/analysis/syntax.js';
import { GLOBAL_OBJECT_NAMES, moduleMatches, TEMPORAL_GLOBAL_POLYFILLS, TEMPORAL_POLYFILLS } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import type { ProjectModel, SourceModule } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

/** `Temporal.Now` functions that read a time zone, with the index of the argument that names one. */
const ZONED: ReadonlyMap<string, number> = new Map([
  ['zonedDateTimeISO', 0],
  ['plainDateTimeISO', 0],
  ['plainDateISO', 0],
  ['plainTimeISO', 0],
  // The proposal's earlier forms, still in older polyfills: a calendar first, then the zone.
  ['zonedDateTime', 1],
  ['plainDateTime', 1],
  ['plainDate', 1],
]);
const ZONE_ONLY = new Set(['timeZoneId', 'timeZone']);

export default defineRule({
  meta: {
    id: 'no-temporal-now',
    description: "Temporal.Now.* (the TC39 Temporal API) in workflow code: the host clock, or the worker's time zone",
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      hostClock:
        "'{{call}}' reads the worker's clock: the sandbox makes Date deterministic, not the Temporal API, so a replay computes a different value (and where Node has no Temporal it is a ReferenceError). Use the workflow's time: Temporal.Instant.fromEpochMilliseconds(Date.now()){{zone}}.",
      hostTimeZone:
        "'{{call}}' without a time zone uses the worker's time zone: workers in different zones compute different values, and replay on another worker can diverge. Pass the zone, e.g. Temporal.Now.{{method}}('UTC'), or take it as workflow input.",
    },
  },
  create(context) {
    return {
      PropertyAccessExpression(access: TS.PropertyAccessExpression) {
        if (access.name.text !== 'Now') return;
        const source = temporalSource(unwrapExpression(access.expression), context.module, context.model);
        if (!source || runsOnlyOutsideWorkflow(access)) return;
        const member = ts.isPropertyAccessExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
        const call = member && ts.isCallExpression(member.parent) && member.parent.expression === member ? member.parent : undefined;
        const method = member?.name.text;
        const text = method ? `Temporal.Now.${method}()` : 'Temporal.Now';
        if (source === 'native') {
          const zone = method && (ZONED.has(method) || ZONE_ONLY.has(method)) ? `, and the zone as workflow input (.toZonedDateTimeISO(zone))` : '';
          context.report({ node: call ?? member ?? access, messageId: 'hostClock', data: { call: text, zone } });
          return;
        }
        // A polyfill's clock is Date.now(), which the sandbox makes deterministic: only the zone is the host's.
        if (!method || !call) return;
        const zoneArgument = ZONED.get(method);
        const readsZone = ZONE_ONLY.has(method) || (zoneArgument !== undefined && call.arguments.length <= zoneArgument);
        if (readsZone) context.report({ node: call, messageId: 'hostTimeZone', data: { call: text, method: ZONE_ONLY.has(method) ? 'zonedDateTimeISO' : method }, severity: 'warn' });
      },
    };
  },
});

/**
 * Which Temporal `target` is: a polyfill imported by name (`import { Temporal } from
 * 'temporal-polyfill'`), or the global one, which is native unless the bundle installs a
 * polyfill as the global; undefined for anything else called Temporal.
 */
function temporalSource(target: TS.Expression, module: SourceModule, model: ProjectModel): 'native' | 'polyfill' | undefined {
  if (ts.isIdentifier(target)) {
    const imported = module.facts.references.find((r) => r.bindings.some((b) => b.local === target.text));
    if (imported) return moduleMatches(imported.specifier, TEMPORAL_POLYFILLS) && imported.bindings.some((b) => b.local === target.text && b.imported === 'Temporal') ? 'polyfill' : undefined;
    if (target.text !== 'Temporal' || isDeclaredInScope('Temporal', target)) return undefined;
  } else if (ts.isPropertyAccessExpression(target) && target.name.text === 'Temporal') {
    const base = unwrapExpression(target.expression);
    if (!ts.isIdentifier(base) || !GLOBAL_OBJECT_NAMES.has(base.text) || isDeclaredInScope(base.text, base)) return undefined;
  } else return undefined;
  return installsGlobalPolyfill(model) ? 'polyfill' : 'native';
}

const globalPolyfill = new WeakMap<ProjectModel, boolean>();

/** Whether a module of the workflow bundle imports a polyfill that installs the global Temporal. */
function installsGlobalPolyfill(model: ProjectModel): boolean {
  let installs = globalPolyfill.get(model);
  if (installs === undefined) {
    installs = [...model.workflow.keys()].some((file) => model.modules.get(file)?.summary.references.some((r) => !r.erased && moduleMatches(r.specifier, TEMPORAL_GLOBAL_POLYFILLS)));
    globalPolyfill.set(model, installs);
  }
  return installs;
}
