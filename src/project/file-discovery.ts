/**
 * Which files make up the analysed tree: everything below the analysis root that could run,
 * minus dependencies, build output and what .gitignore ignores.
 */
import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import { WfoError } from '../errors.js';
import { CompilerSettingsIndex } from './tsconfig.js';

/** Extensions wfo lints. Declaration files hold no code that runs, so they are left out below. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Folders that never hold a project's own source, whatever .gitignore says. `.yarn` is Yarn's own
 * (releases/ holds Yarn itself as one 2-3 MB .cjs, committed in Yarn 2+ projects; also plugins,
 * sdks, cache: yarnpkg.com/getting-started/qa#which-files-should-be-gitignored).
 */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', 'bower_components', 'coverage', '.next', '.turbo', '.yarn']);
/** Files a tool generates beside the source: Yarn Plug'n'Play's resolution runtime. */
const GENERATED_FILES = new Set(['.pnp.cjs', '.pnp.loader.mjs', '.pnp.js']);

export function isSourceFile(file: string): boolean {
  if (/\.d\.[cm]?ts$/.test(file) || /\.d\.[^.]+\.ts$/.test(file)) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(file));
}

export interface Discovery {
  /** The folder the analysis starts from: the nearest package.json/tsconfig.json above every path. */
  readonly root: string;
  /** Every source file below the root, absolute, sorted. */
  readonly files: string[];
  /** The files the user asked about (their findings are reported), absolute. */
  readonly targets: ReadonlySet<string>;
  /** Paths given that matched no source file. */
  readonly unmatched: string[];
  /** Every package.json below the root (workspace packages are resolved by their names). */
  readonly manifests: string[];
}

/**
 * What a walk of the tree found, with a stamp of everything that shaped it: the entry names of
 * every folder walked, and the mtime of every .gitignore and tsconfig.json consulted (-1 when
 * absent). While none of those changed, the walk's result stands. Folder mtimes would not do: the
 * cache file itself is replaced in a folder of the tree on every run that changes it.
 */
export interface TreeSnapshot {
  readonly root: string;
  readonly stamps: Record<string, number | string>;
  readonly files: string[];
  readonly manifests: string[];
}

export interface TreeSnapshotStore {
  getTree(root: string): TreeSnapshot | undefined;
  setTree(snapshot: TreeSnapshot): void;
}

/**
 * Finds the analysis root and the files for the given paths. Paths that do not exist are a usage
 * error; the whole root is scanned so that workflow context is computed from the entire project.
 */
export function discoverFiles(paths: string[], cwd: string, outDirs: (projectDir: string) => string[], snapshots?: TreeSnapshotStore): Discovery {
  const absolute = absolutePaths(paths, cwd);
  const root = commonRoot(absolute.map(findProjectRoot));
  const previous = snapshots?.getTree(root);
  const snapshot = previous && isCurrent(previous) ? previous : walk(root, outDirs);
  if (snapshot !== previous) snapshots?.setTree(snapshot);
  const files = [...snapshot.files];
  const manifests = snapshot.manifests;
  const targets = new Set<string>();
  const unmatched: string[] = [];
  for (const p of absolute) {
    const before = targets.size;
    if (statSync(p).isDirectory()) {
      const prefix = p.endsWith(path.sep) ? p : p + path.sep;
      for (const f of files) if (f.startsWith(prefix) || p === root) targets.add(f);
    } else if (isSourceFile(p)) {
      // A file named explicitly is linted even where a directory walk would skip it.
      if (!files.includes(p)) files.push(p);
      targets.add(p);
    }
    if (targets.size === before && !alreadyTargeted(p, targets)) unmatched.push(p);
  }
  files.sort();
  return { root, files, targets, unmatched, manifests };
}

/** The folder the analysis of these paths starts from (see `findProjectRoot`). */
export function analysisRoot(paths: string[], cwd: string): string {
  return commonRoot(absolutePaths(paths, cwd).map(findProjectRoot));
}

function absolutePaths(paths: string[], cwd: string): string[] {
  const absolute = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const p of absolute) {
    if (!existsSync(p)) throw new WfoError(`no such file or directory: ${path.relative(cwd, p) || p}`);
  }
  return absolute;
}

function alreadyTargeted(p: string, targets: Set<string>): boolean {
  return targets.has(p) || [...targets].some((t) => t.startsWith(p + path.sep));
}

/**
 * The folder to analyse for a path: the nearest one at or above it holding a package.json or
 * tsconfig.json, widened to the workspace root when that project is a workspace package (so a
 * worker in a sibling package that names this package's workflows is seen).
 */
export function findProjectRoot(start: string): string {
  const first = statSync(start).isDirectory() ? start : path.dirname(start);
  let project: string | undefined;
  for (let dir = first; ; dir = path.dirname(dir)) {
    const hasManifest = existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'tsconfig.json'));
    if (!project && hasManifest) project = dir;
    if (project && project !== dir && isWorkspaceRoot(dir)) return dir;
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return project ?? first;
  }
}

function isWorkspaceRoot(dir: string): boolean {
  if (existsSync(path.join(dir, 'pnpm-workspace.yaml')) || existsSync(path.join(dir, 'lerna.json'))) return true;
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object);
  } catch {
    return false;
  }
}

function commonRoot(dirs: string[]): string {
  return dirs.reduce((a, b) => {
    const as = a.split(path.sep);
    const bs = b.split(path.sep);
    let i = 0;
    while (i < as.length && i < bs.length && as[i] === bs[i]) i++;
    return as.slice(0, i).join(path.sep) || path.sep;
  });
}

interface PendingDir {
  dir: string;
  /** .gitignore matchers in force, each with the folder its patterns are relative to. */
  ignores: { base: string; matcher: Ignore }[];
}

function isCurrent(snapshot: TreeSnapshot): boolean {
  return Object.entries(snapshot.stamps).every(([file, value]) => (typeof value === 'string' ? folderStamp(file) : stamp(file)) === value);
}

function stamp(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** The folder's entry names (and kinds), less wfo's own cache files. */
function folderStamp(dir: string, entries?: Dirent[]): string {
  try {
    const list = entries ?? readdirSync(dir, { withFileTypes: true });
    return list
      .filter((e) => !e.name.startsWith('.wfo-cache'))
      .map((e) => `${e.isDirectory() ? 'd' : 'f'}${e.name}`)
      .sort()
      .join('/');
  } catch {
    return '';
  }
}

/** An explicit stack rather than recursion: deep trees cannot overflow it. Symlinked folders are not followed. */
function walk(root: string, outDirs: (projectDir: string) => string[]): TreeSnapshot {
  const files: string[] = [];
  const manifests: string[] = [];
  const stamps: Record<string, number | string> = {};
  const stack: PendingDir[] = [{ dir: root, ignores: inheritedIgnores(root, stamps) }];
  while (stack.length) {
    const { dir, ignores } = stack.pop()!;
    for (const file of [path.join(dir, '.gitignore'), path.join(dir, 'tsconfig.json')]) stamps[file] = stamp(file);
    const own = readGitignore(dir);
    const active = own ? [...ignores, { base: dir, matcher: own }] : ignores;
    const skipped = new Set(outDirs(dir));
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be linted
    }
    stamps[dir] = folderStamp(dir, entries);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (isDir && (ALWAYS_SKIPPED.has(entry.name) || skipped.has(full))) continue;
      const isSource = !isDir && (entry.isFile() || entry.isSymbolicLink()) && isSourceFile(entry.name) && !GENERATED_FILES.has(entry.name);
      const isManifest = !isDir && entry.name === 'package.json';
      // Matching .gitignore patterns is the walk's main cost: only for what would be kept.
      if ((!isDir && !isSource && !isManifest) || isIgnored(full, isDir, active)) continue;
      if (isDir) stack.push({ dir: full, ignores: active });
      else if (isSource) files.push(full);
      else manifests.push(full);
    }
  }
  return { root, stamps, files: files.sort(), manifests: manifests.sort() };
}

function isIgnored(full: string, isDir: boolean, ignores: PendingDir['ignores']): boolean {
  for (const { base, matcher } of ignores) {
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (rel.startsWith('..')) continue;
    if (matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function readGitignore(dir: string): Ignore | undefined {
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return loadIgnore()().add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** .gitignore files above the root, up to the repository's top, still apply below it. */
function inheritedIgnores(root: string, stamps: Record<string, number | string>): PendingDir['ignores'] {
  const found: PendingDir['ignores'] = [];
  let dir = path.dirname(root);
  let child = root;
  while (dir !== child && !existsSync(path.join(child, '.git'))) {
    stamps[path.join(dir, '.gitignore')] = stamp(path.join(dir, '.gitignore'));
    const matcher = readGitignore(dir);
    if (matcher) found.unshift({ base: dir, matcher });
    child = dir;
    dir = path.dirname(dir);
  }
  return found;
}

/**
 * The .gitignore, in a folder above `target` up to the repository's top, that ignores `target`
 * itself (a project in an ignored scratch folder): why a walk of it finds nothing.
 */
export function ignoringGitignore(target: string): string | undefined {
  const isDir = statSync(target).isDirectory();
  for (let child = target, dir = path.dirname(target); dir !== child; child = dir, dir = path.dirname(dir)) {
    const matcher = readGitignore(dir);
    if (matcher && isIgnored(target, isDir, [{ base: dir, matcher }])) return path.join(dir, '.gitignore');
    if (existsSync(path.join(dir, '.git'))) return undefined;
  }
  return undefined;
}

/** `ignore` is loaded on the first .gitignore read: a warm cached run reuses the walk and needs none. */
let ignoreFactory: (() => Ignore) | undefined;
function loadIgnore(): () => Ignore {
  ignoreFactory ??= createRequire(import.meta.url)('ignore') as () => Ignore;
  return ignoreFactory;
}

/** The files of the project that `paths` belong to (a cached walk when the snapshot is current). */
export function discoverProject(options: { readonly paths: string[]; readonly cwd: string; readonly snapshots?: TreeSnapshotStore }, settings = new CompilerSettingsIndex()): Discovery {
  return discoverFiles(options.paths, options.cwd, (dir) => outDirOf(settings, dir), options.snapshots);
}

function outDirOf(index: CompilerSettingsIndex, dir: string): string[] {
  const settings = index.forDir(dir);
  if (!settings.outDir || !settings.configFile || path.dirname(settings.configFile) !== dir) return [];
  const sourceRoot = settings.rootDir ?? dir;
  return settings.outDir === dir || settings.outDir === sourceRoot ? [] : [settings.outDir];
}
