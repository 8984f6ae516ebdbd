/** `wfo replay`: recorded histories against the current workflow code. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Chalk } from 'chalk';
import { ExitCode, WfoError } from '../errors.js';
import { progressLine } from '../format/progress.js';
import { buildProjectModel } from '../project/project-model.js';
import { findHistoryFiles, readHistoryFile } from '../replay/history-files.js';
import { type ReplayOutcome, replayHistories } from '../replay/replay.js';

export interface ReplayCommandOptions {
  workflows?: string;
  format: 'stylish' | 'json' | 'github';
  color: boolean;
}

export async function runReplay(paths: string[], options: ReplayCommandOptions): Promise<number> {
  const cwd = process.cwd();
  if (!paths.length) throw new WfoError('name the history files or folders to replay, e.g. `wfo replay histories/`', ExitCode.Usage);
  const histories = findHistoryFiles(paths, cwd).map((file) => readHistoryFile(file, cwd));
  const workflowsPath = options.workflows ? path.resolve(cwd, options.workflows) : discoverWorkflowsPath(cwd);
  if (!existsSync(workflowsPath)) throw new WfoError(`--workflows: no such file: ${options.workflows}`, ExitCode.Usage);
  const progress = histories.length > 3 ? progressLine() : undefined;
  let outcomes: ReplayOutcome[];
  try {
    outcomes = await replayHistories({ histories, workflowsPath, projectDir: projectDirOf(workflowsPath), onResult: (_, done, total) => progress?.update('replayed', done, total) });
  } finally {
    progress?.clear();
  }
  process.stdout.write(format(outcomes, options, cwd));
  return outcomes.every((o) => o.ok) ? ExitCode.Ok : ExitCode.Problems;
}

const TEST_FILE = /(\.(test|spec)\.[cm]?[jt]sx?$)|(^|\/)(test|tests|__tests__|mocha)\//;

/** The workflowsPath wfo lint finds in the project (Worker.create / bundleWorkflowCode). */
function discoverWorkflowsPath(cwd: string): string {
  const model = buildProjectModel({ paths: [cwd], cwd });
  const all = [...model.workflow].filter(([, m]) => m.chain.length === 1 && m.reason.startsWith('workflowsPath'));
  // Tests create workers of their own (often on one workflow file): the application's worker decides.
  const fromApp = all.filter(([, m]) => !TEST_FILE.test(m.reason));
  const roots = (fromApp.length ? fromApp : all).map(([file]) => file);
  if (roots.length === 1) return roots[0]!;
  if (!roots.length) throw new WfoError('cannot find the workflows module (no Worker.create or bundleWorkflowCode with workflowsPath in this project); pass --workflows <file>', ExitCode.Usage);
  throw new WfoError(`this project has several workflowsPath modules (${roots.map((r) => path.relative(cwd, r)).join(', ')}); pass --workflows <file>`, ExitCode.Usage);
}

function projectDirOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

function format(outcomes: ReplayOutcome[], options: ReplayCommandOptions, cwd: string): string {
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  if (options.format === 'json') {
    return `${JSON.stringify(outcomes.map((o) => ({ ...o, file: relative(o.file) })), null, 2)}\n`;
  }
  if (options.format === 'github') {
    return outcomes
      .filter((o) => !o.ok)
      .map((o) => `::error file=${relative(o.file)},title=wfo replay: ${o.workflowType ?? 'workflow'} is nondeterministic::${escape(`${o.message ?? ''}${o.hint ? `\n${o.hint}` : ''}`)}\n`)
      .join('');
  }
  const c = new Chalk({ level: options.color && process.stdout.isTTY && !process.env.NO_COLOR ? 1 : 0 });
  const lines = outcomes.map((o) => {
    const what = `${relative(o.file)}  ${o.workflowType ?? ''} (${o.workflowId})`;
    if (o.ok) return `${c.green('✔')} ${what}`;
    const where = o.eventId !== undefined ? ` at event ${o.eventId}` : '';
    return [`${c.red('✖')} ${what}: nondeterministic${where}`, `    ${o.message}`, ...(o.hint ? [`    ${c.dim(o.hint)}`] : [])].join('\n');
  });
  const failed = outcomes.filter((o) => !o.ok).length;
  const summary = `${outcomes.length} ${outcomes.length === 1 ? 'history' : 'histories'} replayed: ${outcomes.length - failed} ok, ${failed} failed`;
  return `${lines.join('\n')}\n\n${failed ? c.red(summary) : c.green(summary)}\n`;
}

function escape(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
