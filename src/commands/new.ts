/** `wfo new <pattern> [name]`: plan, check, then write (or show) a pattern's files. */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Chalk } from 'chalk';
import { loadConfig } from '../config/config.js';
import { ExitCode, WfoError } from '../errors.js';
import { type ColorFlag, shouldColor } from '../format/color.js';
import { findProjectRoot } from '../scaffold/layout.js';
import { parseName } from '../scaffold/names.js';
import type { NextSteps } from '../scaffold/next-steps.js';
import type { PlannedFile } from '../scaffold/plan.js';
import { planNew } from '../scaffold/plan-new.js';
import { appendedWords, findPattern, listPatterns } from '../scaffold/templates.js';
import { writePlan } from '../scaffold/write-plan.js';
import { unifiedDiff } from '../scaffold/diff.js';

export interface NewCommandOptions {
  list?: boolean;
  dryRun?: boolean;
  diff?: boolean;
  force?: boolean;
  json?: boolean;
  color: ColorFlag;
}

export async function runNew(patternName: string | undefined, nameInput: string | undefined, options: NewCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const userTemplates = userTemplatesDir(cwd);
  if (options.list || !patternName) {
    const patterns = listPatterns(userTemplates);
    if (!options.list && !patternName) process.stderr.write('wfo: name a pattern: wfo new <pattern> <name>\n\n');
    const width = Math.max(...patterns.map((p) => p.name.length));
    process.stdout.write(options.json ? `${JSON.stringify(patterns.map(({ name, description }) => ({ name, description })), null, 2)}\n` : `${patterns.map((p) => `${p.name.padEnd(width)}  ${p.description}`).join('\n')}\n`);
    return options.list ? ExitCode.Ok : ExitCode.Usage;
  }
  const pattern = findPattern(patternName, userTemplates);
  const given = nameInput ?? (await ask(`Name of the new ${pattern.name} (e.g. order-checkout): `));
  const name = parseName(given, { pattern: pattern.name, appended: appendedWords(pattern) });
  // --diff shows what would change, as black's, ruff's and isort's --diff do: it never writes.
  const dryRun = options.dryRun || options.diff;
  const { layout, files: plan, next } = planNew(pattern, name, findProjectRoot(cwd));
  const conflicts = plan.filter((f) => f.action === 'conflict');
  const blocked = conflicts.length > 0 && !options.force;
  if (!dryRun && !blocked) writePlan(layout.root, plan);
  const asGiven = parseName(given).words;
  const renamed = asGiven === name.words ? undefined : `Named ${name.kebab}: the ${pattern.name} pattern adds "${asGiven.slice(name.words.length + 1)}" to the names it makes.`;
  report(plan, { ...options, dryRun, root: layout.root, cwd, blocked, written: !dryRun && !blocked, next, renamed });
  if (blocked) {
    process.stderr.write(`wfo: ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} already exist${conflicts.length === 1 ? 's' : ''} with different contents; nothing was written (--force replaces ${conflicts.length === 1 ? 'it' : 'them'})\n`);
    return ExitCode.Problems;
  }
  return ExitCode.Ok;
}

function report(plan: PlannedFile[], how: NewCommandOptions & { root: string; cwd: string; blocked: boolean; written: boolean; next: NextSteps; renamed?: string }): void {
  const shown = (file: PlannedFile): string => path.relative(how.cwd, path.join(how.root, file.path)).split(path.sep).join('/');
  if (how.json) {
    const files = plan.map((f) => ({ path: shown(f), action: f.action, ...(f.note ? { note: f.note } : {}), ...(how.diff ? { content: f.content } : {}) }));
    process.stdout.write(`${JSON.stringify({ written: how.written, files, ...(how.written ? { next: how.next } : {}) }, null, 2)}\n`);
    return;
  }
  const c = new Chalk({ level: shouldColor(how.color, process.stdout) ? 1 : 0 });
  const label: Record<string, string> = { create: c.green('CREATE'), update: c.yellow('UPDATE'), unchanged: c.dim('UNCHANGED'), conflict: how.blocked ? c.red('CONFLICT') : c.yellow('OVERWRITE') };
  const lines = [...(how.renamed ? [how.renamed, ''] : []), ...plan.flatMap((f) => [`${label[f.action]} ${shown(f)}`, ...(f.note ? [`  ${c.yellow('note:')} ${f.note}`] : [])])];
  if (how.diff) for (const f of plan) if (f.action !== 'unchanged') lines.push('', unifiedDiff(shown(f), f.existing ?? '', f.content));
  if (how.dryRun) lines.push('', 'Dry run: nothing was written.');
  else if (how.written && plan.some((f) => f.action !== 'unchanged')) lines.push(...nextStepLines(how.next));
  process.stdout.write(`${lines.join('\n')}\n`);
}

function nextStepLines(next: NextSteps): string[] {
  const lines = ['', 'Next steps:'];
  if (next.start) lines.push('  Start it (with the worker running):', `    ${next.start}`);
  if (next.env.length) {
    const variables = next.env.map((v) => (v.default === undefined ? v.name : `${v.name} (default ${v.default})`));
    lines.push(`  Its activities read ${variables.join(', ')}: set ${next.env.length === 1 ? 'it' : 'them'} in the worker's environment.`);
  }
  return lines.length > 2 ? lines : [];
}

function userTemplatesDir(cwd: string): string | undefined {
  try {
    return loadConfig(findProjectRoot(cwd)).templates;
  } catch (error) {
    if (error instanceof WfoError && /no package\.json/.test(error.message)) return undefined;
    throw error;
  }
}

/** Asks on a terminal; elsewhere (CI, scripts, agents) a missing argument is a usage error. */
async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new WfoError('missing <name>: wfo new <pattern> <name>', ExitCode.Usage);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}
