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
  // Follow the file's own style: its quotes and whether it ends statements with semicolons.
  const sample = declarations[declarations.length - 1];
  const quoted = sample?.moduleSpecifier;
  const quote = quoted && text[quoted.getStart(source)] === '"' ? '"' : "'";
  const semicolon = sample ? (text.slice(sample.getStart(source), sample.end).trimEnd().endsWith(';') ? ';' : '') : ';';
  const line = `export * from ${quote}${specifier}${quote}${semicolon}`;
  if (!sample) return text.length && !text.endsWith('\n') ? `${text}\n${line}\n` : `${text}${line}\n`;
  const at = sample.end;
  return `${text.slice(0, at)}\n${line}${text.slice(at)}`;
}
