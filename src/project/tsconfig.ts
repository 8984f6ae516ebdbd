/**
 * The parts of tsconfig.json that decide how imports resolve and which imports survive compilation.
 * Read without TypeScript's program machinery (no file globbing): only compilerOptions, with `extends`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseJsonc } from './jsonc.js';

export interface PathMapping {
  /** The pattern's text before and after its `*` (or the whole pattern when it has none). */
  readonly prefix: string;
  readonly suffix: string;
  readonly wildcard: boolean;
  /** Absolute target patterns, `*` kept. */
  readonly targets: string[];
}

export interface CompilerSettings {
  /** The tsconfig.json these came from, or undefined when the file has none above it. */
  readonly configFile: string | undefined;
  readonly baseUrl: string | undefined;
  readonly paths: PathMapping[];
  readonly rootDir: string | undefined;
  readonly outDir: string | undefined;
  /** With these, TypeScript keeps every import that is not written `import type`. */
  readonly keepsValueImports: boolean;
}

export const NO_TSCONFIG: CompilerSettings = {
  configFile: undefined,
  baseUrl: undefined,
  paths: [],
  rootDir: undefined,
  outDir: undefined,
  keepsValueImports: false,
};

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  rootDir?: string;
  outDir?: string;
  verbatimModuleSyntax?: boolean;
  preserveValueImports?: boolean;
}

/** Reads one tsconfig.json with its `extends` chain. Unreadable parts are skipped: lint still runs. */
export function readCompilerSettings(configFile: string): CompilerSettings {
  const merged = readWithExtends(configFile, new Set());
  return {
    configFile,
    baseUrl: merged.baseUrl,
    paths: merged.paths ? toMappings(merged.paths, merged.pathsBase ?? path.dirname(configFile)) : [],
    rootDir: merged.rootDir,
    outDir: merged.outDir,
    keepsValueImports: Boolean(merged.verbatimModuleSyntax || merged.preserveValueImports),
  };
}

interface ResolvedOptions extends RawOptions {
  /** The folder `paths` targets are relative to: baseUrl, or the tsconfig that set `paths`. */
  pathsBase?: string;
}

function readWithExtends(configFile: string, seen: Set<string>): ResolvedOptions {
  if (seen.has(configFile)) return {};
  seen.add(configFile);
  const config = readConfig(configFile);
  const dir = path.dirname(configFile);
  let result: ResolvedOptions = {};
  const parents = typeof config.extends === 'string' ? [config.extends] : (config.extends ?? []);
  for (const parent of parents) {
    const parentFile = resolveExtends(parent, dir);
    if (parentFile) result = { ...result, ...readWithExtends(parentFile, seen) };
  }
  const own = config.compilerOptions ?? {};
  // Path-valued options are relative to the config that sets them.
  if (own.baseUrl !== undefined) result.baseUrl = path.resolve(dir, own.baseUrl);
  if (own.rootDir !== undefined) result.rootDir = path.resolve(dir, own.rootDir);
  if (own.outDir !== undefined) result.outDir = path.resolve(dir, own.outDir);
  if (own.paths !== undefined) {
    result.paths = own.paths;
    result.pathsBase = own.baseUrl !== undefined ? path.resolve(dir, own.baseUrl) : (result.baseUrl ?? dir);
  } else if (own.baseUrl !== undefined && result.paths) {
    result.pathsBase = result.baseUrl;
  }
  if (own.verbatimModuleSyntax !== undefined) result.verbatimModuleSyntax = own.verbatimModuleSyntax;
  if (own.preserveValueImports !== undefined) result.preserveValueImports = own.preserveValueImports;
  return result;
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: RawOptions;
}

/** An unreadable or malformed tsconfig counts as empty: lint still runs, with default resolution. */
function readConfig(configFile: string): RawConfig {
  try {
    const value = parseJsonc(readFileSync(configFile, 'utf8'));
    return value && typeof value === 'object' ? (value as RawConfig) : {};
  } catch {
    return {};
  }
}

/** `extends` names a file, or a package's tsconfig; a package that is not installed is skipped. */
function resolveExtends(name: string, fromDir: string): string | undefined {
  const candidates: string[] = [];
  if (name.startsWith('.') || path.isAbsolute(name)) {
    const base = path.resolve(fromDir, name);
    candidates.push(base, `${base}.json`, path.join(base, 'tsconfig.json'));
  } else {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const base = path.join(dir, 'node_modules', name);
      candidates.push(base, `${base}.json`, path.join(base, 'tsconfig.json'));
      if (path.dirname(dir) === dir) break;
    }
  }
  return candidates.find((c) => c.endsWith('.json') && existsSync(c));
}

function toMappings(paths: Record<string, string[]>, base: string): PathMapping[] {
  return Object.entries(paths).map(([pattern, targets]) => {
    const star = pattern.indexOf('*');
    return {
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? '' : pattern.slice(star + 1),
      wildcard: star >= 0,
      targets: (Array.isArray(targets) ? targets : []).map((t) => path.resolve(base, t)),
    };
  });
}

/** tsconfig.json lookups for each folder, cached: many files share one folder. */
export class CompilerSettingsIndex {
  private readonly byDir = new Map<string, CompilerSettings>();
  private readonly byFile = new Map<string, CompilerSettings>();

  /** The settings that apply to a file: those of the nearest tsconfig.json at or above its folder. */
  forFile(file: string): CompilerSettings {
    return this.forDir(path.dirname(file));
  }

  forDir(dir: string): CompilerSettings {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const own = path.join(dir, 'tsconfig.json');
    let settings: CompilerSettings;
    if (existsSync(own)) {
      settings = this.byFile.get(own) ?? readCompilerSettings(own);
      this.byFile.set(own, settings);
    } else {
      const parent = path.dirname(dir);
      settings = parent === dir ? NO_TSCONFIG : this.forDir(parent);
    }
    this.byDir.set(dir, settings);
    return settings;
  }
}

/** Whether `file` is `dir` or inside it; both absolute and normalised (as path.resolve gives them). */
export function isWithin(file: string, dir: string): boolean {
  if (!file.startsWith(dir)) return false;
  return file.length === dir.length || file[dir.length] === path.sep || dir.endsWith(path.sep);
}
