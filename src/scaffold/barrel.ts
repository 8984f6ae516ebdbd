/**
 * Adds `export * from './x';` to a barrel file with an edit at one position: the user's own text,
 * formatting and comments stay byte for byte, and an export that is already there is not repeated.
 */
import type { ts as TS } from 'ts-morph';
import { loadTypeScript, ts } from '../ts.js';

export function addReExport(text: string, specifier: string, fileName = 'index.ts'): string {
  loadTypeScript();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const bare = (s: string): string => s.replace(/\.(js|ts)$/, '').replace(/\/index$/, '');
  const declarations = source.statements.filter((s): s is TS.ImportDeclaration | TS.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s));
  const exists = declarations.some((s) => ts.isExportDeclaration(s) && !s.exportClause && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && bare(s.moduleSpecifier.text) === bare(specifier));
  if (exists) return text;
  // Follow the file's own style: its line breaks, its quotes and whether it ends statements with semicolons.
  const eol = /\r?\n/.exec(text)?.[0] ?? '\n';
  const sample = declarations[declarations.length - 1];
  const quoted = sample?.moduleSpecifier;
  const quote = quoted && text[quoted.getStart(source)] === '"' ? '"' : "'";
  const semicolon = sample ? (text.slice(sample.getStart(source), sample.end).trimEnd().endsWith(';') ? ';' : '') : ';';
  const line = `export * from ${quote}${specifier}${quote}${semicolon}`;
  if (!sample) return text.length && !text.endsWith('\n') ? `${text}${eol}${line}${eol}` : `${text}${line}${eol}`;
  // After the last import or export and the comments that end its line (`export * from './a' // why`).
  let at = sample.end;
  for (const comment of ts.getTrailingCommentRanges(text, at) ?? []) at = comment.end;
  const rest = /^[ \t]*(\r?\n|$)/.exec(text.slice(at));
  if (!rest) return `${text.slice(0, sample.end)}${eol}${line}${text.slice(sample.end)}`; // more code on its line: insert right after it
  at += rest[0].length;
  return rest[1] ? `${text.slice(0, at)}${line}${rest[1]}${text.slice(at)}` : `${text}${eol}${line}`;
}
