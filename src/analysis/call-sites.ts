/**
 * Every place a function can be called from, when syntax and the project model can see them all:
 * a function of the linted file that is not exported and is only ever called by its name; or a
 * hook, a function written as a member of an object literal (`{ onStart: async () => … }`) that
 * goes, directly or through a `const` of the file, only as an argument to functions of the project
 * that only read that argument's members, and call (or test) the hook. Undefined when the function
 * may be called from anywhere else: exported, passed on as a value, stored, spread.
 * A function found one import away is read in its own file only (see project-functions.ts).
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, resolveFunction } from './message-handlers.js';
import { calledFunction, type ProjectFile } from './project-functions.js';
import { forEachDescendant, referenceRole } from './syntax.js';

export interface CallSite {
  readonly call: TS.CallExpression;
  /** The call is in the linted file (so the function it is in may be followed further). */
  readonly inLintedFile: boolean;
}

export function callSitesOf(fn: FunctionNode, project: ProjectFile): CallSite[] | undefined {
  if (fn.getSourceFile() !== project.module.sourceFile) return undefined;
  const name = functionName(fn);
  if (name) return isExported(fn) ? undefined : callsByName(fn, name);
  const hook = hookOf(fn);
  return hook && hookCalls(hook.object, hook.key, project);
}

/** `function f` or `const f = () => …`. */
function functionName(fn: FunctionNode): TS.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  const holder = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isVariableDeclaration(holder) || holder.initializer !== fn || !ts.isIdentifier(holder.name)) return undefined;
  return ts.isVariableDeclarationList(holder.parent) && (holder.parent.flags & ts.NodeFlags.Const) !== 0 ? holder.name : undefined;
}

/** A function declaration, or the `const` declaration holding a function or an object, that carries `export`. */
function isExported(node: FunctionNode | TS.VariableDeclaration): boolean {
  const holder = ts.isFunctionDeclaration(node) ? node : ts.isVariableDeclaration(node) ? node.parent.parent : node.parent.parent.parent;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Every value use of `name` in the file: each must be a call of `fn` itself. */
function callsByName(fn: FunctionNode, name: TS.Identifier): CallSite[] | undefined {
  const sites: CallSite[] = [];
  let escapes = false;
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (escapes || !ts.isIdentifier(node) || node.text !== name.text || referenceRole(node) !== 'value') return;
    const call = node.parent;
    if (ts.isCallExpression(call) && call.expression === node && resolveFunction(node) === fn) sites.push({ call, inLintedFile: true });
    else escapes = true;
  });
  return escapes ? undefined : sites;
}

/** `{ key: async () => … }` or `{ async key() { … } }`: the object literal and the key. */
function hookOf(fn: FunctionNode): { object: TS.ObjectLiteralExpression; key: string } | undefined {
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if (!ts.isObjectLiteralExpression(member.parent)) return undefined;
  if (!ts.isMethodDeclaration(member) && !(ts.isPropertyAssignment(member) && member.initializer === fn)) return undefined;
  const key = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
  return key === undefined ? undefined : { object: member.parent, key };
}

/** The calls of `object[key]` in every function `object` is handed to. */
function hookCalls(object: TS.ObjectLiteralExpression, key: string, project: ProjectFile): CallSite[] | undefined {
  const arguments_ = argumentUses(object);
  if (!arguments_) return undefined;
  const sites: CallSite[] = [];
  for (const { call, index } of arguments_) {
    const receiver = calledFunction(call.expression, project);
    const parameter = receiver?.fn.parameters[index];
    if (!receiver || !parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name) || receiver.fn.parameters.slice(0, index).some((p) => p.dotDotDotToken)) return undefined;
    const calls = memberCalls(receiver.fn, parameter.name.text, key);
    if (!calls) return undefined;
    const inLintedFile = receiver.fn.getSourceFile() === project.module.sourceFile;
    sites.push(...calls.map((c) => ({ call: c, inLintedFile })));
  }
  return sites;
}

/** Where the object goes: as an argument of calls, written there or through a `const` of the file used only so. */
function argumentUses(object: TS.ObjectLiteralExpression): { call: TS.CallExpression; index: number }[] | undefined {
  let node: TS.Node = object;
  while (isWrapper(node.parent)) node = node.parent;
  const holder = node.parent;
  if (ts.isCallExpression(holder)) return [{ call: holder, index: holder.arguments.indexOf(node as TS.Expression) }].filter((u) => u.index >= 0);
  if (!ts.isVariableDeclaration(holder) || holder.initializer !== node || !ts.isIdentifier(holder.name) || isExported(holder)) return undefined;
  if (!ts.isVariableDeclarationList(holder.parent) || (holder.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const name = holder.name;
  const uses: { call: TS.CallExpression; index: number }[] = [];
  let escapes = false;
  forEachDescendant(object.getSourceFile(), (id) => {
    if (escapes || !ts.isIdentifier(id) || id.text !== name.text || referenceRole(id) !== 'value') return;
    const call = id.parent;
    const index = ts.isCallExpression(call) ? call.arguments.indexOf(id) : -1;
    if (index >= 0) uses.push({ call: call as TS.CallExpression, index });
    else escapes = true;
  });
  return escapes ? undefined : uses;
}

function isWrapper(node: TS.Node): boolean {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node);
}

/**
 * In `fn`, the calls of `parameter.key(…)`, when the parameter is used only as `parameter.member`
 * and `parameter.key` only called or tested (`if (config.onStart)`); undefined otherwise.
 */
function memberCalls(fn: FunctionNode, parameter: string, key: string): TS.CallExpression[] | undefined {
  if (!fn.body) return undefined;
  const calls: TS.CallExpression[] = [];
  let escapes = false;
  forEachDescendant(fn.body, (id) => {
    if (escapes || !ts.isIdentifier(id) || id.text !== parameter || referenceRole(id) !== 'value') return;
    const access = id.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== id) escapes = true;
    else if (access.name.text === key) {
      let node: TS.Node = access;
      while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
      const parent = node.parent;
      if (ts.isCallExpression(parent) && parent.expression === node) calls.push(parent);
      else if (!isTest(node)) escapes = true;
    }
  });
  return escapes ? undefined : calls;
}

/** A value only tested for truthiness: an `if`/`?:` condition, `!x`, the left of `&&` (`||` may give it back), `typeof x`. */
function isTest(node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isIfStatement(parent) || ts.isConditionalExpression(parent)) return (ts.isIfStatement(parent) ? parent.expression : parent.condition) === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isTypeOfExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
}
