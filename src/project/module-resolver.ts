/**
 * Resolves import specifiers to files the way TypeScript and Temporal's bundler would, without
 * needing node_modules: relative paths with extension and index rules (`./x.js` meaning `./x.ts`),
 * tsconfig `paths` and `baseUrl`, workspace packages by name (to their source, not their build
 * output), Node built-ins, and everything else as a package known by its name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { isSourceFile } from './file-discovery.js';
import { type CompilerSettingsIndex, isWithin } from './tsconfig.js';

export type Resolution =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'package'; readonly name: string; readonly subpath: string }
  | { readonly kind: 'missing' };

/** Extensions tried for an extensionless specifier, in TypeScript's order. */
const TRY_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'];

/** A `.js`-family extension in a specifier also means the TypeScript source (TS's node16 rules). */
const EXTENSION_ALIASES: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
};

export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly manifest: PackageManifest;
}

interface PackageManifest {
  name?: string;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  exports?: unknown;
}

export class ModuleResolver {
  private readonly existence = new Map<string, boolean>();
  private readonly cache = new Map<string, Resolution>();

  constructor(
    private readonly knownFiles: ReadonlySet<string>,
    private readonly settings: CompilerSettingsIndex,
    private readonly workspace: ReadonlyMap<string, WorkspacePackage>,
  ) {}

  resolve(specifier: string, fromFile: string): Resolution {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.resolveUncached(specifier, fromFile);
      this.cache.set(key, result);
    }
    return result;
  }

  private resolveUncached(specifier: string, fromFile: string): Resolution {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      const file = this.resolvePath(path.resolve(path.dirname(fromFile), specifier));
      return file ? { kind: 'file', file } : { kind: 'missing' };
    }
    if (specifier.startsWith('node:') || isBuiltin(specifier)) {
      return { kind: 'builtin', name: specifier.replace(/^node:/, '') };
    }
    const settings = this.settings.forFile(fromFile);
    for (const mapping of settings.paths) {
      const star = matchPattern(specifier, mapping);
      if (star === undefined) continue;
      for (const target of mapping.targets) {
        const file = this.resolvePath(target.replace('*', star));
        if (file) return { kind: 'file', file };
      }
    }
    if (settings.baseUrl) {
      const file = this.resolvePath(path.resolve(settings.baseUrl, specifier));
      if (file) return { kind: 'file', file };
    }
    const { name, subpath } = splitPackageSpecifier(specifier);
    const pkg = this.workspace.get(name);
    if (pkg) {
      const file = subpath ? this.resolvePath(path.join(pkg.dir, subpath)) : this.resolvePackageEntry(pkg);
      if (file) return { kind: 'file', file };
    }
    return { kind: 'package', name, subpath };
  }

  /** A path without or with extension → the source file it means, preferring source over build output. */
  resolvePath(base: string): string | undefined {
    const source = this.sourceForBuildOutput(base);
    if (source) {
      const file = this.resolveFileOrDirectory(source);
      if (file) return file;
    }
    return this.resolveFileOrDirectory(base);
  }

  private resolveFileOrDirectory(base: string): string | undefined {
    const ext = path.extname(base);
    const aliases = EXTENSION_ALIASES[ext];
    if (aliases) {
      const stem = base.slice(0, -ext.length);
      for (const alias of aliases) if (this.exists(stem + alias)) return stem + alias;
    }
    if (ext && this.exists(base)) return base;
    for (const tryExt of TRY_EXTENSIONS) if (this.exists(base + tryExt)) return base + tryExt;
    if (this.isDirectory(base)) {
      const manifest = readManifest(path.join(base, 'package.json'));
      for (const entry of manifest ? manifestEntries(manifest) : []) {
        const file = this.resolveFileOrDirectory(path.resolve(base, entry));
        if (file) return file;
      }
      for (const tryExt of TRY_EXTENSIONS) {
        const index = path.join(base, `index${tryExt}`);
        if (this.exists(index)) return index;
      }
    }
    return undefined;
  }

  /** `../pkg/lib/x.js` → `../pkg/src/x` when lib is that project's outDir and src its rootDir. */
  private sourceForBuildOutput(target: string): string | undefined {
    const settings = this.settings.forDir(path.dirname(target));
    const { outDir, configFile } = settings;
    if (!outDir || !configFile || !isWithin(target, outDir) || target === outDir) return undefined;
    const rootDir = settings.rootDir ?? path.dirname(configFile);
    if (rootDir === outDir) return undefined;
    const rel = path.relative(outDir, target);
    return path.join(rootDir, rel).replace(/\.(c|m)?js$/, '');
  }

  private resolvePackageEntry(pkg: WorkspacePackage): string | undefined {
    for (const entry of manifestEntries(pkg.manifest)) {
      const file = this.resolvePath(path.resolve(pkg.dir, entry));
      if (file && isSourceFile(file)) return file;
    }
    for (const fallback of ['src/index', 'index']) {
      const file = this.resolveFileOrDirectory(path.join(pkg.dir, fallback));
      if (file) return file;
    }
    return undefined;
  }

  private exists(file: string): boolean {
    if (this.knownFiles.has(file)) return true;
    let known = this.existence.get(file);
    if (known === undefined) {
      try {
        known = statSync(file).isFile();
      } catch {
        known = false;
      }
      this.existence.set(file, known);
    }
    return known;
  }

  private isDirectory(dir: string): boolean {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  }
}

function matchPattern(specifier: string, mapping: { prefix: string; suffix: string; wildcard: boolean }): string | undefined {
  if (!mapping.wildcard) return specifier === mapping.prefix ? '' : undefined;
  if (specifier.length < mapping.prefix.length + mapping.suffix.length) return undefined;
  if (!specifier.startsWith(mapping.prefix) || !specifier.endsWith(mapping.suffix)) return undefined;
  return specifier.slice(mapping.prefix.length, specifier.length - mapping.suffix.length);
}

/** `@scope/pkg/sub/path` → name `@scope/pkg`, subpath `sub/path`. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}

export function readManifest(file: string): PackageManifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' ? (value as PackageManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The files a package.json names as its entry, most source-like first. */
function manifestEntries(manifest: PackageManifest): string[] {
  const entries: string[] = [];
  const fromExports = (value: unknown): void => {
    if (typeof value === 'string') entries.push(value);
    else if (Array.isArray(value)) value.forEach(fromExports);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('.' in record) fromExports(record['.']);
      for (const condition of ['types', 'import', 'require', 'node', 'default']) fromExports(record[condition]);
    }
  };
  fromExports(manifest.exports);
  for (const field of [manifest.types, manifest.typings, manifest.module, manifest.main]) {
    if (typeof field === 'string') entries.push(field);
  }
  return entries.map((e) => e.replace(/\.d\.ts$/, '.ts'));
}
