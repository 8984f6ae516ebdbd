/**
 * `wfo new` as data: every file the pattern writes, and every barrel it edits, rendered in memory
 * and compared with what is on disk, before anything is written. Dry-run, diff, conflicts and
 * all-or-nothing all follow from having the whole plan first.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { addReExport } from './barrel.js';
import type { Layout } from './layout.js';
import { toMochaSuite } from './mocha-tests.js';
import type { Name } from './names.js';
import { type Pattern, render, templateFiles } from './templates.js';
import { type MochaRunner, placeTest } from './test-runner.js';

export type Action = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlannedFile {
  /** Project-relative, POSIX. */
  readonly path: string;
  readonly content: string;
  readonly action: Action;
  /** What is on disk now, when the file exists. */
  readonly existing?: string;
  /** A barrel: the planned module (project-relative) it re-exports. */
  readonly reExports?: string;
  /** Something the user should know about this file, shown beside it. */
  readonly note?: string;
}

export const TEMPORAL_VERSION = '1.24.0';
/**
 * The protobufjs that @temporalio/proto, common and worker ask for. A project made by `wfo init` lists
 * it itself so that npm hoists one copy: otherwise gRPC's protobufjs 7 is hoisted, the SDK's
 * packages each get their own 8, and loading a JSON history (`historyFromJSON`, `wfo replay`)
 * fails with "type must be a Type".
 */
export const PROTOBUFJS_RANGE = '^8.7.1';

export function templateData(name: Name, layout: Pick<Layout, 'workflowsDir' | 'activitiesDir' | 'testDir' | 'importExt' | 'taskQueue'>): Record<string, unknown> {
  return {
    name,
    workflowsDir: layout.workflowsDir,
    activitiesDir: layout.activitiesDir,
    testDir: layout.testDir,
    importExt: layout.importExt,
    taskQueue: layout.taskQueue ?? name.kebab,
    temporalVersion: TEMPORAL_VERSION,
    protobufjsRange: PROTOBUFJS_RANGE,
  };
}

/** Renders every file of a template folder into project-relative paths and contents. */
export function renderFiles(templateDir: string, data: Record<string, unknown>, importExt: string): { path: string; content: string }[] {
  return templateFiles(templateDir).map((relative) => {
    const source = path.join(templateDir, 'files', relative);
    const target = safeRelative(render(relative.replace(/\.hbs$/, ''), data, { source, importExt }), source);
    return { path: target, content: render(readFileSync(source, 'utf8'), data, { source, outputFile: target, importExt }) };
  });
}

export function planPattern(pattern: Pattern, name: Name, layout: Layout): PlannedFile[] {
  const data = templateData(name, layout);
  const runner = layout.testRunner;
  const rendered = renderFiles(pattern.dir, data, layout.importExt).map((f): { path: string; content: string; note?: string } => (runner.kind === 'mocha' ? forMocha(f, runner) : f));
  const files = rendered.map((f) => ({ ...classify(layout.root, f.path, f.content, false), ...(f.note ? { note: f.note } : {}) }));
  for (const kind of ['workflows', 'activities'] as const) {
    const target = pattern.barrels[kind];
    if (!target) continue;
    const barrel = kind === 'workflows' ? layout.workflowsBarrel : layout.activitiesBarrel;
    const exported = safeRelative(render(target, data, { source: `${pattern.dir}/pattern.json`, importExt: layout.importExt }), `${pattern.dir}/pattern.json`).replace(/\.tsx?$/, '');
    let specifier = path.posix.relative(path.posix.dirname(barrel), exported);
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    const current = readIfExists(path.join(layout.root, barrel)) ?? '';
    const module = rendered.find((f) => f.path.replace(/\.tsx?$/, '') === exported)?.path ?? `${exported}.ts`;
    files.push({ ...classify(layout.root, barrel, addReExport(current, `${specifier}${layout.importExt}`, barrel), true), reExports: module });
  }
  return files;
}

/**
 * A generated node:test file as a mocha suite (mocha-tests.ts), named so that mocha's spec takes
 * it; when no spec does, the file says so.
 */
function forMocha(file: { path: string; content: string }, runner: MochaRunner): { path: string; content: string; note?: string } {
  if (!/\bfrom\s+['"](node:)?test['"]/.test(file.content)) return file;
  const folder = path.posix.dirname(file.path);
  const fileName = path.posix.basename(file.path);
  const title = fileName.replace(/\.(test|spec)\.tsx?$/, '').replace(/\./g, ' ');
  const content = toMochaSuite(file.content, file.path, title);
  const placed = placeTest(runner, folder, fileName);
  if (placed) return { path: placed, content };
  return { path: file.path, content, note: `mocha's spec (${runner.specs.join(' ')}, from ${runner.from}) does not take this file: add it, or move the file where it looks` };
}

/** Create, update (barrels, which are edited), unchanged (identical), or conflict (a generated file that differs). */
export function classify(root: string, relative: string, content: string, editable: boolean): PlannedFile {
  const existing = readIfExists(path.join(root, relative));
  if (existing === undefined) return { path: relative, content, action: 'create' };
  if (existing === content) return { path: relative, content, action: 'unchanged', existing };
  return { path: relative, content, action: editable ? 'update' : 'conflict', existing };
}

/** A rendered path must stay inside the target folder: no absolute paths, no `..`. */
function safeRelative(rendered: string, source: string): string {
  const normalized = path.posix.normalize(rendered.split(path.sep).join('/'));
  if (!rendered || path.isAbsolute(rendered) || /^[A-Za-z]:/.test(rendered) || normalized.startsWith('..') || normalized.split('/').includes('..')) {
    throw new WfoError(`template ${source} would write outside the project (${JSON.stringify(rendered)})`, ExitCode.Usage);
  }
  return normalized;
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
