/**
 * Every place a function of the linted file can be called from, when syntax and the project model
 * can see them all, found by following where its value goes. Each use of it must be:
 * - a call of it;
 * - a property of an object literal (a hook, `{ onStart: async () => … }`; a state of a states map,
 *   `{ review: { fn: reviewState } }`), whose object goes on in the same way, the function now at a
 *   path inside it (`states.review.fn`);
 * - a `const` it is bound to, each use of which goes on in the same way;
 * - an argument of a function of the project that only reads its way to the function and calls or
 *   tests it there (parameter-reads.ts): a state-machine driver's `config.states[name].fn(ctx)`;
 * - exported from the linted file (a function, or a `const` holding it): then used the same way in
 *   every module that imports it by name, provided no module takes the file's exports wholesale
 *   (`export *`, `import * as`, `require()`, `import()`) or exports it on; and a function must not be
 *   in a module wfo took for a workflow root of its own, whose exports the worker may call as
 *   workflows.
 * Undefined when the function may be called from anywhere else: stored, spread, returned, handed to a
 * function outside the project. Names are matched in their scope by text, so a shadowing name can
 * only add uses to follow. A module found one step away (an importer, the function an argument goes
 * to, one import away from where it is called) is read in its own file only; the lint cache stamps
 * them (cache.ts `findingsKey`).
 */
import type { ts as TS } from 'ts-morph';
import { importersOf } from '../project/importers.js';
import { ts } from '../ts.js';
import { type FunctionNode, resolveFunction } from './message-handlers.js';
import { callsThrough } from './parameter-reads.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { forEachDescendant, referenceRole, stringValue, unwrapExpression } from './syntax.js';

export interface CallSite {
  readonly call: TS.CallExpression;
  /** The call is in the linted file (so the function it is in may be followed further). */
  readonly inLintedFile: boolean;
}

/** How many holders (objects, `const`s, modules) a function's value is followed through. */
const MAX_HOLDERS = 8;

export function callSitesOf(fn: FunctionNode, project: ProjectFile): CallSite[] | undefined {
  if (fn.getSourceFile() !== project.module.sourceFile) return undefined;
  const walk: Walk = { linted: project, here: project, depth: 0 };
  if (ts.isFunctionDeclaration(fn)) return fn.name && bindingUses(fn.name, fn, [], walk);
  if (!ts.isMethodDeclaration(fn)) return valueUses(fn, [], walk);
  const key = propertyKey(fn.name);
  return ts.isObjectLiteralExpression(fn.parent) && key !== undefined && !lendsThis(fn.parent) ? valueUses(fn.parent, [key], walk) : undefined;
}

interface Walk {
  readonly linted: ProjectFile;
  /** The module the value is followed in. */
  readonly here: ProjectFile;
  readonly depth: number;
}

/** Where the value at `node` goes, the function at `path` inside it. */
function valueUses(node: TS.Expression, path: readonly string[], walk: Walk): CallSite[] | undefined {
  if (walk.depth > MAX_HOLDERS) return undefined;
  let outer: TS.Node = node;
  while (isWrapper(outer.parent)) outer = outer.parent;
  const holder = outer.parent;
  const deeper = { ...walk, depth: walk.depth + 1 };
  if (ts.isCallExpression(holder)) {
    if (holder.expression === outer) return path.length === 0 ? [{ call: holder, inLintedFile: walk.here.module === walk.linted.module }] : undefined;
    const index = holder.arguments.indexOf(outer as TS.Expression);
    return index < 0 ? undefined : argumentCalls(holder, index, path, walk);
  }
  if ((ts.isPropertyAssignment(holder) && holder.initializer === outer) || (ts.isShorthandPropertyAssignment(holder) && holder.name === outer)) {
    const key = propertyKey(holder.name);
    return key === undefined || lendsThis(holder.parent) ? undefined : valueUses(holder.parent, [key, ...path], deeper);
  }
  if (ts.isVariableDeclaration(holder) && holder.initializer === outer && ts.isIdentifier(holder.name) && isConst(holder)) return bindingUses(holder.name, holder, path, deeper);
  return undefined;
}

/** Every use of the name a `const` or function declaration binds, in its scope, and in importers when it is exported. */
function bindingUses(name: TS.Identifier, declaration: TS.FunctionDeclaration | TS.VariableDeclaration, path: readonly string[], walk: Walk): CallSite[] | undefined {
  const exported = new Set<string>();
  const statement = ts.isFunctionDeclaration(declaration) ? declaration : declaration.parent.parent;
  if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) exported.add(hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : name.text);
  const sites: CallSite[] = [];
  let escapes = false;
  forEachDescendant(statement.parent, (id) => {
    if (escapes || id === name || !ts.isIdentifier(id) || id.text !== name.text || referenceRole(id) !== 'value') return;
    if (ts.isExportSpecifier(id.parent) && !id.parent.parent.parent.moduleSpecifier) exported.add(id.parent.name.text);
    else if (ts.isExportAssignment(id.parent)) exported.add('default');
    else {
      const found = valueUses(id, path, walk);
      if (found) sites.push(...found);
      else escapes = true;
    }
  });
  if (escapes) return undefined;
  if (!exported.size) return sites;
  const imported = importedUses(exported, path, walk);
  return imported && [...sites, ...imported];
}

/**
 * The uses of the linted file's exports `names` in the modules that import them. Undefined when
 * a module may reach them otherwise, or when an exported function may be a workflow: its module is
 * a workflow root of its own (not only imported by the root that bundles it).
 */
function importedUses(names: ReadonlySet<string>, path: readonly string[], walk: Walk): CallSite[] | undefined {
  const { linted, here } = walk;
  if (here.module !== linted.module) return undefined;
  const { model } = linted;
  if (path.length === 0 && (model.workflow.get(linted.module.path)?.chain.length ?? 0) < 2) return undefined;
  const sites: CallSite[] = [];
  for (const file of importersOf(model, linted.module.path)) {
    const module = model.modules.get(file);
    if (!module || module.problem) return undefined;
    const importer: Walk = { linted, here: { model, module }, depth: walk.depth + 1 };
    for (const [index, reference] of module.summary.references.entries()) {
      const resolution = module.resolutions[index];
      if (resolution?.kind !== 'file' || resolution.file !== linted.module.path || reference.erased) continue;
      if (reference.kind !== 'import' || reference.imported.includes('*')) return undefined;
      for (const [i, imported] of reference.imported.entries()) {
        if (!names.has(imported)) continue;
        const found = importUses(reference.locals[i]!, importer);
        if (!found) return undefined;
        sites.push(...found);
      }
    }
  }
  return sites;

  function importUses(local: string, importer: Walk): CallSite[] | undefined {
    const found: CallSite[] = [];
    let escapes = false;
    forEachDescendant(importer.here.module.sourceFile, (id) => {
      if (escapes || !ts.isIdentifier(id) || id.text !== local || referenceRole(id) !== 'value') return;
      const uses = valueUses(id, path, importer);
      if (uses) found.push(...uses);
      else escapes = true;
    });
    return escapes ? undefined : found;
  }
}

/** The calls of the function at `path` inside argument `index` of `call`, in the function of the project it calls. */
function argumentCalls(call: TS.CallExpression, index: number, path: readonly string[], walk: Walk): CallSite[] | undefined {
  const receiver = calledFunction(call.expression, walk.here);
  const parameters = receiver?.fn.parameters ?? [];
  const parameter = parameters[index];
  if (!receiver || !parameter || !ts.isIdentifier(parameter.name) || parameters.slice(0, index + 1).some((p) => p.dotDotDotToken) || call.arguments.slice(0, index).some(ts.isSpreadElement)) return undefined;
  const calls = callsThrough(receiver.fn, parameter.name.text, path);
  const inLintedFile = receiver.fn.getSourceFile() === walk.linted.module.sourceFile;
  return calls?.map((c) => ({ call: c, inLintedFile }));
}

/**
 * An object one of whose methods may call its other members through `this` (`this.onStart()`):
 * a method, accessor or `function` written in it, or a function declaration it names, that
 * mentions `this`.
 */
function lendsThis(object: TS.ObjectLiteralExpression): boolean {
  return object.properties.some((p) => {
    if (ts.isMethodDeclaration(p) || ts.isAccessor(p)) return mentionsThis(p);
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    const fn = value && resolveFunction(value);
    return fn !== undefined && !ts.isArrowFunction(fn) && mentionsThis(fn);
  });
}

function mentionsThis(node: TS.Node): boolean {
  let found = false;
  forEachDescendant(node, (n) => {
    found ||= n.kind === ts.SyntaxKind.ThisKeyword;
  });
  return found;
}

function propertyKey(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return ts.isComputedPropertyName(name) ? stringValue(unwrapExpression(name.expression)) : undefined;
}

function isConst(declaration: TS.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0 && ts.isVariableStatement(declaration.parent.parent);
}

function hasModifier(statement: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === kind);
}

function isWrapper(node: TS.Node): boolean {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node);
}
