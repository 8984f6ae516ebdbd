/**
 * What one walk of a file tells the project model: the modules it references (and whether each
 * reference survives compilation), and the expressions that name workflow and activity modules.
 */
import type { ts as TS } from 'ts-morph';
import { forEachDescendant, referenceRole, setSyntaxIndex, stringValue, unwrapExpression } from '../analysis/syntax.js';
import { ts } from '../ts.js';
import { type CallFacts, CallFactsCollector } from './call-facts.js';

export type ReferenceKind = 'import' | 'export' | 'require' | 'dynamic-import' | 'import-equals';

export interface ImportBinding {
  /** The local name. */
  readonly local: string;
  /** The exported name it binds: a name, `default`, or `*` for a namespace. */
  readonly imported: string;
  /** Written `import type` or `{ type x }`. */
  readonly declaredTypeOnly: boolean;
  /** First use in a value position (a use that survives compilation), if any. */
  firstValueUse: TS.Identifier | undefined;
  typeUses: number;
}

export interface ModuleReference {
  readonly specifier: string;
  readonly kind: ReferenceKind;
  /** The import/export declaration or the call, for locations. */
  readonly node: TS.Node;
  readonly specifierNode: TS.Node;
  readonly bindings: ImportBinding[];
  /** Written `import type` / `export type` as a whole. */
  readonly declaredTypeOnly: boolean;
  /** Set by `settleErasure` once every use in the file is known. */
  erased: boolean;
}

export interface WorkflowsPathOption {
  readonly expression: TS.Expression;
  /** The `ignoreModules` of the same options (`bundlerOptions.ignoreModules`, or beside it for bundleWorkflowCode). */
  readonly ignoreModules: BundlerExclusions;
  /**
   * The same options make the worker's workflows PINNED by default: `workerDeploymentOptions` with
   * `useWorkerVersioning: true` and `defaultVersioningBehavior: 'PINNED'` (sdk-typescript
   * packages/worker/src/worker-options.ts `WorkerDeploymentOptions`).
   */
  readonly pinnedByDefault: boolean;
  /** `workerDeploymentOptions.version.buildId` of the same options, when written as a literal. */
  readonly buildId: string | undefined;
}

/**
 * Modules a bundler setting keeps out of the workflow bundle: `ignoreModules` entries anywhere
 * (Worker.create's bundlerOptions, bundleWorkflowCode, replay workers, plugins' configureBundler)
 * and literal aliases and externals in a `webpackConfigHook`.
 */
export interface BundlerExclusions {
  /** Module names written as literals. */
  readonly names: string[];
  /** Identifiers whose `const` string arrays are spread in or passed (resolved by the project model). */
  readonly refs: string[];
  /** Absolute paths of entries written as path expressions (`require.resolve('./mocks')`), in the summary only. */
  readonly paths?: string[];
}

/** The facts rules read: all but the call facts, which the summary holds. */
export type RuleFacts = Omit<ModuleFacts, 'calls'>;

export interface ModuleFacts {
  readonly references: ModuleReference[];
  /** `workflowsPath:` values (shorthand properties resolved to their `const`). */
  readonly workflowsPaths: WorkflowsPathOption[];
  /** `activities:` values of the options of `Worker.create` (the only place activities are registered). */
  readonly activitiesExpressions: TS.Expression[];
  readonly bundlerExclusions: BundlerExclusions;
  /** Path expressions of the workflow interceptor modules a worker or bundle loads. */
  readonly interceptorModules: TS.Expression[];
  /** Entries of ignore lists written as path expressions, evaluated by the summary. */
  readonly ignoredPathExpressions: TS.Expression[];
  /** Top-level functions and classes, what they refer to, and the module's exports. */
  readonly calls: CallFacts;
  /** Type arguments of `proxyActivities<…>()` / `proxyLocalActivities<…>()`. */
  readonly activityProxyTypes: TS.TypeNode[];
  /** Non-literal `import(x)` / `require(x)` calls. */
  readonly dynamicLoads: TS.CallExpression[];
  /** A `webpackConfigHook` is set here (bundler options, a plugin): the project adjusts the bundler's webpack configuration. */
  webpackConfigHook: boolean;
}

const PROXY_FUNCTIONS = new Set(['proxyActivities', 'proxyLocalActivities']);
/** How deep `Worker.create(options)` is followed through consts and spreads to its object literal. */
const MAX_OPTIONS_DEPTH = 4;

/**
 * Walks the file once. `keepsValueImports` mirrors tsconfig's verbatimModuleSyntax: then only
 * `import type` is erased. The walk reads only the ancestors of the node it is at, so it can be
 * the walk that sets parent pointers (see parse-module.ts).
 */
export function collectModuleFacts(sourceFile: TS.SourceFile, keepsValueImports: boolean, walk?: typeof forEachDescendant): ModuleFacts;
/** Without `withCalls`, the facts but the call facts (for a file whose summary the model already has). */
export function collectModuleFacts(sourceFile: TS.SourceFile, keepsValueImports: boolean, walk: typeof forEachDescendant, withCalls: false): RuleFacts;
export function collectModuleFacts(sourceFile: TS.SourceFile, keepsValueImports: boolean, walk: typeof forEachDescendant = forEachDescendant, withCalls = true): ModuleFacts | RuleFacts {
  const references: ModuleReference[] = [];
  const bindingsByLocal = new Map<string, ImportBinding>();
  const exclusions: BundlerExclusions = { names: [], refs: [] };
  const constInitializers = new Map<string, TS.Expression>();
  const statements = sourceFile.statements;
  /** The index in `references` of each statement's reference, -1 for none. */
  const referenceOf: number[] = [];
  for (const statement of statements) {
    const reference = topLevelReference(statement);
    referenceOf.push(reference ? references.length : -1);
    if (!reference) continue;
    references.push(reference);
    for (const binding of reference.bindings) bindingsByLocal.set(binding.local, binding);
  }
  let scanned = 0;
  // The collector asks in statement order, so the index walks along with it.
  const calls = withCalls
    ? new CallFactsCollector(sourceFile, references, (statement) => {
        while (scanned < statements.length && statements[scanned] !== statement) scanned++;
        return referenceOf[scanned] ?? -1;
      })
    : undefined;
  const facts: Omit<ModuleFacts, 'calls'> = {
    references,
    workflowsPaths: [],
    activitiesExpressions: [],
    bundlerExclusions: exclusions,
    ignoredPathExpressions: [],
    interceptorModules: [],
    activityProxyTypes: [],
    dynamicLoads: [],
    webpackConfigHook: false,
  };

  const K = ts.SyntaxKind;
  // The rules' index of calls and variables (syntax.ts syntaxIndex) is filled on the way.
  const indexedCalls: TS.CallExpression[] = [];
  const indexedVariables: TS.VariableDeclaration[] = [];
  // One switch on the kind: this visitor sees every node of every file.
  walk(sourceFile, (node) => {
    switch (node.kind) {
      case K.Identifier: {
        const id = node as TS.Identifier;
        const text = id.text; // a getter (idText), read once
        const binding = bindingsByLocal.get(text);
        if (!binding) {
          calls?.onOwnIdentifier(id, text);
          return;
        }
        const role = referenceRole(id);
        if (role === 'value') {
          binding.firstValueUse ??= id;
          calls?.onValueIdentifier(id, text);
        } else if (role === 'type') binding.typeUses++;
        return;
      }
      case K.CallExpression:
        indexedCalls.push(node as TS.CallExpression);
        calls?.onCall(node as TS.CallExpression);
        collectCall(node as TS.CallExpression, facts, references, constInitializers);
        return;
      case K.NewExpression:
        calls?.onCall(node as TS.NewExpression);
        return;
      case K.PropertyAssignment:
      case K.ShorthandPropertyAssignment:
        collectOption(node as TS.PropertyAssignment | TS.ShorthandPropertyAssignment, facts, constInitializers);
        return;
      case K.MethodDeclaration: {
        const name = (node as TS.MethodDeclaration).name;
        if (ts.isIdentifier(name) && name.text === 'webpackConfigHook') facts.webpackConfigHook = true;
        return;
      }
      case K.VariableDeclaration: {
        const declaration = node as TS.VariableDeclaration;
        indexedVariables.push(declaration);
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return;
        constInitializers.set(declaration.name.text, declaration.initializer);
        const type = declaration.type;
        if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'WorkerOptions') collectWorkerOptions(declaration.initializer, facts, constInitializers, 0);
        return;
      }
      case K.BinaryExpression: {
        const binary = node as TS.BinaryExpression;
        if (binary.operatorToken.kind === K.EqualsToken && ts.isPropertyAccessExpression(binary.left)) collectWebpackExclusions(binary.left.name.text, binary.right, binary, exclusions);
        return;
      }
      case K.ReturnStatement:
        calls?.onReturn(node as TS.ReturnStatement);
        return;
    }
  });

  setSyntaxIndex(sourceFile, { calls: indexedCalls, variables: indexedVariables });
  for (const reference of references) reference.erased = isErased(reference, sourceFile, keepsValueImports);
  return calls ? { ...facts, calls: calls.result() } : facts;
}

function topLevelReference(statement: TS.Statement): ModuleReference | undefined {
  if (ts.isImportDeclaration(statement)) {
    const specifier = stringValue(statement.moduleSpecifier);
    if (specifier === undefined) return undefined;
    const clause = statement.importClause;
    const wholeTypeOnly = Boolean(clause?.isTypeOnly);
    const bindings: ImportBinding[] = [];
    const bind = (local: string, imported: string, typeOnly: boolean): void => {
      bindings.push({ local, imported, declaredTypeOnly: wholeTypeOnly || typeOnly, firstValueUse: undefined, typeUses: 0 });
    };
    if (clause?.name) bind(clause.name.text, 'default', false);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) bind(named.name.text, '*', false);
    else if (named) for (const e of named.elements) bind(e.name.text, (e.propertyName ?? e.name).text, e.isTypeOnly);
    return reference(specifier, 'import', statement, statement.moduleSpecifier, bindings, wholeTypeOnly);
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
    const specifier = stringValue(statement.moduleSpecifier);
    if (specifier === undefined) return undefined;
    const clause = statement.exportClause;
    const allTypes = statement.isTypeOnly || Boolean(clause && ts.isNamedExports(clause) && clause.elements.length && clause.elements.every((e) => e.isTypeOnly));
    return reference(specifier, 'export', statement, statement.moduleSpecifier, [], allTypes);
  }
  if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
    const specifier = stringValue(statement.moduleReference.expression);
    if (specifier === undefined) return undefined;
    const binding: ImportBinding = { local: statement.name.text, imported: '*', declaredTypeOnly: statement.isTypeOnly, firstValueUse: undefined, typeUses: 0 };
    const exported = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported) binding.firstValueUse = statement.name;
    return reference(specifier, 'import-equals', statement, statement.moduleReference.expression, [binding], statement.isTypeOnly);
  }
  return undefined;
}

function reference(specifier: string, kind: ReferenceKind, node: TS.Node, specifierNode: TS.Node, bindings: ImportBinding[], declaredTypeOnly: boolean): ModuleReference {
  return { specifier, kind, node, specifierNode, bindings, declaredTypeOnly, erased: declaredTypeOnly };
}

function collectCall(call: TS.CallExpression, facts: Omit<ModuleFacts, 'calls'>, references: ModuleReference[], constInitializers: Map<string, TS.Expression>): void {
  const callee = call.expression;
  const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require' && call.arguments.length === 1;
  if (isImport || isRequire) {
    const specifier = stringValue(call.arguments[0]);
    if (specifier !== undefined) references.push(reference(specifier, isImport ? 'dynamic-import' : 'require', call, call.arguments[0]!, [], false));
    else facts.dynamicLoads.push(call);
    return;
  }
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name && PROXY_FUNCTIONS.has(name) && call.typeArguments?.[0]) facts.activityProxyTypes.push(call.typeArguments[0]);
  if (isWorkerCreate(callee)) for (const argument of call.arguments) collectWorkerOptions(argument, facts, constInitializers, 0);
}

/**
 * `Worker.create(options)`: the one call whose options register activities (sdk-typescript
 * packages/worker/src/worker-options.ts `activities`). An `activities:` key anywhere else (a
 * typed-contract library, a config object) registers nothing.
 */
function isWorkerCreate(callee: TS.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'create') return false;
  const target = callee.expression;
  return (ts.isIdentifier(target) && target.text === 'Worker') || (ts.isPropertyAccessExpression(target) && target.name.text === 'Worker');
}

/**
 * The `activities` of worker options: an object literal, a const naming one, spreads of either. The
 * value itself is read through a `const` of the file (`const activities = createActivities(db)`,
 * `const activities = { ...a, ...b }`, `new OrderActivities(db)`), so what it is made from counts.
 */
function collectWorkerOptions(expression: TS.Expression, facts: Omit<ModuleFacts, 'calls'>, constInitializers: Map<string, TS.Expression>, depth: number): void {
  const options = unwrapExpression(expression);
  if (depth > MAX_OPTIONS_DEPTH) return;
  if (ts.isIdentifier(options)) {
    const init = constInitializers.get(options.text);
    if (init) collectWorkerOptions(init, facts, constInitializers, depth + 1);
    return;
  }
  if (!ts.isObjectLiteralExpression(options)) return;
  for (const p of options.properties) {
    if (ts.isSpreadAssignment(p)) collectWorkerOptions(p.expression, facts, constInitializers, depth + 1);
    else if (p.name && ts.isIdentifier(p.name) && p.name.text === 'activities') {
      let value: TS.Expression | undefined = ts.isPropertyAssignment(p) ? unwrapExpression(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
      for (let hops = 0; value && ts.isIdentifier(value) && constInitializers.has(value.text) && hops < MAX_OPTIONS_DEPTH; hops++) value = unwrapExpression(constInitializers.get(value.text)!);
      if (value) facts.activitiesExpressions.push(value);
    }
  }
}

function collectOption(node: TS.PropertyAssignment | TS.ShorthandPropertyAssignment, facts: Omit<ModuleFacts, 'calls'>, constInitializers: Map<string, TS.Expression>): void {
  const key = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined;
  // `ignoreModules`, and the lists wrappers merge into it (sdk-typescript's test helpers' `additionalIgnoreModules`).
  // One beside a workflowsPath belongs to that configuration (collected with it, below).
  if (key && IGNORE_LIST_KEY.test(key)) {
    if (!optionsOf(node)) collectIgnoreModules(ts.isPropertyAssignment(node) ? node.initializer : node.name, facts.bundlerExclusions, facts.ignoredPathExpressions);
    return;
  }
  if (key === 'webpackConfigHook') facts.webpackConfigHook = true;
  if (key === 'alias' || key === 'externals') {
    if (ts.isPropertyAssignment(node)) collectWebpackExclusions(key, node.initializer, node, facts.bundlerExclusions);
    return;
  }
  if (key === 'workflowInterceptorModules' || (key === 'workflowModules' && isInterceptorsOption(node.parent))) {
    // The modules the worker loads into the sandbox beside the workflows (WorkerOptions
    // `interceptors.workflowModules`, bundleWorkflowCode's `workflowInterceptorModules`): workflow code too.
    const list = unwrapExpression(ts.isPropertyAssignment(node) ? node.initializer : node.name);
    const elements = ts.isArrayLiteralExpression(list) ? list.elements : ts.isIdentifier(list) && constInitializers.get(list.text) && ts.isArrayLiteralExpression(unwrapExpression(constInitializers.get(list.text)!)) ? (unwrapExpression(constInitializers.get(list.text)!) as TS.ArrayLiteralExpression).elements : [];
    for (const element of elements) if (!ts.isSpreadElement(element)) facts.interceptorModules.push(element);
    return;
  }
  if (key !== 'workflowsPath') return;
  let value: TS.Expression | undefined = ts.isPropertyAssignment(node) ? node.initializer : node.name;
  value = unwrapExpression(value);
  // `{ workflowsPath }` or `workflowsPath: wfPath` naming a const declared earlier in the file.
  if (ts.isIdentifier(value)) value = constInitializers.get(value.text) ?? value;
  const ignoreModules: BundlerExclusions = { names: [], refs: [] };
  const options = node.parent;
  const bundler = ts.isObjectLiteralExpression(options) ? propertyValue(options, 'bundlerOptions') : undefined;
  for (const holder of [options, bundler]) {
    if (!holder || !ts.isObjectLiteralExpression(holder)) continue;
    for (const p of holder.properties) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      if ((ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && IGNORE_LIST_KEY.test(p.name.text))
        collectIgnoreModules(ts.isPropertyAssignment(p) ? p.initializer : p.name, ignoreModules, facts.ignoredPathExpressions);
    }
  }
  const deployment = ts.isObjectLiteralExpression(options) ? workerDeployment(options, constInitializers) : {};
  facts.workflowsPaths.push({ expression: value, ignoreModules, pinnedByDefault: deployment.pinned ?? false, buildId: deployment.buildId });
}

/**
 * `workerDeploymentOptions: { useWorkerVersioning: true, version: { buildId: '…' }, defaultVersioningBehavior: 'PINNED' }`
 * (or `VersioningBehavior.PINNED`), written in the options or a const: whether it pins by default, and the build id if literal.
 */
function workerDeployment(options: TS.ObjectLiteralExpression, constInitializers: Map<string, TS.Expression>): { pinned?: boolean; buildId?: string } {
  const literal = (expression: TS.Expression | undefined): TS.ObjectLiteralExpression | undefined => {
    const target = expression && ts.isIdentifier(expression) ? constInitializers.get(expression.text) && unwrapExpression(constInitializers.get(expression.text)!) : expression;
    return target && ts.isObjectLiteralExpression(target) ? target : undefined;
  };
  const deployment = literal(propertyValue(options, 'workerDeploymentOptions'));
  if (!deployment) return {};
  const uses = propertyValue(deployment, 'useWorkerVersioning');
  const behavior = propertyValue(deployment, 'defaultVersioningBehavior');
  const name = behavior && (ts.isStringLiteral(behavior) ? behavior.text : ts.isPropertyAccessExpression(behavior) ? behavior.name.text : undefined);
  const buildId = propertyValue(literal(propertyValue(deployment, 'version')) ?? deployment, 'buildId');
  return {
    pinned: uses?.kind === ts.SyntaxKind.TrueKeyword && name?.toUpperCase() === 'PINNED',
    ...(buildId && (ts.isStringLiteral(buildId) || ts.isNoSubstitutionTemplateLiteral(buildId)) ? { buildId: buildId.text } : {}),
  };
}

/** `interceptors: { workflowModules: [...] }` of WorkerOptions. */
function isInterceptorsOption(literal: TS.Node): boolean {
  const holder = literal.parent;
  return ts.isObjectLiteralExpression(literal) && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'interceptors';
}

/** The options object an `ignoreModules` property configures together with a `workflowsPath`, if any. */
function optionsOf(node: TS.ObjectLiteralElementLike): TS.ObjectLiteralExpression | undefined {
  const literal = node.parent;
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  if (propertyValue(literal, 'workflowsPath') || literal.properties.some((p) => ts.isShorthandPropertyAssignment(p) && p.name.text === 'workflowsPath')) return literal;
  const holder = literal.parent;
  if (ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && holder.name.text === 'bundlerOptions' && ts.isObjectLiteralExpression(holder.parent)) {
    const options = holder.parent;
    if (propertyValue(options, 'workflowsPath') || options.properties.some((p) => ts.isShorthandPropertyAssignment(p) && p.name.text === 'workflowsPath')) return options;
  }
  return undefined;
}

function propertyValue(literal: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key) return unwrapExpression(p.initializer);
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

const IGNORE_LIST_KEY = /^(ignoreModules|\w+IgnoreModules)$/;

/** `ignoreModules: ['a', ...SHARED, require.resolve('./mocks')]` or `ignoreModules: SHARED`. */
function collectIgnoreModules(value: TS.Expression, exclusions: BundlerExclusions, pathExpressions: TS.Expression[]): void {
  const list = unwrapExpression(value);
  if (ts.isIdentifier(list)) exclusions.refs.push(list.text);
  if (!ts.isArrayLiteralExpression(list)) return;
  for (const element of list.elements) {
    const name = stringValue(element);
    if (name !== undefined) exclusions.names.push(name);
    else if (ts.isSpreadElement(element)) {
      const spread = unwrapExpression(element.expression);
      if (ts.isIdentifier(spread)) exclusions.refs.push(spread.text);
    } else pathExpressions.push(element);
  }
}

/**
 * Literal `resolve.alias` keys and `externals` set in a `webpackConfigHook`: webpack then resolves
 * those requests elsewhere or not at all, so the workflow bundle never holds the module (a `name$`
 * alias key matches `name` exactly). Source: sdk-typescript packages/worker/src/workflow/bundler.ts
 * (`webpackConfigHook` receives the whole configuration).
 */
function collectWebpackExclusions(key: string, value: TS.Expression, at: TS.Node, exclusions: BundlerExclusions): void {
  if ((key !== 'alias' && key !== 'externals') || !insideWebpackConfigHook(at)) return;
  const target = unwrapExpression(value);
  if (ts.isObjectLiteralExpression(target)) {
    for (const p of target.properties) {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (name) exclusions.names.push(name.replace(/\$$/, ''));
    }
  } else if (ts.isArrayLiteralExpression(target)) {
    for (const element of target.elements) {
      const name = stringValue(element);
      if (name !== undefined) exclusions.names.push(name);
    }
  } else {
    const name = stringValue(target);
    if (name !== undefined) exclusions.names.push(name);
  }
}

const MAX_HOOK_DEPTH = 40;

function insideWebpackConfigHook(node: TS.Node): boolean {
  let current: TS.Node | undefined = node;
  for (let depth = 0; current && depth < MAX_HOOK_DEPTH; depth++, current = current.parent) {
    if ((ts.isPropertyAssignment(current) || ts.isMethodDeclaration(current)) && ts.isIdentifier(current.name) && current.name.text === 'webpackConfigHook') return true;
  }
  return false;
}

/**
 * TypeScript drops an import whose bindings are used only as types (or not at all), unless
 * verbatimModuleSyntax keeps it; `import 'x'`, re-exports, `require` and `import()` always stay.
 */
function isErased(ref: ModuleReference, sourceFile: TS.SourceFile, keepsValueImports: boolean): boolean {
  if (ref.declaredTypeOnly) return true;
  if (ref.kind !== 'import' && ref.kind !== 'import-equals') return false;
  if (ref.bindings.length === 0) return false;
  if (isJavaScript(sourceFile)) return false;
  if (keepsValueImports) return ref.bindings.every((b) => b.declaredTypeOnly);
  return ref.bindings.every((b) => b.declaredTypeOnly || !b.firstValueUse);
}

export function isJavaScript(sourceFile: TS.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}
