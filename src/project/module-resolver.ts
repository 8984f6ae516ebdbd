/**
 * Resolves import specifiers to files the way TypeScript and Temporal's bundler would, without
 * needing node_modules: relative paths with extension and index rules (`./x.js` meaning `./x.ts`),
 * tsconfig `paths` and `baseUrl`, workspace packages by name (to their source, not their build
 * output), Node built-ins, and everything else as a package known by its name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { PATH_REWRITING_CONFIG_FILES, PATH_REWRITING_TOOLS } from '../domain/workflow-bundler.js';
import { isSourceFile } from './file-discovery.js';
import { type CompilerSettingsIndex, isWithin } from './tsconfig.js';

export type Resolution =
  | {
      readonly kind: 'file';
      readonly file: string;
      /**
       * Found only through tsconfig `paths` or `baseUrl`: no workspace package or node_modules
       * folder of that name exists, and no build tool rewrites the alias in the emitted
       * JavaScript, so a resolver that does not read tsconfig (webpack, which bundles workflows)
       * cannot find it.
       */
      readonly through?: 'paths' | 'baseUrl';
    }
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
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  exports?: unknown;
}

export class ModuleResolver {
  private readonly existence = new Map<string, boolean>();
  private readonly cache = new Map<string, Resolution>();
  private readonly packageFolders = new Map<string, boolean>();
  private readonly aliasRewriting = new Map<string, boolean>();

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
    const viaAlias = (file: string, via: 'paths' | 'baseUrl'): Resolution => new AliasResolution(file, via, () => this.foundWithoutAlias(specifier, fromFile, settings.configFile));
    for (const mapping of settings.paths) {
      const star = matchPattern(specifier, mapping);
      if (star === undefined) continue;
      for (const target of mapping.targets) {
        const file = this.resolvePath(target.replace('*', star));
        if (file) return viaAlias(file, 'paths');
      }
    }
    if (settings.baseUrl) {
      const file = this.resolvePath(path.resolve(settings.baseUrl, specifier));
      if (file) return viaAlias(file, 'baseUrl');
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

  /** Whether webpack finds `specifier` without tsconfig's aliases: a workspace package, a node_modules folder, or a tool that rewrites the aliases. */
  private foundWithoutAlias(specifier: string, fromFile: string, configFile: string | undefined): boolean {
    const { name } = splitPackageSpecifier(specifier);
    return this.workspace.has(name) || this.inNodeModules(name, fromFile) || this.rewritesAliases(path.dirname(configFile ?? fromFile));
  }

  /** Whether a `node_modules/<name>` folder is in `fromFile`'s folder or above it, as Node and webpack look. */
  private inNodeModules(name: string, fromFile: string): boolean {
    for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
      const modules = path.join(dir, 'node_modules');
      let present = this.packageFolders.get(modules);
      if (present === undefined) this.packageFolders.set(modules, (present = this.isDirectory(modules)));
      if (!present) {
        if (path.dirname(dir) === dir) return false;
        continue;
      }
      const folder = path.join(modules, name);
      let found = this.packageFolders.get(folder);
      if (found === undefined) this.packageFolders.set(folder, (found = path.basename(dir) !== 'node_modules' && this.isDirectory(folder)));
      if (found) return true;
      if (path.dirname(dir) === dir) return false;
    }
  }

  /** Whether a build tool that rewrites tsconfig aliases (PATH_REWRITING_TOOLS) is set up in `dir` or above it, up to the repository's root. */
  private rewritesAliases(dir: string): boolean {
    let known = this.aliasRewriting.get(dir);
    if (known === undefined) {
      const manifest = readManifest(path.join(dir, 'package.json'));
      // Dependency names, and the words of the scripts (`tsc && tsc-alias`).
      const named = new Set(manifest ? [...Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }), ...Object.values(manifest.scripts ?? {}).flatMap((s) => s.split(/[\s;&|]+/))] : []);
      known =
        PATH_REWRITING_CONFIG_FILES.some((f) => this.exists(path.join(dir, f))) ||
        PATH_REWRITING_TOOLS.some((tool) => named.has(tool)) ||
        (path.dirname(dir) !== dir && !existsSync(path.join(dir, '.git')) && this.rewritesAliases(path.dirname(dir)));
      this.aliasRewriting.set(dir, known);
    }
    return known;
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

/**
 * A file found through tsconfig `paths` or `baseUrl`. Whether webpack could find it another way
 * takes a walk up the folders with a stat at each: worked out when first asked (only the rule that
 * needs it asks), once. A class, not an object literal with a getter: each such literal would get
 * an object shape of its own.
 */
class AliasResolution {
  readonly kind = 'file';
  private answer: { readonly value: 'paths' | 'baseUrl' | undefined } | undefined;

  constructor(
    readonly file: string,
    private readonly via: 'paths' | 'baseUrl',
    private readonly foundWithoutAlias: () => boolean,
  ) {}

  get through(): 'paths' | 'baseUrl' | undefined {
    this.answer ??= { value: this.foundWithoutAlias() ? undefined : this.via };
    return this.answer.value;
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
