/**
 * Reading and parsing one file, and the summary the project model keeps of it. The only place
 * that creates syntax trees, and so the only place that loads TypeScript.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { ts as TS } from 'ts-morph';
import { forEachDescendantSettingParents } from '../analysis/syntax.js';
import { loadTypeScript, ts } from '../ts.js';
import { collectModuleFacts, type ModuleFacts, type RuleFacts } from './module-facts.js';
import type { ModuleSummary, ParseProblem } from './module-summary.js';
import { evaluatePath } from './path-expression.js';
import { hasPlainDataTypes } from './type-facts.js';

/** A syntax tree (parent pointers set) and what its rules read of the facts walk. */
export interface ParsedTree {
  readonly sourceFile: TS.SourceFile;
  readonly facts: RuleFacts;
}

export interface ParsedModule extends ParsedTree {
  readonly facts: ModuleFacts;
  readonly summary: ModuleSummary;
}

/**
 * No rule reads JSDoc, so the parser skips it, as typescript-eslint's `jsDocParsingMode: 'none'`
 * does: a fifth less parse time on commented code, and comments stay in the text for the
 * `wfo-disable` directives, which are read from it.
 */
const PARSE_OPTIONS = (): TS.CreateSourceFileOptions => ({ languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone });

/** Parses `file` (or `text`, when given, as the file's current contents). Never throws for bad input. */
export function parseModule(file: string, keepsValueImports: boolean, text?: string): ParsedModule {
  loadTypeScript();
  const read = text === undefined ? readSource(file) : { text: stripBom(text) };
  let sourceFile: TS.SourceFile;
  try {
    sourceFile = ts.createSourceFile(file, read.text, PARSE_OPTIONS(), false, scriptKind(file));
  } catch (error) {
    // TypeScript's parser is recursive: input nested thousands of levels deep exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    return unparsable(file, 'nested too deeply for the TypeScript parser (stack exhausted); the file was not analysed');
  }
  const facts = collectModuleFacts(sourceFile, keepsValueImports, forEachDescendantSettingParents);
  const isImported = (name: string): boolean => facts.references.some((r) => r.bindings.some((b) => b.local === name));
  return { sourceFile, facts, summary: summarize(file, facts, read.problem ?? parseProblem(sourceFile), hasPlainDataTypes(sourceFile, isImported)) };
}

/**
 * Parses `file` again for its rules, when the model kept its summary but not its tree: the walk
 * that sets parent pointers collects the facts rules read, without the call facts, which only
 * the summary holds (the model already has it). On 10,000 files this spares the call facts of
 * every file a second time.
 */
export function reparseModule(file: string, keepsValueImports: boolean, text?: string): ParsedTree {
  loadTypeScript();
  const read = text === undefined ? readSource(file) : { text: stripBom(text) };
  try {
    const sourceFile = ts.createSourceFile(file, read.text, PARSE_OPTIONS(), false, scriptKind(file));
    return { sourceFile, facts: collectModuleFacts(sourceFile, keepsValueImports, forEachDescendantSettingParents, false) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unparsable(file, 'nested too deeply for the TypeScript parser (stack exhausted); the file was not analysed');
  }
}

/** A module that stands for a file that could not be parsed: no references, one problem. */
function unparsable(file: string, message: string): ParsedModule {
  const sourceFile = ts.createSourceFile(file, '', PARSE_OPTIONS(), false, scriptKind(file));
  const facts = collectModuleFacts(sourceFile, false, forEachDescendantSettingParents);
  return { sourceFile, facts, summary: summarize(file, facts, { message, line: 1, column: 1 }) };
}

function summarize(file: string, facts: ModuleFacts, problem: ParseProblem | undefined, plainDataTypes = false): ModuleSummary {
  const names: string[] = [];
  const specifiers: string[] = [];
  if (facts.activityProxyTypes.length) for (const type of facts.activityProxyTypes) forEachTypeQueryTarget(type, (n) => names.push(n), (s) => specifiers.push(s));
  // Most lists are empty in most modules: flatMap is asked only of those that are not.
  return {
    references: facts.references.map((r) => ({ specifier: r.specifier, kind: r.kind, erased: r.erased, locals: r.bindings.map((b) => b.local), imported: r.bindings.map((b) => b.imported) })),
    workflowsPaths: facts.workflowsPaths.length
      ? facts.workflowsPaths.flatMap(({ expression, ignoreModules, pinnedByDefault, buildId }) => {
          const target = evaluatePath(expression, file);
          return target ? [{ target, ignoreModules, pinnedByDefault, buildId }] : [];
        })
      : [],
    activityNames: facts.activitiesExpressions.length ? facts.activitiesExpressions.flatMap(activityIdentifiers) : [],
    bundlerExclusions: { ...facts.bundlerExclusions, paths: facts.ignoredPathExpressions.length ? facts.ignoredPathExpressions.flatMap((e) => evaluatePath(e, file) ?? []) : [] },
    // Absent keys are written undefined rather than spread in: every summary has one shape, which
    // keeps the model's reads of them monomorphic (JSON drops them in the lint cache).
    interceptorModules: facts.interceptorModules.length ? facts.interceptorModules.flatMap((e) => evaluatePath(e, file) ?? []) : undefined,
    webpackConfigHook: facts.webpackConfigHook ? true : undefined,
    calls: facts.calls,
    proxyTypeNames: names,
    proxyTypeSpecifiers: specifiers,
    plainDataTypes: plainDataTypes ? true : undefined,
    problem,
  };
}

/**
 * Read as a string in one step (Node decodes UTF-8 without a Buffer in between, one allocation
 * less per file). Text with a NUL, or starting with `G` and holding an undecodable byte, is looked
 * at again as bytes (see `readSuspectBytes`); everything else is source.
 */
function readSource(file: string): { text: string; problem?: ParseProblem } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { text: '', problem: { message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, line: 1, column: 1 } };
  }
  // A Git LFS pointer stands in for a media segment in a clone without LFS (CI's default): not TypeScript.
  if (text.startsWith(LFS_POINTER)) return { text: '' };
  const suspect = text.includes('\0') || (text.charCodeAt(0) === TS_SYNC_BYTE && text.includes('\uFFFD'));
  return suspect ? readSuspectBytes(file, text) : { text: stripBom(text) };
}

/** The first line of every Git LFS pointer file (git-lfs docs/spec.md). */
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\n';

/** MPEG transport-stream packets are 188 bytes, each starting with the sync byte 0x47 (ISO/IEC 13818-1, 2.4.3.2). */
const TS_PACKET_SIZE = 188;
const TS_SYNC_BYTE = 0x47;
const TS_PACKETS_CHECKED = 4;

/**
 * What a file that may be binary holds:
 * - an MPEG transport-stream segment (`.ts` is the media extension too): not TypeScript, read as
 *   an empty module, so it has nothing to report, as tsc users leave such folders out with `exclude`;
 * - UTF-16 text with a byte-order mark, decoded as tsc's `sys.readFile` does;
 * - bytes that are not UTF-8 and hold NULs: binary, one fatal problem;
 * - otherwise source: a raw NUL is valid in string and template literals, regexes and comments,
 *   and TypeScript's parser reports one anywhere else ("Invalid character") where it is.
 */
function readSuspectBytes(file: string, text: string): { text: string; problem?: ParseProblem } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { text: stripBom(text) };
  }
  if (isTransportStream(bytes)) return { text: '' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.toString('utf16le', 2) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le') };
  if (text.includes('\0') && !isUtf8(bytes)) return { text: '', problem: { message: 'not a text file (binary content: NUL bytes and invalid UTF-8)', line: 1, column: 1 } };
  return { text: stripBom(text) };
}

function isTransportStream(bytes: Buffer): boolean {
  if (bytes.length < TS_PACKET_SIZE) return false;
  for (let packet = 0; packet < TS_PACKETS_CHECKED && packet * TS_PACKET_SIZE < bytes.length; packet++) {
    if (bytes[packet * TS_PACKET_SIZE] !== TS_SYNC_BYTE) return false;
  }
  return true;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseProblem(sourceFile: TS.SourceFile): ParseProblem | undefined {
  // parseDiagnostics is not in TypeScript's public typings, but is how the parser reports syntax errors.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { message: `Parsing error: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`, line: line + 1, column: character + 1 };
}

function scriptKind(file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (file.endsWith('.js') || file.endsWith('.mjs') || file.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Names that can stand for an activities object: `acts`, `{ ...a, ...b }`, `createActivities(db)`
 * (the factory, not what it is given), `new OrderActivities(db)` (the class, whose methods are the
 * activities), `acts.default`.
 */
function activityIdentifiers(expression: TS.Expression): string[] {
  const names: string[] = [];
  const pending: TS.Node[] = [expression];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isIdentifier(node)) names.push(node.text);
    else if (
      ts.isCallExpression(node) ||
      ts.isNewExpression(node) ||
      ts.isPropertyAccessExpression(node) ||
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isSpreadAssignment(node) ||
      ts.isAwaitExpression(node)
    )
      pending.push(node.expression);
    else if (ts.isObjectLiteralExpression(node))
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) pending.push(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) pending.push(p.name);
        else if (ts.isSpreadAssignment(p)) pending.push(p.expression);
      }
  }
  return names;
}

function forEachTypeQueryTarget(type: TS.TypeNode, onName: (name: string) => void, onSpecifier: (specifier: string) => void): void {
  const pending: TS.Node[] = [type];
  while (pending.length) {
    const node = pending.pop()!;
    if (ts.isTypeQueryNode(node)) {
      let name: TS.EntityName = node.exprName;
      while (ts.isQualifiedName(name)) name = name.left;
      onName(name.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      onSpecifier(node.argument.literal.text);
    } else ts.forEachChild(node, (child) => void pending.push(child));
  }
}
