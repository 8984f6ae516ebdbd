/**
 * Messages a project's client code sends together with the start of the workflow:
 * `client.workflow.signalWithStart(wf, { signal, signalArgs, … })` and
 * `executeUpdateWithStart(update, { startWorkflowOperation })` / `startUpdateWithStart(…)`
 * (packages/client/src/workflow-client.ts). The server delivers such a signal in the same request
 * that starts the run, so it is in the run's first workflow task, before the workflow's first wait.
 *
 * Looked for only in the modules that import the workflow's module or the module a message's
 * definition comes from (a client names the workflow and the definition it sends), and matched by
 * name: the exported name of the definition, or the message's name string.
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel, SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { stringValue, unwrapExpression } from './syntax.js';

const WITH_START = /^(signalWithStart|executeUpdateWithStart|startUpdateWithStart)$/;

const importersCache = new WeakMap<ProjectModel, Map<string, string[]>>();
const sentCache = new WeakMap<ProjectModel, Map<string, ReadonlySet<string>>>();

/**
 * Whether `names` (a definition's exported name, its message name) are sent with start by a module
 * importing one of `modules` (absolute paths).
 */
export function sentWithStart(model: ProjectModel, modules: readonly string[], names: readonly string[]): boolean {
  const wanted = names.filter(Boolean);
  if (!wanted.length) return false;
  return modules.some((path) => {
    const sent = sentByImporters(model, path);
    return wanted.some((name) => sent.has(name));
  });
}

/** The module a local name of `module` is imported from, when it is a project file. */
export function importedFrom(module: SourceModule, local: string): { file: string; imported: string } | undefined {
  for (const [index, reference] of module.summary.references.entries()) {
    const at = reference.locals.indexOf(local);
    const resolution = module.resolutions[index];
    if (at >= 0 && resolution?.kind === 'file') return { file: resolution.file, imported: reference.imported[at] ?? local };
  }
  return undefined;
}

function sentByImporters(model: ProjectModel, path: string): ReadonlySet<string> {
  let perModel = sentCache.get(model);
  if (!perModel) sentCache.set(model, (perModel = new Map()));
  const cached = perModel.get(path);
  if (cached) return cached;
  const sent = new Set<string>();
  for (const importer of importersOf(model).get(path) ?? []) {
    const module = model.modules.get(importer);
    if (!module || module.problem) continue;
    collectSent(module, sent);
  }
  perModel.set(path, sent);
  return sent;
}

function importersOf(model: ProjectModel): Map<string, string[]> {
  let importers = importersCache.get(model);
  if (importers) return importers;
  importers = new Map();
  for (const module of model.modules.values()) {
    for (const resolution of module.resolutions) {
      if (resolution?.kind !== 'file') continue;
      const list = importers.get(resolution.file) ?? [];
      if (!list.includes(module.path)) list.push(module.path);
      importers.set(resolution.file, list);
    }
  }
  importersCache.set(model, importers);
  return importers;
}

function collectSent(module: SourceModule, into: Set<string>): void {
  const { sourceFile } = module;
  if (!/WithStart/.test(sourceFile.text)) return;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name && WITH_START.test(name)) {
        const message = name === 'signalWithStart' ? signalOption(node) : node.arguments[0];
        const sent = message && messageName(module, message);
        if (sent) into.add(sent);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

/** The `signal` of `signalWithStart(wf, { signal, … })`. */
function signalOption(call: TS.CallExpression): TS.Expression | undefined {
  for (const argument of call.arguments) {
    const value = unwrapExpression(argument);
    if (!ts.isObjectLiteralExpression(value)) continue;
    for (const property of value.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'signal') return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'signal') return property.name;
    }
  }
  return undefined;
}

/** A definition by the name it is exported under (`approve`, `wfs.approve`), or a message name string. */
function messageName(module: SourceModule, expression: TS.Expression): string | undefined {
  const value = unwrapExpression(expression);
  const literal = stringValue(value);
  if (literal !== undefined) return literal;
  if (ts.isPropertyAccessExpression(value)) return value.name.text;
  if (ts.isIdentifier(value)) return importedFrom(module, value.text)?.imported ?? value.text;
  return undefined;
}
