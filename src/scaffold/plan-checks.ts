/**
 * What the TypeScript compiler would say about a plan, asked before anything is written, on the
 * project as it would be (the planned contents over the files on disk):
 *
 * - a name that clashes with an identifier the pattern's code already uses (`condition`, `sleep`,
 *   `worker`, `activities`…): the generated file would declare it twice, or use it before it is
 *   declared, and not compile;
 * - a barrel that already exports a name the new module exports (`export *` of two modules that
 *   both export `checkout` is ambiguous, and a barrel's own `export const checkout` hides the new
 *   one): the worker would not register the new workflow or activity.
 *
 * The program holds the planned files, the barrels, and of the modules they re-export (through any
 * number of `export … from`) those that re-export further or spell a name the plan exports: a
 * module that does neither cannot export it. What those modules import is not read, nor are
 * packages (every bare import is an `any` module): names, not types, are in question, and a
 * 2,000-file project is not compiled for this.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { ExitCode, WfoError } from '../errors.js';
import { loadTypeScript, ts } from '../ts.js';
import type { Name } from './names.js';
import type { PlannedFile } from './plan.js';

/**
 * Diagnostics that mean two declarations want one name, or a name is used before its declaration
 * (TypeScript's diagnosticMessages.json).
 */
const CLASH_CODES = new Set([
  2300, // Duplicate identifier '{0}'.
  2323, // Cannot redeclare exported variable '{0}'.
  2393, // Duplicate function implementation.
  2395, // Individual declarations in merged declaration '{0}' must be all exported or all local.
  2397, // Declaration name conflicts with built-in global identifier '{0}'.
  2440, // Import declaration conflicts with local declaration of '{0}'.
  2441, // Duplicate identifier '{0}'. Compiler reserves name '{1}' in top level scope of a module.
  2448, // Block-scoped variable '{0}' used before its declaration.
  2449, // Class '{0}' used before its declaration.
  2450, // Enum '{0}' used before its declaration.
  2451, // Cannot redeclare block-scoped variable '{0}'.
  2567, // Enum declarations can only merge with namespace or other enum declarations.
]);

const AMBIENT = '__wfo_packages__.d.ts';

export function checkPlan(root: string, files: readonly PlannedFile[], options: { name: Name; pattern: string; esm: boolean }): void {
  loadTypeScript();
  const planned = new Map(files.filter((f) => /\.[cm]?tsx?$/.test(f.path)).map((f) => [path.join(root, f.path), f.content]));
  const barrels = files.filter((f) => f.reExports).map((f) => path.join(root, f.path));
  const program = createProgram(root, planned, { barrels, names: exportedNames(planned) }, options.esm);
  const generated = files.filter((f) => !f.reExports && planned.has(path.join(root, f.path)));
  for (const file of generated) {
    const source = program.getSourceFile(path.join(root, file.path));
    const clash = source && program.getSemanticDiagnostics(source).find((d) => CLASH_CODES.has(d.code));
    if (clash) throw nameClash(clash, file.path, options);
  }
  const checker = program.getTypeChecker();
  for (const barrel of files.filter((f) => f.reExports)) {
    const collisions = exportCollisions(program, checker, path.join(root, barrel.path), path.join(root, barrel.reExports!));
    if (!collisions.length) continue;
    const shown = (file: string): string => path.relative(root, file).split(path.sep).join('/');
    const list = collisions.slice(0, 3).map((c) => `${c.name} (from ${shown(c.from)})`).join(', ') + (collisions.length > 3 ? ` and ${collisions.length - 3} more` : '');
    throw new WfoError(`${barrel.path} already exports ${list}, which the new ${barrel.reExports} exports too; nothing was written: choose another name`, ExitCode.Problems);
  }
}

function nameClash(diagnostic: TS.Diagnostic, file: string, { name, pattern }: { name: Name; pattern: string }): WfoError {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\.$/, '');
  const identifier = /'([^']+)'/.exec(message)?.[1];
  const fromName = identifier !== undefined && [name.camel, name.pascal, name.constant].some((n) => identifier.startsWith(n));
  return fromName
    ? new WfoError(`invalid name ${JSON.stringify(name.kebab)}: the ${pattern} pattern's code already uses ${identifier}, so ${file} would not compile (${message}); choose another name`, ExitCode.Usage)
    : new WfoError(`the ${pattern} pattern generates ${file}, which would not compile: ${message}`, ExitCode.Usage);
}

/** Names the new module exports that the barrel resolves to a declaration elsewhere. */
function exportCollisions(program: TS.Program, checker: TS.TypeChecker, barrelFile: string, moduleFile: string): { name: string; from: string }[] {
  const moduleOf = (file: string): TS.Symbol | undefined => {
    const source = program.getSourceFile(file);
    return source && checker.getSymbolAtLocation(source);
  };
  const barrel = moduleOf(barrelFile);
  const added = moduleOf(moduleFile);
  if (!barrel || !added) return [];
  const ownFiles = new Set(checker.getExportsOfModule(added).flatMap((s) => declarationFiles(checker, s)));
  ownFiles.add(moduleFile);
  const exported = new Map(checker.getExportsOfModule(barrel).map((s) => [s.name, s]));
  const collisions: { name: string; from: string }[] = [];
  for (const symbol of checker.getExportsOfModule(added)) {
    if (symbol.name === 'default') continue;
    const existing = exported.get(symbol.name);
    if (!existing) continue;
    // Declared in a module the program does not hold (an import the barrel re-exports): the barrel's own name.
    const declared = declarationFiles(checker, existing);
    const from = declared.length ? declared.find((f) => !ownFiles.has(f)) : barrelFile;
    if (from) collisions.push({ name: symbol.name, from });
  }
  return collisions;
}

function declarationFiles(checker: TS.TypeChecker, symbol: TS.Symbol): string[] {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.declarations ?? []).map((d) => path.normalize(d.getSourceFile().fileName));
}

/** A program over the planned files and what the barrels re-export; every package is an `any` module. */
function createProgram(root: string, planned: ReadonlyMap<string, string>, reach: { barrels: readonly string[]; names: ReadonlySet<string> }, esm: boolean): TS.Program {
  const ambient = path.join(root, AMBIENT);
  const inPackage = (file: string): boolean => file.split(/[\\/]/).includes('node_modules');
  const read = (file: string): string | undefined => {
    const normalized = path.normalize(file);
    if (normalized === ambient) return "declare module '*';\n";
    if (planned.has(normalized)) return planned.get(normalized);
    if (inPackage(normalized)) return undefined;
    try {
      return statSync(normalized).isFile() ? readFileSync(normalized, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const options: TS.CompilerOptions = {
    noLib: true,
    types: [],
    noEmit: true,
    allowJs: true,
    target: ts.ScriptTarget.ES2022,
    module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noResolve: true,
  };
  // Parsed once, for finding what the barrels re-export and for the program; JSDoc is not read.
  const parsed = new Map<string, TS.SourceFile | undefined>();
  const parse = (file: string): TS.SourceFile | undefined => {
    if (!parsed.has(file)) {
      const text = read(file);
      parsed.set(file, text === undefined ? undefined : ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }));
    }
    return parsed.get(file);
  };
  const host: TS.CompilerHost = {
    getSourceFile: parse,
    fileExists: (file) => read(file) !== undefined,
    readFile: read,
    directoryExists: (dir) => !inPackage(dir) && (existsSync(dir) || [...planned.keys()].some((f) => f.startsWith(dir + path.sep))),
    getDirectories: () => [],
    getDefaultLibFileName: () => path.join(root, '__wfo_no_lib__.d.ts'),
    writeFile: () => undefined,
    getCurrentDirectory: () => root,
    getCanonicalFileName: (file) => file,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  return ts.createProgram({ rootNames: [...new Set([...planned.keys(), ...reExported(reach, read, options, host)]), ambient], options, host });
}

/** `export * from './x'`, `export { a } from "./x"`, `export type { A } from './x'`: the specifier. */
const EXPORT_FROM = /^[ \t]*export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/gm;

/** The project's files that `export … from` reaches from the barrels and that may export one of `names`. */
function reExported(reach: { barrels: readonly string[]; names: ReadonlySet<string> }, read: (file: string) => string | undefined, options: TS.CompilerOptions, host: TS.ModuleResolutionHost): string[] {
  const spells = reach.names.size ? new RegExp(`(?<![\\w$])(?:${[...reach.names].map((n) => n.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`) : undefined;
  const kept = new Set(reach.barrels);
  const seen = new Set(reach.barrels);
  for (const file of seen) {
    const text = read(file) ?? '';
    const specifiers = [...text.matchAll(EXPORT_FROM)].map((m) => m[1]!);
    if (specifiers.length || spells?.test(text)) kept.add(file);
    for (const specifier of specifiers) {
      const resolved = ts.resolveModuleName(specifier, file, options, host).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) seen.add(path.normalize(resolved.resolvedFileName));
    }
  }
  return [...kept];
}

/** Every name the planned files export (a superset of what the barrels' new modules export). */
function exportedNames(planned: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  const exported = (node: TS.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const [file, text] of planned) {
    for (const statement of ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false).statements) {
      if (ts.isVariableStatement(statement) && exported(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const e of statement.exportClause.elements) names.add(e.name.text);
      } else if (exported(statement) && 'name' in statement && statement.name && ts.isIdentifier(statement.name as TS.Node)) {
        names.add((statement.name as TS.Identifier).text);
      }
    }
  }
  return names;
}
