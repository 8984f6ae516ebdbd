/**
 * The corpus on disk: each base is a folder with the old version (workflow.ts), its activity stubs
 * (activities.ts), how to run it (base.json) and the histories recorded on it (histories/); each
 * edit is a folder under the base's edits/ with the new version (workflow.ts) and edit.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const LABELS = ['breaking', 'safe'];

export function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('hex');
}

/** Every base and edit under `dir`, checked: a malformed entry throws, naming its file. */
export function loadCorpus(dir) {
  const bases = [];
  const edits = [];
  for (const name of readdirSync(dir).sort()) {
    const baseDir = path.join(dir, name);
    if (!existsSync(path.join(baseDir, 'base.json'))) continue;
    const base = loadBase(baseDir, name);
    bases.push(base);
    const editsDir = path.join(baseDir, 'edits');
    if (!existsSync(editsDir)) continue;
    for (const slug of readdirSync(editsDir).sort()) edits.push(loadEdit(path.join(editsDir, slug), base, slug));
  }
  const ids = new Set();
  for (const edit of edits) {
    if (ids.has(edit.id)) throw new Error(`two edits are called ${edit.id}`);
    ids.add(edit.id);
  }
  return { bases, edits };
}

function loadBase(dir, name) {
  const spec = readJson(path.join(dir, 'base.json'));
  if (!Array.isArray(spec.executions) || spec.executions.length === 0) throw new Error(`${name}/base.json: "executions" must list at least one execution`);
  for (const execution of spec.executions) {
    if (typeof execution.workflowId !== 'string' || typeof execution.workflowType !== 'string') {
      throw new Error(`${name}/base.json: each execution needs a workflowId and a workflowType`);
    }
  }
  const workflow = readFileSync(path.join(dir, 'workflow.ts'), 'utf8');
  const activities = readFileSync(path.join(dir, 'activities.ts'), 'utf8');
  const specText = readFileSync(path.join(dir, 'base.json'), 'utf8');
  return { name, dir, spec, workflow, activities, hash: sha256(workflow, activities, specText) };
}

function loadEdit(dir, base, slug) {
  const where = `${base.name}/edits/${slug}`;
  const meta = readJson(path.join(dir, 'edit.json'));
  const id = `${base.name}/${slug}`;
  if (meta.id !== id) throw new Error(`${where}/edit.json: "id" must be "${id}"`);
  if (meta.base !== base.name) throw new Error(`${where}/edit.json: "base" must be "${base.name}"`);
  if (!LABELS.includes(meta.intended)) throw new Error(`${where}/edit.json: "intended" must be one of ${LABELS.join(', ')}`);
  if (typeof meta.kind !== 'string' || typeof meta.description !== 'string') throw new Error(`${where}/edit.json: needs "kind" and "description"`);
  const workflow = readFileSync(path.join(dir, 'workflow.ts'), 'utf8');
  if (workflow === base.workflow) throw new Error(`${where}/workflow.ts is the same as ${base.name}/workflow.ts`);
  return { id, slug, base, dir, kind: meta.kind, intended: meta.intended, description: meta.description, note: meta.note, workflow };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error.message}`);
  }
}
