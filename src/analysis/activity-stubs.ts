/**
 * Activity stubs a file gets from other code, as the project model sees them, linked into
 * temporal-calls.ts so that every rule asking `activityCall` or `durableStep` knows them exactly as
 * it knows a proxy written in the file:
 * - names imported from the module that binds them (`export const { a, b } = proxyActivities(…)`,
 *   `export const acts = proxyActivities(…)`), through re-exports, renames and namespace imports;
 * - proxies a helper makes and returns (`const { a } = createActivities()`, a wrapper
 *   `makeProxy<typeof acts>(options)` around `proxyActivities<T>(options)`), the helper declared in
 *   the file or imported from a project module, and stubs a module binds that way and exports.
 * The model's summaries say where to look (a module's top-level stub names, the functions that
 * call workflow APIs), so only modules that can hold a stub are parsed.
 */
import type { ts as TS } from 'ts-morph';
import type { ProjectModel, SourceModule } from '../project/project-model.js';
import { ts } from '../ts.js';
import { type FunctionNode, forEachInBody, resolveFunction } from './message-handlers.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { syntaxIndex, unwrapExpression } from './syntax.js';
import { type ActivityProxy, constInitializer, describeProxy, linkActivityProxies, ownActivityProxies, PROXY_FACTORIES, workflowApi } from './temporal-calls.js';

/** How many helpers deep a proxy is followed (`createActivities()` → `makeProxy()` → `proxyActivities()`). */
const MAX_HELPER_DEPTH = 2;

/** Links the stubs `project.module` gets from other code (see the module comment) before its rules run. */
export function linkActivityStubs(project: ProjectFile): void {
  linkActivityProxies(project.module.sourceFile, () => [...helperProxies(project), ...importedProxies(project)]);
}

/** Per model and module: each top-level name bound to a stub, with the proxy and what the name is. */
const stubsCache = new WeakMap<ProjectModel, Map<string, ReadonlyMap<string, ModuleStub>>>();

interface ModuleStub {
  readonly proxy: ActivityProxy;
  /** The activity a destructured name stands for; undefined for the proxy object itself. */
  readonly activity: string | undefined;
}

/**
 * Per model: the modules an import can get a stub or a proxy helper from (others are not followed).
 * `helpers`: modules with a function that calls workflow APIs, and those re-exporting one. `stubs`:
 * modules that bind stubs, or may bind one with a helper (they are a helper module, or import one),
 * and those re-exporting one.
 */
const sourcesCache = new WeakMap<ProjectModel, { readonly helpers: ReadonlySet<string>; readonly stubs: ReadonlySet<string> }>();

function stubSources(model: ProjectModel): { readonly helpers: ReadonlySet<string>; readonly stubs: ReadonlySet<string> } {
  let sources = sourcesCache.get(model);
  if (!sources) {
    const modules = [...model.modules.values()];
    const helpers = model.exports.withReExporters(modules.filter((m) => m.summary.calls.units.some((u) => u.kind === 'function' && u.callsWorkflowApi)).map((m) => m.path));
    const binders = modules.filter((m) => m.summary.calls.stubs.length || helpers.has(m.path) || m.resolutions.some((r) => r.kind === 'file' && helpers.has(r.file)));
    sources = { helpers, stubs: model.exports.withReExporters(binders.map((m) => m.path)) };
    sourcesCache.set(model, sources);
  }
  return sources;
}

/** Proxies bound from names the file imports: each import followed to the module that declares it. */
function importedProxies({ model, module }: ProjectFile): ActivityProxy[] {
  const sources = stubSources(model).stubs;
  const proxies: ActivityProxy[] = [];
  const add = (stub: ModuleStub, name: string): void => {
    const { call, kind, types } = stub.proxy;
    const functions = new Map<string, string>();
    if (stub.activity !== undefined) functions.set(name, stub.activity);
    proxies.push({ call, kind, functions, ...(stub.activity === undefined ? { objectName: name } : {}), ...(types ? { types } : {}) });
  };
  module.summary.references.forEach((reference, index) => {
    const resolution = module.resolutions[index];
    if (reference.erased || resolution?.kind !== 'file' || !sources.has(resolution.file)) return;
    for (const local of reference.locals) {
      const declaration = model.exports.resolveLocal(module.path, local);
      if (!declaration || declaration.file === module.path) continue;
      if (declaration.local !== '*') {
        const stub = moduleStubs(model, declaration.file).get(declaration.local);
        if (stub) add(stub, local);
        continue;
      }
      // import * as ns: ns.a(…) for every stub the module exports.
      for (const [name, target] of model.exports.all(declaration.file)) {
        const stub = target.local === '*' ? undefined : moduleStubs(model, target.file).get(target.local);
        if (stub) add(stub, `${local}.${name}`);
      }
    }
  });
  return proxies;
}

/** The top-level names of `file` bound to stubs: by a proxy call of its own, or by a helper's. */
function moduleStubs(model: ProjectModel, file: string): ReadonlyMap<string, ModuleStub> {
  let perModel = stubsCache.get(model);
  if (!perModel) stubsCache.set(model, (perModel = new Map()));
  let stubs = perModel.get(file);
  if (stubs) return stubs;
  const found = new Map<string, ModuleStub>();
  perModel.set(file, found);
  const module = model.modules.get(file);
  if (module && !module.problem && (module.summary.calls.stubs.length || callsProxyHelperAtTopLevel(model, module))) {
    const proxies = [...ownActivityProxies(module.sourceFile), ...helperProxies({ model, module })];
    for (const proxy of proxies) {
      if (!proxy.binding || !isTopLevel(proxy.binding)) continue;
      if (proxy.objectName !== undefined) found.set(proxy.objectName, { proxy, activity: undefined });
      for (const [name, activity] of proxy.functions) found.set(name, { proxy, activity });
    }
  }
  stubs = found;
  return stubs;
}

/** The module's top level calls a function (its own or imported) that calls workflow APIs: it may bind a stub a helper makes. */
function callsProxyHelperAtTopLevel(model: ProjectModel, module: SourceModule): boolean {
  return module.summary.calls.topLevelRefs.some((ref) => {
    const declaration = model.exports.resolveLocal(module.path, ref);
    if (!declaration || declaration.local === '*') return false;
    const unit = model.exports.unit(declaration.file, declaration.local);
    return unit?.kind === 'function' && unit.callsWorkflowApi;
  });
}

function isTopLevel(binding: TS.Node): boolean {
  // VariableDeclaration → VariableDeclarationList → VariableStatement → SourceFile
  return ts.isVariableDeclaration(binding) && ts.isSourceFile(binding.parent.parent.parent);
}

/** Proxies made in the file by calls of helpers that return one, at any depth. */
function helperProxies(project: ProjectFile): ActivityProxy[] {
  const { model, module } = project;
  const sourceFile = module.sourceFile;
  const helpers = proxyHelperNames(model, module);
  const proxies: ActivityProxy[] = [];
  // A helper declared in the file that makes a proxy names the factory: without either, nothing to find.
  if (!helpers.size && !/\bproxy(Local)?Activities\b/.test(sourceFile.text)) return proxies;
  for (const node of syntaxIndex(sourceFile).variables) {
    if (!node.initializer) continue;
    const made = unwrapExpression(node.initializer);
    if (!ts.isCallExpression(made)) continue;
    const callee = unwrapExpression(made.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? `${callee.expression.text}.${callee.name.text}` : undefined;
    // A helper declared in a function body is no unit of the module: it is read where it is.
    if (!name || (!helpers.has(name) && !(ts.isIdentifier(callee) && resolveFunction(callee))) || isProxyFactoryCall(made)) continue;
    const returned = returnedProxy(made, project, 0);
    if (returned) proxies.push(describeProxy(made, returned.call, returned.kind, returned.types, returned.helper));
  }
  return proxies;
}

/**
 * Module-level names of the file (its own or imported) that stand for functions calling workflow
 * APIs, and `ns.f` for such functions of a namespace import: the only callees that can make a proxy.
 */
function proxyHelperNames(model: ProjectModel, module: SourceModule): Set<string> {
  const names = new Set<string>();
  const callsWorkflowApi = (file: string, local: string): boolean => {
    const unit = model.exports.unit(file, local);
    return unit?.kind === 'function' && unit.callsWorkflowApi;
  };
  for (const unit of module.summary.calls.units) if (unit.kind === 'function' && unit.callsWorkflowApi) names.add(unit.name);
  const helpers = stubSources(model).helpers;
  module.summary.references.forEach((reference, index) => {
    const resolution = module.resolutions[index];
    if (reference.erased || resolution?.kind !== 'file' || !helpers.has(resolution.file)) return;
    for (const local of reference.locals) {
      const declaration = model.exports.resolveLocal(module.path, local);
      if (!declaration || declaration.file === module.path) continue;
      if (declaration.local !== '*') {
        if (callsWorkflowApi(declaration.file, declaration.local)) names.add(local);
        continue;
      }
      for (const [name, target] of model.exports.all(declaration.file)) if (target.local !== '*' && callsWorkflowApi(target.file, target.local)) names.add(`${local}.${name}`);
    }
  });
  return names;
}

interface Returned {
  readonly call: TS.CallExpression;
  readonly kind: ActivityProxy['kind'];
  readonly types?: TS.TypeNode;
  /** The helper that returns the factory's call itself (its parameters are the options' inputs); absent two helpers deep. */
  readonly helper?: FunctionNode;
}

function isProxyFactoryCall(call: TS.CallExpression): boolean {
  const api = workflowApi(call);
  return api !== undefined && PROXY_FACTORIES.has(api);
}

/** The proxy factory call whose result `made` (a call of a helper) returns, following helpers a little way. */
function returnedProxy(made: TS.CallExpression, project: ProjectFile, depth: number): Returned | undefined {
  if (isProxyFactoryCall(made)) return { call: made, kind: workflowApi(made) as ActivityProxy['kind'] };
  if (depth > MAX_HELPER_DEPTH) return undefined;
  const found = calledFunction(made.expression, project);
  if (!found) return undefined;
  const helperModule = project.model.modules.get(found.file);
  const helperProject = helperModule && helperModule !== project.module ? { model: project.model, module: helperModule } : project;
  for (const value of returnedValues(found.fn)) {
    const inner = returnedProxy(value, helperProject, depth + 1);
    if (!inner) continue;
    const types = typesAtCall(inner, found.fn, made);
    return { call: inner.call, kind: inner.kind, ...(types ? { types } : {}), ...(inner.call === value ? { helper: found.fn } : {}) };
  }
  return undefined;
}

/** The calls a function returns: its expression body, `return call(…)`, or `return name` of a `const` bound to a call in it. */
function returnedValues(fn: FunctionNode): TS.CallExpression[] {
  const calls: TS.CallExpression[] = [];
  const add = (expression: TS.Expression | undefined): void => {
    let value = expression && unwrapExpression(expression);
    if (value && ts.isIdentifier(value)) {
      const initializer = constInitializer(value);
      value = initializer && unwrapExpression(initializer);
    }
    if (value && ts.isCallExpression(value)) calls.push(value);
  };
  if (fn.body && !ts.isBlock(fn.body)) add(fn.body);
  else
    forEachInBody(fn, (node) => {
      if (ts.isReturnStatement(node)) add(node.expression);
    });
  return calls;
}

/**
 * The type that names the activities, seen from the helper's caller: the proxy's own type argument,
 * or, when that is a type parameter of the helper (`function makeProxy<T>(…) { return proxyActivities<T>(…) }`),
 * the caller's type argument in its place.
 */
function typesAtCall(inner: Returned, helper: FunctionNode, made: TS.CallExpression): TS.TypeNode | undefined {
  const type = inner.types ?? inner.call.typeArguments?.[0];
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return type;
  const index = helper.typeParameters?.findIndex((p) => p.name.text === (type.typeName as TS.Identifier).text) ?? -1;
  return index < 0 ? type : made.typeArguments?.[index];
}
