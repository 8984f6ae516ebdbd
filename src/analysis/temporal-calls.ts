/**
 * What a call in workflow or activity code is, in Temporal's terms: which `@temporalio/workflow` or
 * `@temporalio/activity` export it invokes (through named imports, aliases and namespace imports),
 * whether it calls an activity through a `proxyActivities` proxy, and what a `const` options object
 * holds. Syntax only: no type checker. Results are memoised per source file.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { syntaxIndex, treeMemo, unwrapExpression } from './syntax.js';

export const WORKFLOW_MODULE = '@temporalio/workflow';
export const ACTIVITY_MODULE = '@temporalio/activity';

/** How one file imports a Temporal module: local name → exported name, plus namespace names. */
export interface ModuleImports {
  readonly named: ReadonlyMap<string, string>;
  readonly namespaces: ReadonlySet<string>;
}

const importsCache = new WeakMap<TS.SourceFile, Map<string, ModuleImports>>();

/** The value bindings `sourceFile` imports from `moduleName` (type-only imports excluded). */
export function importsOf(sourceFile: TS.SourceFile, moduleName: string): ModuleImports {
  // Asked for nearly every call, by several rules, one file after another: the last answer first.
  if (sourceFile === lastImports.sourceFile && moduleName === lastImports.moduleName) return lastImports.found!;
  let byModule = importsCache.get(sourceFile);
  if (!byModule) importsCache.set(sourceFile, (byModule = new Map()));
  let found = byModule.get(moduleName);
  if (found) {
    lastImports = { sourceFile, moduleName, found };
    return found;
  }
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== moduleName) continue;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      else if (bindings)
        for (const element of bindings.elements) if (!element.isTypeOnly) named.set(element.name.text, (element.propertyName ?? element.name).text);
    } else if (ts.isVariableStatement(statement)) {
      // const wf = require('@temporalio/workflow'); const { sleep } = require('@temporalio/workflow');
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        if (init.arguments[0] === undefined || !ts.isStringLiteral(init.arguments[0]) || init.arguments[0].text !== moduleName) continue;
        if (ts.isIdentifier(declaration.name)) namespaces.add(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name))
          for (const element of declaration.name.elements) {
            const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
            if (exported && ts.isIdentifier(element.name)) named.set(element.name.text, exported);
          }
      }
    }
  }
  found = { named, namespaces };
  byModule.set(moduleName, found);
  lastImports = { sourceFile, moduleName, found };
  return found;
}

let lastImports: { readonly sourceFile?: TS.SourceFile; readonly moduleName?: string; readonly found?: ModuleImports } = {};

/** The file imports functions of @temporalio/workflow (by name or namespace): otherwise no call of it is a workflow API. */
export function importsWorkflowApis(sourceFile: TS.SourceFile): boolean {
  const imports = importsOf(sourceFile, WORKFLOW_MODULE);
  return imports.named.size > 0 || imports.namespaces.size > 0;
}

/**
 * Some call of the file may be a durable step: it imports workflow APIs or has activity proxies
 * (its own or linked in). Otherwise workflowApi, activityCall and durableStep answer undefined for
 * every call in it, and a rule that starts from them has nothing to look at there.
 */
export function mayCallDurableSteps(sourceFile: TS.SourceFile): boolean {
  return importsWorkflowApis(sourceFile) || activityProxies(sourceFile).length > 0;
}

/**
 * The `moduleName` export that `expression` names: `sleep` (imported from it, not shadowed) or
 * `wf.sleep` (namespace import) → `'sleep'`.
 */
export function exportNamed(expression: TS.Expression, moduleName: string): string | undefined {
  const target = unwrapExpression(expression);
  const sourceFile = target.getSourceFile();
  const imports = importsOf(sourceFile, moduleName);
  if (ts.isIdentifier(target)) {
    const exported = imports.named.get(target.text);
    return exported !== undefined && !isShadowed(target) ? exported : undefined;
  }
  if (ts.isPropertyAccessExpression(target)) {
    const base = unwrapExpression(target.expression);
    if (ts.isIdentifier(base) && imports.namespaces.has(base.text) && !isShadowed(base)) return target.name.text;
  }
  return undefined;
}

/** The `@temporalio/workflow` function a call invokes (`sleep`, `condition`, `executeChild`…). */
export function workflowApi(call: TS.CallExpression | TS.NewExpression): string | undefined {
  return exportNamed(call.expression, WORKFLOW_MODULE);
}

/** The `@temporalio/activity` function a call invokes (`heartbeat`, `cancelled`…), or `Context.current()` members. */
export function activityApi(call: TS.CallExpression): string | undefined {
  const direct = exportNamed(call.expression, ACTIVITY_MODULE);
  if (direct) return direct;
  // Context.current().heartbeat(…)
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = unwrapExpression(callee.expression);
  if (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'current') {
    if (exportNamed(receiver.expression.expression, ACTIVITY_MODULE) === 'Context') return callee.name.text;
  }
  return undefined;
}

/**
 * A `proxyActivities(…)` / `proxyLocalActivities(…)` call and the names a file binds to it: its own
 * call, or one in another module (a stub imported from the module that binds it, a helper that
 * makes the proxy and returns it), linked in by the project model (see linkActivityProxies).
 */
export interface ActivityProxy {
  /** The proxy factory's call, wherever it is written; its first argument is the options. */
  readonly call: TS.CallExpression;
  readonly kind: 'proxyActivities' | 'proxyLocalActivities';
  /** `const acts = proxyActivities(…)`: the proxy object's name (`ns.acts` through a namespace import). */
  readonly objectName?: string;
  /** `const { a, b: c } = proxyActivities(…)`: local name → activity name (`ns.a` through a namespace import). */
  readonly functions: ReadonlyMap<string, string>;
  /** The declaration that binds the names in the calling file; absent when they are imported (module level). */
  readonly binding?: TS.Node;
  /** The type that names the activities when it is not the call's own type argument (a generic helper's caller writes it). */
  readonly types?: TS.TypeNode;
  /** The call of a helper that returns the factory's call (`makeProxy({ … })`), and the helper: its parameters are that call's arguments. */
  readonly made?: { readonly call: TS.CallExpression; readonly helper: FunctionLikeNode };
}

type FunctionLikeNode = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration | TS.MethodDeclaration;

export const PROXY_FACTORIES: ReadonlySet<string> = new Set(['proxyActivities', 'proxyLocalActivities']);
// On the tree (treeMemo): the proxies hold its nodes.
const ownProxiesCache = treeMemo<readonly ActivityProxy[]>();
const proxiesCache = treeMemo<readonly ActivityProxy[]>();
const linkedProxies = treeMemo<() => readonly ActivityProxy[]>();

/**
 * Adds to a file's activity proxies those the project model finds for it in other modules
 * (src/analysis/activity-stubs.ts); the lint run links each file before its rules run, so every
 * rule that asks activityCall or durableStep knows them. `find` runs once, on first use.
 */
export function linkActivityProxies(sourceFile: TS.SourceFile, find: () => readonly ActivityProxy[]): void {
  linkedProxies.set(sourceFile, find);
  proxiesCache.delete(sourceFile);
}

/** Every activity proxy the file binds: its own calls (at any depth) and those linked in from the project. */
export function activityProxies(sourceFile: TS.SourceFile): readonly ActivityProxy[] {
  const cached = proxiesCache.get(sourceFile);
  if (cached) return cached;
  const own = ownActivityProxies(sourceFile);
  const linked = linkedProxies.get(sourceFile)?.() ?? [];
  const proxies = linked.length ? [...own, ...linked] : own;
  proxiesCache.set(sourceFile, proxies);
  return proxies;
}

/** Every `proxyActivities(…)` call written in `sourceFile`, at any depth, with the names bound to it there. */
export function ownActivityProxies(sourceFile: TS.SourceFile): readonly ActivityProxy[] {
  const cached = ownProxiesCache.get(sourceFile);
  if (cached) return cached;
  const proxies: ActivityProxy[] = [];
  const imports = importsOf(sourceFile, WORKFLOW_MODULE);
  // A factory is spelled out where it is imported or read from a namespace, also when it is renamed.
  if ((imports.named.size || imports.namespaces.size) && /proxy(Local)?Activities/.test(sourceFile.text)) {
    for (const call of syntaxIndex(sourceFile).calls) {
      const api = workflowApi(call);
      if (api && PROXY_FACTORIES.has(api)) proxies.push(describeProxy(call, call, api as ActivityProxy['kind']));
    }
    // The order proxies have always been listed in (a name bound by two of them goes to the first):
    // an enclosing call before the calls inside it, a later call before an earlier one.
    proxies.sort((a, b) => b.call.end - a.call.end || a.call.pos - b.call.pos);
  }
  ownProxiesCache.set(sourceFile, proxies);
  return proxies;
}

/**
 * The names `made` (the proxy factory's call, or a call of a helper that returns a proxy) is bound
 * to where it is written: `const acts = made`, `const { a, b: c } = made`. `call` is the factory's call.
 */
export function describeProxy(made: TS.CallExpression, call: TS.CallExpression, kind: ActivityProxy['kind'], types?: TS.TypeNode, helper?: FunctionLikeNode): ActivityProxy {
  let holder: TS.Node = made.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  const functions = new Map<string, string>();
  let objectName: string | undefined;
  if (ts.isVariableDeclaration(holder)) {
    if (ts.isIdentifier(holder.name)) objectName = holder.name.text;
    else if (ts.isObjectBindingPattern(holder.name))
      for (const element of holder.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        const activity = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        functions.set(element.name.text, activity);
      }
  }
  return { call, kind, objectName, functions, binding: holder, ...(types ? { types } : {}), ...(helper ? { made: { call: made, helper } } : {}) };
}

/**
 * The activity a call invokes through a proxy the file binds (`acts.charge(…)`, `charge(…)`,
 * `ns.charge(…)` of a namespace import of stubs), with its proxy.
 */
export function activityCall(call: TS.CallExpression): { readonly activity: string; readonly proxy: ActivityProxy } | undefined {
  return activityReference(call.expression);
}

/** The activity stub an expression names (`charge`, `acts.charge`, `acts['charge']`), as `activityCall` reads a callee. */
export function activityReference(expression: TS.Expression): { readonly activity: string; readonly proxy: ActivityProxy } | undefined {
  const callee = unwrapExpression(expression);
  const proxies = activityProxies(expression.getSourceFile());
  if (!proxies.length) return undefined;
  if (ts.isIdentifier(callee)) {
    for (const proxy of proxies) {
      const activity = proxy.functions.get(callee.text);
      if (activity !== undefined && !isShadowedBelowBinding(callee, proxy)) return { activity, proxy };
    }
  } else if (ts.isPropertyAccessExpression(callee)) {
    const base = dottedName(callee.expression);
    if (base === undefined) return undefined;
    const head = headIdentifier(callee.expression);
    for (const proxy of proxies) {
      if (proxy.objectName === base && !isShadowedBelowBinding(head, proxy)) return { activity: callee.name.text, proxy };
      const activity = proxy.functions.get(`${base}.${callee.name.text}`);
      if (activity !== undefined && !isShadowedBelowBinding(head, proxy)) return { activity, proxy };
    }
  } else if (ts.isElementAccessExpression(callee)) {
    const base = dottedName(callee.expression);
    const key = callee.argumentExpression;
    if (base !== undefined && ts.isStringLiteral(key)) for (const proxy of proxies) if (proxy.objectName === base) return { activity: key.text, proxy };
  }
  return undefined;
}

/** `acts` → 'acts', `ns.acts` → 'ns.acts'; undefined for anything else. */
function dottedName(expression: TS.Expression): string | undefined {
  const target = unwrapExpression(expression);
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) {
    const base = unwrapExpression(target.expression);
    if (ts.isIdentifier(base)) return `${base.text}.${target.name.text}`;
  }
  return undefined;
}

function headIdentifier(expression: TS.Expression): TS.Identifier {
  let target = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(target)) target = unwrapExpression(target.expression);
  return target as TS.Identifier;
}

/**
 * A proxy's options as the workflow makes them: the factory call's first argument, where a helper
 * that makes the proxy (`makeProxy(options) { return proxyActivities({ ...DEFAULTS, ...options }) }`)
 * has its parameters read as the arguments of the workflow's call.
 */
export function proxyOptions(proxy: ActivityProxy): ObjectShape {
  const made = proxy.made;
  if (!made) return objectShape(proxy.call.arguments[0]);
  const parameters = new Map<string, TS.Expression | undefined>();
  made.helper.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name) && !parameter.dotDotDotToken) parameters.set(parameter.name.text, made.call.arguments[index] ?? parameter.initializer);
  });
  return objectShape(proxy.call.arguments[0], new Set(), parameters);
}

/** The proxy a call of a helper makes (`const acts = makeProxy({ … })`), when the project links one to the call. */
export function proxyMadeBy(call: TS.CallExpression): ActivityProxy | undefined {
  return activityProxies(call.getSourceFile()).find((proxy) => proxy.made?.call === call);
}

/**
 * Workflow APIs whose promise is a step of the workflow's history (packages/workflow/src/workflow.ts;
 * scheduleActivity/scheduleLocalActivity are what the proxies call, also exported for direct use).
 */
const DURABLE_WORKFLOW_CALLS = new Set(['sleep', 'condition', 'executeChild', 'startChild', 'continueAsNew', 'scheduleActivity', 'scheduleLocalActivity']);

/**
 * What kind of durable step a call is: an activity, a child workflow, a timer, a condition wait, or
 * undefined for anything else. These are the calls whose awaiting makes history grow.
 */
export function durableStep(call: TS.CallExpression): 'activity' | 'child' | 'timer' | 'condition' | 'continue-as-new' | undefined {
  if (activityCall(call)) return 'activity';
  const api = workflowApi(call);
  if (!api || !DURABLE_WORKFLOW_CALLS.has(api)) {
    // handle.result() of a started child, signals to external workflows, etc. are not modelled.
    return undefined;
  }
  if (api === 'sleep') return 'timer';
  if (api === 'condition') return 'condition';
  if (api === 'continueAsNew') return 'continue-as-new';
  if (api === 'scheduleActivity' || api === 'scheduleLocalActivity') return 'activity';
  return 'child';
}

/**
 * The properties of an options object as far as the file shows them: an object literal, a `const`
 * identifier bound to one (also `as const`/`satisfies`), and spreads of those. `complete` is false
 * when some part cannot be followed (a spread of a parameter, a call result…): a rule must then
 * not guess that a property is missing.
 */
export interface ObjectShape {
  readonly properties: ReadonlyMap<string, TS.Expression>;
  readonly complete: boolean;
}

export function objectShape(expression: TS.Expression | undefined, seen = new Set<TS.Node>(), parameters?: ReadonlyMap<string, TS.Expression | undefined>): ObjectShape {
  if (!expression) return { properties: new Map(), complete: true };
  const target = unwrapExpression(expression);
  if (seen.has(target)) return { properties: new Map(), complete: false };
  seen.add(target);
  if (ts.isIdentifier(target)) {
    const initializer = constInitializer(target);
    if (initializer) return objectShape(initializer, seen, parameters);
    // A helper's parameter, read as the argument its caller passes.
    return parameters?.has(target.text) ? objectShape(parameters.get(target.text), seen) : { properties: new Map(), complete: false };
  }
  if (!ts.isObjectLiteralExpression(target)) return { properties: new Map(), complete: false };
  const properties = new Map<string, TS.Expression>();
  let complete = true;
  for (const property of target.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyNameText(property.name);
      if (name === undefined) complete = false;
      else properties.set(name, property.initializer);
    } else if (ts.isShorthandPropertyAssignment(property)) properties.set(property.name.text, property.name);
    else if (ts.isSpreadAssignment(property)) {
      const spread = objectShape(property.expression, seen, parameters);
      for (const [name, value] of spread.properties) properties.set(name, value);
      complete &&= spread.complete;
    } else if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) {
      const name = propertyNameText(property.name);
      if (name === undefined) complete = false;
      else properties.set(name, property as unknown as TS.Expression);
    }
  }
  return { properties, complete };
}

/** The initializer of the `const` declaration `identifier` refers to, searched from its scope outward. */
export function constInitializer(identifier: TS.Identifier): TS.Expression | undefined {
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    const statements = ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) ? node.statements : undefined;
    if (!statements) continue;
    for (const statement of statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const list = statement.declarationList;
      for (const declaration of list.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === identifier.text)
          return list.flags & ts.NodeFlags.Const ? declaration.initializer : undefined;
    }
  }
  return undefined;
}

function propertyNameText(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** A local binding below the module level hides an import of the same name. */
function isShadowed(identifier: TS.Identifier): boolean {
  for (let node: TS.Node | undefined = identifier.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => bindsName(p.name, identifier.text))) return true;
  }
  return false;
}

/** Names bound by a proxy's declaration can be hidden by a parameter of the same name in a function nested below it. */
function isShadowedBelowBinding(identifier: TS.Identifier, proxy: ActivityProxy): boolean {
  const scope = proxy.binding && enclosingFunction(proxy.binding);
  for (let node: TS.Node | undefined = identifier.parent; node && node !== scope && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => bindsName(p.name, identifier.text))) return true;
  }
  return false;
}

function enclosingFunction(node: TS.Node): TS.Node | undefined {
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return undefined;
}

function bindsName(name: TS.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, text));
}
