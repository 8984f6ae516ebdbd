/**
 * wfo's project model for a file ESLint is linting. ESLint hands rules one file at a time, often
 * with text that is not on disk yet (an editor's buffer), but whether a file is workflow code
 * depends on the whole project. So the plugin keeps one model per project root, built from disk,
 * and uses it for every file whose text is what the model read; a file with unsaved text, or one
 * the model does not hold (ignored by .gitignore, not saved yet), gets a model of its own built
 * with that text in place of the file, in which it is placed the way `wfo lint` places a file:
 * reached from a workflow, matching the config's globs, or importing @temporalio/workflow.
 *
 * A model is rebuilt when the file being linted changed on disk since the model read it, and at
 * most every MODEL_TTL_MS otherwise (so edits to other files are seen); summaries of files whose
 * size and mtime did not change are reused, so a rebuild reparses only what changed.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ResolvedConfig, resolveLocated } from '../config/config.js';
import { locateConfig } from '../config/locate.js';
import { readText } from '../lint/fixes.js';
import type { Severity } from '../lint/rule.js';
import { analysisRoot, discoverProject, type TreeSnapshot, type TreeSnapshotStore } from '../project/file-discovery.js';
import { type FileStamp, statOf } from '../project/file-stat.js';
import type { ModuleSummary } from '../project/module-summary.js';
import { buildProjectModel, type ProjectModel, type SummaryStore } from '../project/project-model.js';

const MODEL_TTL_MS = 2000;

export interface FileModel {
  readonly model: ProjectModel;
  readonly config: ResolvedConfig;
  /**
   * The levels the project's wfo config sets rule by rule (its "rules" entries), which the editor
   * follows as `wfo lint` does; a rule it does not name takes its level from the ESLint config.
   */
  readonly configuredLevels: ReadonlyMap<string, Severity | 'off'>;
}

/** Summaries of files as they are on disk, kept while their size and mtime stay the same. */
class MemorySummaries implements SummaryStore {
  private readonly entries = new Map<string, { stamp: FileStamp; summary: ModuleSummary }>();
  get(file: string): ModuleSummary | undefined {
    const entry = this.entries.get(file);
    const stamp = statOf(file);
    return entry && stamp && sameStamp(stamp, entry.stamp) ? entry.summary : undefined;
  }
  set(file: string, summary: ModuleSummary): void {
    const stamp = statOf(file);
    if (stamp) this.entries.set(file, { stamp, summary });
  }
  /** The stamp of the file as the summary in use was read, if one is stored. */
  stampOf(file: string): FileStamp | undefined {
    return this.entries.get(file)?.stamp;
  }
}

/** The last walk of each root, reused while no folder, .gitignore or tsconfig.json in it changed. */
class MemorySnapshots implements TreeSnapshotStore {
  private readonly trees = new Map<string, TreeSnapshot>();
  getTree(root: string): TreeSnapshot | undefined {
    return this.trees.get(root);
  }
  setTree(snapshot: TreeSnapshot): void {
    this.trees.set(snapshot.root, snapshot);
  }
}

interface Built extends FileModel {
  readonly builtAt: number;
  /** Each file's stamp when the model read it from disk. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
}

const summaries = new MemorySummaries();
const snapshots = new MemorySnapshots();
const diskModels = new Map<string, Built>();
const bufferModels = new Map<string, Built>();

/** The model to lint `file` with, when its contents are `text`. */
export function modelFor(file: string, text: string, cwd: string): FileModel {
  const root = analysisRoot([nearestExisting(path.dirname(file))], cwd);
  const disk = diskModel(root, file, cwd);
  if (disk.model.modules.has(file) && disk.stamps.has(file) && readText(file) === text) return disk;
  return bufferModel(root, file, text, cwd);
}

function diskModel(root: string, file: string, cwd: string): Built {
  const cached = diskModels.get(root);
  const seen = cached?.stamps.get(file);
  const now = statOf(file);
  const changed = seen !== undefined && (!now || !sameStamp(seen, now));
  if (cached && !changed && Date.now() - cached.builtAt < MODEL_TTL_MS) return cached;
  const built = build(root, cwd);
  diskModels.set(root, built);
  return built;
}

/** A model with `text` as the contents of `file`, whether or not the walk of the root finds it. */
function bufferModel(root: string, file: string, text: string, cwd: string): Built {
  const key = `${root}\0${file}\0${text}`;
  const cached = bufferModels.get(key);
  if (cached && Date.now() - cached.builtAt < MODEL_TTL_MS) return cached;
  for (const [other, entry] of bufferModels) if (Date.now() - entry.builtAt >= MODEL_TTL_MS) bufferModels.delete(other);
  const built = build(root, cwd, file, text);
  bufferModels.set(key, built);
  return built;
}

function build(root: string, cwd: string, file?: string, text?: string): Built {
  const located = locateConfig(root);
  const config = resolveLocated(located);
  const discovery = discoverProject({ paths: [root], cwd, snapshots });
  const files = file && !discovery.files.includes(file) ? [...discovery.files, file].sort() : discovery.files;
  const model = buildProjectModel({
    paths: [root],
    cwd,
    discovery: { ...discovery, files },
    summaries,
    sourceOverrides: file ? new Map([[file, text!]]) : undefined,
    isConfiguredWorkflow: config.isWorkflow,
    isConfiguredActivity: config.isActivity,
  });
  const stamps = new Map<string, FileStamp>();
  for (const path of model.modules.keys()) {
    const stamp = path === file ? undefined : summaries.stampOf(path);
    if (stamp) stamps.set(path, stamp);
  }
  return { model, config, configuredLevels: configuredLevels(located.raw, config), builtAt: Date.now(), stamps };
}

/** The rules the config names itself, at the level it resolved for them (the config is checked by now). */
function configuredLevels(raw: unknown, config: ResolvedConfig): Map<string, Severity | 'off'> {
  const named = (raw as { rules?: Record<string, unknown> }).rules ?? {};
  const levels = new Map<string, Severity | 'off'>();
  for (const key of Object.keys(named)) {
    const id = key.replace(/^wfo\//, '');
    const setting = config.rules.get(id);
    if (setting) levels.set(id, setting.severity);
  }
  return levels;
}

/** The folder itself, or the closest one above it that exists (a buffer not saved yet may name a new folder). */
function nearestExisting(dir: string): string {
  while (!isDirectory(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}
