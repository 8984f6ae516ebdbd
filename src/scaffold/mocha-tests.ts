/**
 * A generated `node:test` file as a mocha suite, in the plan, so the templates stay one set:
 *
 * - the `node:test` import loses what mocha provides as globals with the same meaning (`describe`,
 *   `it`, `before`, `after`, `beforeEach`, `afterEach`); `test(…)` and `suite(…)` calls become
 *   `it(…)` and `describe(…)`, which mocha's BDD interface has instead. What mocha does not have
 *   (`mock`) stays imported: node:test's mock tracker works under any runner;
 * - the rest of the file becomes one `describe` named for the file. In node:test a top-level hook
 *   belongs to its file; in mocha it would be a root hook, run around every test of every file
 *   (an `afterEach(() => mock.restoreAll())` would reach into the user's own tests);
 * - that suite has no timeout, as node:test has none: mocha's 2 s is less than bundling a workflow
 *   or starting a test server takes, so the tests would fail on a timeout, not on what they test.
 */
import type { ts as TS } from 'ts-morph';
import { loadTypeScript, ts } from '../ts.js';

/** node:test exports that mocha's BDD interface provides as globals, and the global each becomes. */
const MOCHA_GLOBAL: Readonly<Record<string, string>> = { describe: 'describe', it: 'it', before: 'before', after: 'after', beforeEach: 'beforeEach', afterEach: 'afterEach', test: 'it', suite: 'describe', default: 'it' };

/** The file as a mocha suite; the text unchanged when it does not import node:test by name. */
export function toMochaSuite(text: string, fileName: string, title: string): string {
  loadTypeScript();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const nodeTest = imports.find((i) => ts.isStringLiteral(i.moduleSpecifier) && /^(node:)?test$/.test(i.moduleSpecifier.text));
  const clause = nodeTest?.importClause;
  if (!nodeTest || !clause || clause.isTypeOnly || (clause.namedBindings && !ts.isNamedImports(clause.namedBindings))) return text;
  const renamed = new Map<string, string>();
  const kept: string[] = [];
  if (clause.name) renamed.set(clause.name.text, MOCHA_GLOBAL.default!);
  for (const element of (clause.namedBindings as TS.NamedImports | undefined)?.elements ?? []) {
    const imported = (element.propertyName ?? element.name).text;
    const global = MOCHA_GLOBAL[imported];
    if (global && !element.isTypeOnly) renamed.set(element.name.text, global);
    else kept.push(element.getText(source));
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const quote = text[nodeTest.moduleSpecifier.getStart(source)];
  const importLine = kept.length ? `import { ${kept.join(', ')} } from ${quote}${(nodeTest.moduleSpecifier as TS.StringLiteral).text}${quote};` : '';
  edits.push({ start: nodeTest.getStart(source), end: kept.length ? nodeTest.end : lineEnd(text, nodeTest.end), text: importLine });
  // Calls of the imported functions (`test(…)`, `test.skip(…)`), as the mocha global.
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : node.expression;
      const global = ts.isIdentifier(callee) ? renamed.get(callee.text) : undefined;
      if (global && global !== callee.getText(source)) edits.push({ start: callee.getStart(source), end: callee.end, text: global });
    }
    ts.forEachChild(node, visit);
  };
  const body = source.statements.filter((s) => s.pos >= imports[imports.length - 1]!.end);
  body.forEach(visit);
  if (body.length) {
    const start = lineStart(text, body[0]!.getFullStart() === imports[imports.length - 1]!.end ? skipBlankLines(text, body[0]!.getFullStart()) : body[0]!.getFullStart());
    const eol = /\r?\n/.exec(text)?.[0] ?? '\n';
    const titled = `${quote}${title.replace(/[\\'"`]/g, '')}${quote}`;
    edits.push({ start, end: start, text: `describe(${titled}, function () {${eol}  this.timeout(0);${eol}${eol}` });
    const end = text.trimEnd().length;
    edits.push({ start: end, end, text: `${eol}});` });
    for (const line of indentableLines(text, source, start, end)) edits.push({ start: line, end: line, text: '  ' });
  }
  return applyEdits(text, edits);
}

/** Starts of the non-empty lines in [start, end) that do not begin inside a multi-line string or template. */
function indentableLines(text: string, source: TS.SourceFile, start: number, end: number): number[] {
  const literals: [number, number][] = [];
  const collect = (node: TS.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || ts.isStringLiteral(node)) literals.push([node.getStart(source), node.end]);
    else ts.forEachChild(node, collect);
  };
  collect(source);
  const starts: number[] = [];
  for (let at = start; at < end; at = lineEnd(text, at)) {
    const inside = literals.some(([from, to]) => from < at && at < to);
    if (!inside && !/^\r?\n/.test(text.slice(at))) starts.push(at);
  }
  return starts;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** The position after the line break that ends the line `at` is on (or the end of the text). */
function lineEnd(text: string, at: number): number {
  const eol = text.indexOf('\n', at);
  return eol < 0 ? text.length : eol + 1;
}

function skipBlankLines(text: string, at: number): number {
  const blank = /^(?:[ \t]*\r?\n)*/.exec(text.slice(at))![0];
  return at + blank.length;
}

function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  let result = text;
  // From the end, so earlier positions stay valid. At one position, a replacement first, then the
  // insertions, the later one first so that the earlier one ends up in front of it.
  for (const edit of [...edits].map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}
