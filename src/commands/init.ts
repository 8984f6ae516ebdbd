/** `wfo init [dir]`: a complete Temporal TypeScript project, ready for `wfo new`. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { parseName } from '../scaffold/names.js';
import { classify, renderFiles, templateData } from '../scaffold/plan.js';
import { BUILTIN_TEMPLATES } from '../scaffold/templates.js';
import { wfoDependency } from '../scaffold/wfo-dependency.js';
import { writePlan } from '../scaffold/write-plan.js';

export interface InitCommandOptions {
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function runInit(dir: string | undefined, options: InitCommandOptions): number {
  const cwd = process.cwd();
  const root = path.resolve(cwd, dir ?? '.');
  const name = parseName(path.basename(root));
  if (existsSync(root) && readdirSync(root).length && !options.force) {
    throw new WfoError(`${path.relative(cwd, root) || '.'} is not empty; choose a new folder, or pass --force to add the project files to it`, ExitCode.Usage);
  }
  const wfo = wfoDependency();
  const data = { ...templateData(name, { workflowsDir: 'src/workflows', activitiesDir: 'src/activities', testDir: 'src/test', importExt: '', taskQueue: name.kebab }), projectName: name.kebab, wfoSpec: JSON.stringify(wfo.spec) };
  const plan = renderFiles(path.join(BUILTIN_TEMPLATES, '_init'), data, '').map((f) => classify(root, f.path, f.content, true));
  if (!options.dryRun) writePlan(root, plan);
  const shown = path.relative(cwd, root) || '.';
  if (options.json) process.stdout.write(`${JSON.stringify({ written: !options.dryRun, root: shown, files: plan.map((f) => ({ path: f.path, action: f.action })), wfo }, null, 2)}\n`);
  else {
    const lines = plan.map((f) => `${f.action.toUpperCase()} ${path.posix.join(shown, f.path)}`);
    if (wfo.from === 'checkout') lines.push('', `wfo: "${wfo.spec}" in devDependencies, since this wfo runs from a checkout, not from the npm registry`);
    lines.push('', options.dryRun ? 'Dry run: nothing was written.' : `Next: cd ${shown} && npm install && npx wfo new saga order-checkout`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return ExitCode.Ok;
}
