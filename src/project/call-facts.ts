/**
 * The call half of a module's facts: its top-level functions and classes (code that runs only when
 * something refers to it), the module-level names each of them and the module's top level refer
 * to, what the module exports, and which of its names are activity stubs. Collected during the
 * facts walk (module-facts.ts), kept as plain data in the summary, and linked across modules by
 * call-graph.ts.
 */
import type { ts as TS } from 'ts-morph';
import { WORKFLOW_ONLY_APIS } from '../domain/workflow-sandbox.js';
import { isReference, stringValue, unwrapExpression } from '../analysis/syntax.js';
import { ts } from '../ts.js';

/** A top-level function or class: its body runs only when code that runs refers to it. */
export interface CodeUnit {
  /** The local name (`default` for an anonymous default export). */
  readonly name: string;
  readonly kind: 'function' | 'class';
  /** Offsets of the code that runs only when the unit is referred to. */
  readonly start: number;
  readonly end: number;
  /** Written `async`, or declared to return a Promise: the shape of a workflow function. */
  readonly async: boolean;
  /** Calls a workflow-only API (sleep, condition, setHandler…) or an activity stub in its own body. */
  callsWorkflowApi: boolean;
  /** Module-level names it refers to: local units, imported locals, `ns.member` of namespace imports. */
  readonly refs: string[];
  /**
   * Offsets of the functions it returns (`return async (t) => …`, `(o) => () => …`): they run only
   * when a caller calls what it returns. Absent when none.
   */
  readonly returned?: [number, number][];
  /** What those returned functions refer to (not in `refs`). */
  readonly returnedRefs?: string[];
  /**
   * A function that reads none of its parameters (nor `arguments`) outside the callbacks of test
   * registrars: a function handed to it is never called by it in the sandbox.
   */
  readonly ignoresParameters?: true;
}

/**
 * One exported name: declared here (`local`), or re-exported from the module of `reference` (an
 * index into the module's references) as `imported` (`*` for a namespace), which includes
 * `import { a } …; export { a }`. `exported` is `*` for `export * from`.
 */
export interface ExportEntry {
  readonly exported: string;
  readonly local?: string;
  readonly reference?: number;
  readonly imported?: string;
}

export interface CallFacts {
  readonly units: CodeUnit[];
  /** Module-level names referred to by code outside every unit (it runs when the module loads). */
  readonly topLevelRefs: string[];
  readonly exports: ExportEntry[];
  /** Top-level names bound to activity stubs: `const { a } = proxyActivities(…)`, `const acts = proxyActivities(…)`. */
  readonly stubs: string[];
  /** Top-level `const X = ['a', 'b']` of string literals only (ignoreModules lists). */
  readonly stringArrays: Record<string, string[]>;
  /** Functions handed to the module's functions and classes, imported ones and test registrars, in source order, none inside another. */
  readonly callbacks: Callback[];
}

/**
 * A function handed to a call of a module-level function or class, the module's own or imported
 * (`new Feature({ checkResult: async () => … })`), or of a test registrar (`test('…', async (t) => …)`),
 * or what a call returns handed so: it runs only if that callee calls it, so
 * what it refers to is kept apart from the code around it. The project model drops it when the
 * callee never runs it in the sandbox: a module the bundler stubs, or a test framework (the sandbox
 * has none; a module that is both a test and a workflow module gets a no-op `test` there, as
 * sdk-typescript's own tests do).
 */
export interface Callback {
  readonly start: number;
  readonly end: number;
  /** The callee's first name: a module-level name (declared or imported), or a test registrar (`test` of `test.serial(…)`). */
  readonly callee: string;
  /** The unit it is written in; absent at the module's top level. */
  readonly owner?: string;
  readonly refs: string[];
  /**
   * What is handed is the value a call returns (`f({ check: makeCheck(opts) })`): the call runs
   * where it is written, and only what it returns is left to the callee.
   */
  readonly result?: true;
  /** Written inside a function its owner returns (see CodeUnit.returned). */
  readonly returned?: true;
}

interface ImportedName {
  readonly local: string;
  /** The index of the module reference that binds it. */
  readonly reference: number;
  readonly imported: string;
}

type OpenUnit = Omit<CodeUnit, 'refs' | 'returned' | 'returnedRefs' | 'ignoresParameters'> & {
  readonly refSet: Set<string>;
  returned?: [number, number][];
  returnedRefSet?: Set<string>;
  /** Its parameters' names, until one is read (then undefined). */
  parameters?: Set<string>;
};
type OpenCallback = Omit<Callback, 'refs'> & { readonly refSet: Set<string> };

const WORKFLOW_PACKAGE = /^@temporalio\/workflow(\/|$)/;
const STUB_FACTORIES = new Set(['proxyActivities', 'proxyLocalActivities']);
/** The registrars of ava, mocha, jest, vitest and node:test, as called (`test.serial(…)` counts by its head). */
export const TEST_REGISTRARS: ReadonlySet<string> = new Set(['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);

/**
 * Fed every identifier and call of the walk (in source order), it files each reference under the
 * unit it is in. Names are not scope-resolved: a parameter that shadows a top-level function makes
 * that function look referred to, which can only make more code count as running (never less).
 */
export class CallFactsCollector {
  private readonly units: OpenUnit[] = [];
  private readonly topLevel = new Set<string>();
  private readonly exports: ExportEntry[] = [];
  private readonly stubs = new Set<string>();
  private readonly stringArrays: Record<string, string[]> = {};
  private readonly callbacks: OpenCallback[] = [];
  private callbackCursor = 0;
  /** Imported local → where it comes from, so `export { a }` of an import is filed as a re-export. */
  private readonly importLocals = new Map<string, ImportedName>();
  /**
   * Names whose references are recorded: top-level functions and classes, and imports. A use of
   * any other top-level name needs no edge: its initializer runs with the module's top level.
   */
  private readonly moduleNames = new Set<string>();
  private readonly namespaces = new Set<string>();
  /** Local name → the @temporalio/workflow export it binds (`*` for a namespace). */
  private readonly workflowApis = new Map<string, string>();
  private cursor = 0;

  /**
   * `references` are the module's top-level imports and re-exports, in order; `referenceIndex` gives
   * the index of a statement's reference among them (-1 for none).
   */
  constructor(sourceFile: TS.SourceFile, references: readonly { readonly specifier: string; readonly bindings: readonly { readonly local: string; readonly imported: string }[] }[], referenceIndex: (statement: TS.Statement) => number) {
    references.forEach(({ specifier, bindings }, reference) => {
      if (!bindings.length) return;
      const fromWorkflow = WORKFLOW_PACKAGE.test(specifier);
      for (const { local, imported } of bindings) {
        this.moduleNames.add(local);
        this.importLocals.set(local, { local, reference, imported });
        if (imported === '*') this.namespaces.add(local);
        if (fromWorkflow) this.workflowApis.set(local, imported);
      }
    });
    for (const statement of sourceFile.statements) this.scanStatement(statement, referenceIndex);
  }

  /** An identifier in a value position bound by an import (`text` is its name). */
  onValueIdentifier(id: TS.Identifier, text: string): void {
    if (this.moduleNames.has(text)) this.fileReference(id, text, this.unitAt(id.pos));
  }

  /**
   * Any other identifier (`text` is its name): a reference to a top-level function or class of the
   * module (a use in a type counting as one only makes more code run), or a read of a parameter of
   * the unit it is in.
   */
  onOwnIdentifier(id: TS.Identifier, text: string): void {
    const tracked = this.moduleNames.has(text);
    const unit = this.unitAt(id.pos);
    const parameters = unit?.parameters;
    const parameter = parameters !== undefined && (parameters.has(text) || text === 'arguments');
    if ((!tracked && !parameter) || !isReference(id)) return;
    if (tracked) this.fileReference(id, text, unit);
    if (parameter) {
      const callback = this.callbackAt(id.pos);
      if (!callback || !TEST_REGISTRARS.has(callback.callee)) unit!.parameters = undefined;
    }
  }

  /** Files a reference to module-level `text` under the callback or unit it is in, or the top level. */
  private fileReference(id: TS.Identifier, text: string, unit: OpenUnit | undefined): void {
    const parent = id.parent;
    const member = this.namespaces.has(text) && ts.isPropertyAccessExpression(parent) && parent.expression === id ? `${text}.${parent.name.text}` : text;
    const callback = this.callbackAt(id.pos);
    if (callback) return void callback.refSet.add(member);
    if (!unit) return void this.topLevel.add(member);
    (inReturned(unit, id.pos) ? (unit.returnedRefSet ??= new Set()) : unit.refSet).add(member);
  }

  /** `return () => …` in a function unit's own body: a function it returns. */
  onReturn(statement: TS.ReturnStatement): void {
    const value = statement.expression && unwrapExpression(statement.expression);
    if (!value || (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value))) return;
    const unit = this.unitAt(statement.pos);
    if (!unit || unit.kind !== 'function' || this.callbackAt(statement.pos)) return;
    let fn: TS.Node | undefined = statement.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    if (fn?.pos === unit.start) (unit.returned ??= []).push([value.pos, value.end]);
  }

  onCall(call: TS.CallExpression | TS.NewExpression): void {
    this.noteCallbacks(call);
    if (!ts.isCallExpression(call) || (!this.workflowApis.size && !this.stubs.size)) return;
    const unit = this.unitAt(call.pos);
    if (!unit || unit.callsWorkflowApi) return;
    const callee = unwrapExpression(call.expression);
    const head = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
    if (!head) return;
    const text = head.text;
    const api = this.workflowApis.get(text);
    const name = api === '*' && ts.isPropertyAccessExpression(callee) ? callee.name.text : api;
    if ((name && WORKFLOW_ONLY_APIS.has(name)) || this.stubs.has(text)) unit.callsWorkflowApi = true;
  }

  result(): CallFacts {
    const units = this.units.map((u) => {
      const unit: { -readonly [K in keyof CodeUnit]: CodeUnit[K] } = { name: u.name, kind: u.kind, start: u.start, end: u.end, async: u.async, callsWorkflowApi: u.callsWorkflowApi, refs: [...u.refSet] };
      if (u.returned) {
        unit.returned = u.returned;
        unit.returnedRefs = u.returnedRefSet ? [...u.returnedRefSet] : [];
      }
      if (u.parameters) unit.ignoresParameters = true;
      return unit as CodeUnit;
    });
    const callbacks: Callback[] = this.callbacks.map(({ refSet, ...c }) => ({ ...c, refs: [...refSet] }));
    return { units, topLevelRefs: [...this.topLevel], exports: this.exports, stubs: [...this.stubs], stringArrays: this.stringArrays, callbacks };
  }

  /**
   * `f(…, async () => …)`, `new F({ check: async () => … })` for an imported `f`/`F`, and
   * `test(…)`, `test.serial(…)`, `describe.each(…)(…)`: the functions among its arguments (and the
   * function-valued properties of object arguments) become callbacks of that callee.
   */
  private noteCallbacks(call: TS.CallExpression | TS.NewExpression): void {
    if (this.callbackAt(call.pos)) return;
    let head: TS.Expression = call.expression;
    while (ts.isPropertyAccessExpression(head) || ts.isCallExpression(head)) head = head.expression;
    if (!ts.isIdentifier(head)) return;
    const callee = head.text;
    if (this.workflowApis.has(callee) || (!this.moduleNames.has(callee) && !TEST_REGISTRARS.has(callee))) return;
    const unit = this.unitAt(call.pos);
    const owner = unit?.name;
    const returned = unit !== undefined && inReturned(unit, call.pos);
    const add = (fn: TS.Node, result: boolean): void => {
      const callback: OpenCallback = { start: fn.pos, end: fn.end, callee, refSet: new Set() };
      if (owner) (callback as { owner?: string }).owner = owner;
      if (result) (callback as { result?: true }).result = true;
      if (returned) (callback as { returned?: true }).returned = true;
      this.callbacks.push(callback);
    };
    const addValue = (node: TS.Node, value: TS.Expression): void => {
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) add(node, false);
      else if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && this.moduleNames.has(value.expression.text)) add(node, true);
    };
    for (const argument of call.arguments ?? []) {
      const value = unwrapExpression(argument);
      if (ts.isObjectLiteralExpression(value)) {
        for (const p of value.properties) {
          if (ts.isMethodDeclaration(p)) add(p, false);
          else if (ts.isPropertyAssignment(p)) addValue(p.initializer, unwrapExpression(p.initializer));
        }
      } else addValue(value, value);
    }
  }

  /** Offsets arrive in non-decreasing order, so callbacks wholly before `pos` are passed for good. */
  private callbackAt(pos: number): OpenCallback | undefined {
    const callbacks = this.callbacks;
    while (this.callbackCursor < callbacks.length && callbacks[this.callbackCursor]!.end <= pos) this.callbackCursor++;
    const callback = callbacks[this.callbackCursor];
    return callback && callback.start <= pos ? callback : undefined;
  }

  /** The unit that holds offset `pos`; offsets arrive in non-decreasing order (a pre-order walk). */
  private unitAt(pos: number): OpenUnit | undefined {
    while (this.cursor < this.units.length && this.units[this.cursor]!.end <= pos) this.cursor++;
    const unit = this.units[this.cursor];
    return unit && unit.start <= pos ? unit : undefined;
  }

  private scanStatement(statement: TS.Statement, referenceIndex: (statement: TS.Statement) => number): void {
    const K = ts.SyntaxKind;
    // A switch on the kind, and the modifiers read only for declarations: most statements are imports.
    switch (statement.kind) {
      case K.FunctionDeclaration: {
        const fn = statement as TS.FunctionDeclaration;
        const name = fn.name?.text ?? 'default';
        if (fn.body) this.addUnit(name, 'function', fn, isAsync(fn));
        this.declare(name, hasModifier(fn, K.ExportKeyword), hasModifier(fn, K.DefaultKeyword));
        return;
      }
      case K.ClassDeclaration: {
        const declaration = statement as TS.ClassDeclaration;
        const name = declaration.name?.text ?? 'default';
        if (!runsWhenDeclared(declaration)) this.addUnit(name, 'class', declaration, false);
        this.declare(name, hasModifier(declaration, K.ExportKeyword), hasModifier(declaration, K.DefaultKeyword));
        return;
      }
      case K.VariableStatement: {
        const exported = hasModifier(statement, K.ExportKeyword);
        for (const declaration of (statement as TS.VariableStatement).declarationList.declarations) this.scanVariable(declaration, exported);
        return;
      }
      case K.EnumDeclaration:
      case K.ModuleDeclaration: {
        const name = (statement as TS.EnumDeclaration | TS.ModuleDeclaration).name;
        if (ts.isIdentifier(name) && !hasModifier(statement, K.DeclareKeyword)) this.declare(name.text, hasModifier(statement, K.ExportKeyword), false);
        return;
      }
      case K.ImportEqualsDeclaration: {
        const declaration = statement as TS.ImportEqualsDeclaration;
        if (ts.isEntityName(declaration.moduleReference)) this.declare(declaration.name.text, hasModifier(declaration, K.ExportKeyword), false);
        return;
      }
      case K.ExportAssignment: {
        const assignment = statement as TS.ExportAssignment;
        const value = unwrapExpression(assignment.expression);
        if (!assignment.isExportEquals && ts.isIdentifier(value)) this.exportLocal('default', value.text);
        return;
      }
      case K.ExportDeclaration:
        if (!(statement as TS.ExportDeclaration).isTypeOnly) this.scanExportDeclaration(statement as TS.ExportDeclaration, referenceIndex);
        return;
    }
  }

  private scanVariable(declaration: TS.VariableDeclaration, exported: boolean): void {
    const init = declaration.initializer && unwrapExpression(declaration.initializer);
    if (ts.isIdentifier(declaration.name)) {
      const name = declaration.name.text;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) this.addUnit(name, 'function', init, isAsync(init));
      else if (init && ts.isClassExpression(init) && !runsWhenDeclared(init)) this.addUnit(name, 'class', init, false);
      if (init && isStubFactoryCall(init)) this.stubs.add(name);
      const strings = init && ts.isArrayLiteralExpression(init) ? init.elements.map((e) => stringValue(e)) : undefined;
      if (strings?.length && strings.every((s) => s !== undefined)) this.stringArrays[name] = strings as string[];
      this.declare(name, exported, false);
      return;
    }
    const stubs = Boolean(init && isStubFactoryCall(init));
    forEachBoundName(declaration.name, (name) => {
      if (stubs) this.stubs.add(name);
      this.declare(name, exported, false);
    });
  }

  private scanExportDeclaration(statement: TS.ExportDeclaration, referenceIndex: (statement: TS.Statement) => number): void {
    const clause = statement.exportClause;
    if (statement.moduleSpecifier) {
      const reference = referenceIndex(statement);
      if (reference < 0) return;
      if (!clause) this.exports.push({ exported: '*', reference, imported: '*' });
      else if (ts.isNamespaceExport(clause)) this.exports.push({ exported: clause.name.text, reference, imported: '*' });
      else for (const e of clause.elements) if (!e.isTypeOnly) this.exports.push({ exported: e.name.text, reference, imported: (e.propertyName ?? e.name).text });
    } else if (clause && ts.isNamedExports(clause)) {
      for (const e of clause.elements) if (!e.isTypeOnly) this.exportLocal(e.name.text, (e.propertyName ?? e.name).text);
    }
  }

  /** `export { a as b }`: a declaration of this module, or an import passed on (filed as a re-export). */
  private exportLocal(exported: string, local: string): void {
    const imported = this.importLocals.get(local);
    this.exports.push(imported ? { exported, reference: imported.reference, imported: imported.imported } : { exported, local });
  }

  private declare(name: string, exported: boolean, isDefault: boolean): void {
    if (exported) this.exports.push({ exported: isDefault ? 'default' : name, local: name });
  }

  private addUnit(name: string, kind: CodeUnit['kind'], node: TS.Node, async: boolean): void {
    this.moduleNames.add(name);
    const unit: OpenUnit = { name, kind, start: node.pos, end: node.end, async, callsWorkflowApi: false, refSet: new Set() };
    if (kind === 'function') {
      const fn = node as TS.FunctionLikeDeclaration;
      const parameters = new Set<string>();
      for (const parameter of fn.parameters) forEachBoundName(parameter.name, (n) => void parameters.add(n));
      if (parameters.size) unit.parameters = parameters;
      const body = fn.body && !ts.isBlock(fn.body) ? unwrapExpression(fn.body) : undefined;
      if (body && (ts.isArrowFunction(body) || ts.isFunctionExpression(body))) unit.returned = [[body.pos, body.end]];
    }
    this.units.push(unit);
  }
}

/** Whether `pos` is in the function `unit` returns last seen (the walk meets them in order, none inside another). */
function inReturned(unit: OpenUnit, pos: number): boolean {
  const last = unit.returned?.[unit.returned.length - 1];
  return last !== undefined && pos >= last[0] && pos < last[1];
}

function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  // `modifiers` holds decorators too; reading it directly spares getModifiers' filtered copy per statement.
  const modifiers = (node as { modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers;
  return modifiers !== undefined && modifiers.some((m) => m.kind === kind);
}

function isAsync(fn: TS.FunctionLikeDeclaration): boolean {
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return true;
  const type = fn.type;
  return Boolean(type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise');
}

/** Decorators, static blocks and static initializers run when the class is declared. */
function runsWhenDeclared(node: TS.ClassLikeDeclaration): boolean {
  if (ts.getDecorators(node)?.length) return true;
  return node.members.some(
    (m) => ts.isClassStaticBlockDeclaration(m) || (ts.canHaveDecorators(m) && (ts.getDecorators(m)?.length ?? 0) > 0) || (ts.isPropertyDeclaration(m) && m.initializer !== undefined && hasModifier(m, ts.SyntaxKind.StaticKeyword)),
  );
}

function isStubFactoryCall(node: TS.Expression): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrapExpression(node.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && STUB_FACTORIES.has(name);
}

function forEachBoundName(name: TS.BindingName, visit: (name: string) => void): void {
  if (ts.isIdentifier(name)) visit(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) forEachBoundName(element.name, visit);
}
