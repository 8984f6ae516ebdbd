/**
 * Who sends a workflow's messages, where the project shows it:
 * - with the start: `client.workflow.signalWithStart(wf, { signal, signalArgs, … })`,
 *   `executeUpdateWithStart(update, { startWorkflowOperation })` / `startUpdateWithStart(…)`
 *   (packages/client/src/workflow-client.ts). The server delivers such a message in the request that
 *   starts the run, so it is in the run's first workflow task, before the workflow's first wait;
 * - by workflow code: `handle.signal(def, …)` on a child or external workflow handle, in a module of
 *   workflow code (packages/workflow/src/workflow.ts): another workflow, not a person, sends it.
 *
 * Looked for in the workflow's own module and in the modules that import it or the module a
 * message's definition comes from (a sender names the workflow and the definition it sends), and
 * matched by name: the exported name of the definition, or the message's name string.
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel, SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { stringValue, unwrapExpression } from './syntax.js';

const WITH_START = /^(signalWithStart|executeUpdateWithStart|startUpdateWithStart)$/;

/** The messages a module sends, by name. */
interface Sent {
  readonly withStart: Set<string>;
  readonly byWorkflow: Set<string>;
}

const importersCache = new WeakMap<ProjectModel, Map<string, string[]>>();
const sentCache = new WeakMap<ProjectModel, Map<string, Sent>>();

/**
 * How a message (`names`: its definition's exported name, its message name) declared in `modules`
 * (absolute paths: the workflow's module first) is sent: 'with-start', 'by-workflow', or undefined
 * when the project does not show either.
 */
export function messageSender(model: ProjectModel, modules: readonly string[], names: readonly string[]): 'with-start' | 'by-workflow' | undefined {
  const wanted = names.filter(Boolean);
  if (!wanted.length || !modules.length) return undefined;
  const senders = [sentIn(model, modules[0]!), ...modules.map((path) => sentByImporters(model, path))];
  if (senders.some((sent) => wanted.some((name) => sent.withStart.has(name)))) return 'with-start';
  if (senders.some((sent) => wanted.some((name) => sent.byWorkflow.has(name)))) return 'by-workflow';
  return undefined;
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

function sentByImporters(model: ProjectModel, path: string): Sent {
  let perModel = sentCache.get(model);
  if (!perModel) sentCache.set(model, (perModel = new Map()));
  const key = `importers:${path}`;
  const cached = perModel.get(key);
  if (cached) return cached;
  const sent: Sent = { withStart: new Set(), byWorkflow: new Set() };
  for (const importer of importersOf(model).get(path) ?? []) collectSent(model, importer, sent);
  perModel.set(key, sent);
  return sent;
}

/** What the module itself sends (a parent workflow signalling its child in the same file). */
function sentIn(model: ProjectModel, path: string): Sent {
  let perModel = sentCache.get(model);
  if (!perModel) sentCache.set(model, (perModel = new Map()));
  const cached = perModel.get(path);
  if (cached) return cached;
  const sent: Sent = { withStart: new Set(), byWorkflow: new Set() };
  collectSent(model, path, sent);
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

function collectSent(model: ProjectModel, path: string, into: Sent): void {
  const module = model.modules.get(path);
  if (!module || module.problem) return;
  const { sourceFile } = module;
  const workflowCode = model.workflow.has(path);
  const withStart = /WithStart/.test(sourceFile.text);
  if (!withStart && !(workflowCode && sourceFile.text.includes('.signal('))) return;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name && withStart && WITH_START.test(name)) {
        const message = name === 'signalWithStart' ? signalOption(node) : node.arguments[0];
        const sent = message && messageName(module, message);
        if (sent) into.withStart.add(sent);
      } else if (name === 'signal' && workflowCode && ts.isPropertyAccessExpression(callee) && node.arguments[0]) {
        const sent = messageName(module, node.arguments[0]);
        if (sent) into.byWorkflow.add(sent);
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
