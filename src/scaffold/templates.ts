/**
 * Pattern templates: `templates/<pattern>/pattern.json` (a one-line description and which generated
 * files the barrels re-export) and `files/**`, where every file, and its path, is a Handlebars
 * template (`.hbs` stripped). Compiled with `noEscape` (this is code, not HTML) and `strict` (a
 * misspelt variable is an error, not an empty string); Handlebars' prototype-access protection
 * stays on, so a template cannot reach `constructor` or `__proto__`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { suggest } from '../suggest.js';

/** The package's own templates (with a trailing separator). */
export const BUILTIN_TEMPLATES = path.join(packageRoot(), 'templates') + path.sep;

export interface Pattern {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  readonly barrels: { readonly workflows?: string; readonly activities?: string };
}

/** Patterns by name: the package's, overridden or extended by the user's folder. */
export function listPatterns(userDir?: string): Pattern[] {
  const found = new Map<string, Pattern>();
  for (const base of [BUILTIN_TEMPLATES, userDir]) {
    if (!base || !existsSync(base)) continue;
    for (const entry of readdirSync(base).sort()) {
      if (entry.startsWith('_')) continue; // _init and other internals
      const manifest = path.join(base, entry, 'pattern.json');
      if (existsSync(manifest)) found.set(entry, readPattern(entry, path.join(base, entry)));
    }
  }
  return [...found.values()];
}

export function findPattern(name: string, userDir?: string): Pattern {
  const patterns = listPatterns(userDir);
  const pattern = patterns.find((p) => p.name === name);
  if (!pattern) {
    throw new WfoError(`unknown pattern '${name}'${suggest(name, patterns.map((p) => p.name))}; \`wfo new --list\` shows them`, ExitCode.Usage);
  }
  return pattern;
}

export function readPattern(name: string, dir: string): Pattern {
  const file = path.join(dir, 'pattern.json');
  let manifest: { description?: unknown; barrels?: Record<string, unknown> };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new WfoError(`${file}: ${(error as Error).message}`, ExitCode.Usage);
  }
  const barrels = manifest.barrels ?? {};
  return {
    name,
    dir,
    description: typeof manifest.description === 'string' ? manifest.description : '',
    barrels: {
      ...(typeof barrels.workflows === 'string' ? { workflows: barrels.workflows } : {}),
      ...(typeof barrels.activities === 'string' ? { activities: barrels.activities } : {}),
    },
  };
}

/** Every template file under `dir/files`, as paths relative to it (POSIX). */
export function templateFiles(dir: string): string[] {
  const root = path.join(dir, 'files');
  const found: string[] = [];
  const pending = [root];
  while (pending.length) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) pending.push(full);
      else found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return found.sort();
}

type Handlebars = typeof import('handlebars');

let handlebars: Handlebars | undefined;
function loadHandlebars(): Handlebars {
  handlebars ??= createRequire(import.meta.url)('handlebars') as Handlebars;
  return handlebars;
}

/**
 * Renders `template` with `data`. `importPath` (a helper) turns a project-relative path into the
 * specifier to import it from the file being rendered (`outputFile`), with the project's extension.
 */
export function render(template: string, data: Record<string, unknown>, context: { source: string; outputFile?: string; importExt: string }): string {
  const hb = loadHandlebars().create();
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hb.registerHelper('importPath', (target: unknown) => {
    if (!context.outputFile) throw new Error('importPath is only available in file contents');
    let specifier = path.posix.relative(path.posix.dirname(context.outputFile), String(target));
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    return `${specifier}${context.importExt}`;
  });
  try {
    return hb.compile(template, { noEscape: true, strict: true })(data);
  } catch (error) {
    throw new WfoError(`template ${context.source}: ${(error as Error).message.split('\n')[0]}`, ExitCode.Usage);
  }
}

/**
 * The first word of every suffix the pattern's templates put right after the name
 * (`{{name.camel}}Callback`, `{{name.constant}}_API_URL`, `{{name.kebab}}-types`), lower case: what
 * a name ending in the same word would stutter on. Prose (`{{name.words}} saga`) is not counted.
 */
export function appendedWords(pattern: Pattern): Set<string> {
  const words = new Set<string>();
  const suffix = /\{\{name\.(?:camel|pascal)\}\}([A-Z][a-z0-9]*)|\{\{name\.constant\}\}_([A-Z0-9]+)|\{\{name\.kebab\}\}-([a-z0-9]+)/g;
  for (const relative of templateFiles(pattern.dir)) {
    const text = `${relative}\n${readFileSync(path.join(pattern.dir, 'files', relative), 'utf8')}`;
    for (const match of text.matchAll(suffix)) words.add((match[1] ?? match[2] ?? match[3])!.toLowerCase());
  }
  return words;
}
