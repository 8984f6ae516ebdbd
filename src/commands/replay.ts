/** `wfo replay`: recorded histories against the current workflow code. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { type ColorFlag, shouldColor } from '../format/color.js';
import { progressLine } from '../format/progress.js';
import { formatReplayReport, replayPassed, type ReplayFormat } from '../format/replay-report.js';
import { buildProjectModel } from '../project/project-model.js';
import { findHistoryFiles, readHistoryFile } from '../replay/history-files.js';
import { type ReplayOutcome, replayHistories } from '../replay/replay.js';

export interface ReplayCommandOptions {
  workflows?: string;
  format: ReplayFormat;
  color: ColorFlag;
}

export async function runReplay(paths: string[], options: ReplayCommandOptions): Promise<number> {
  const cwd = process.cwd();
  if (!paths.length) throw new WfoError('name the history files or folders to replay, e.g. `wfo replay histories/`', ExitCode.Usage);
  const histories = findHistoryFiles(paths, cwd).map((file) => readHistoryFile(file, cwd));
  const workflowsPath = options.workflows ? path.resolve(cwd, options.workflows) : discoverWorkflowsPath(cwd);
  if (!existsSync(workflowsPath)) throw new WfoError(`--workflows: no such file: ${options.workflows}`, ExitCode.Usage);
  const progress = histories.length > FEW ? progressLine() : undefined;
  let outcomes: ReplayOutcome[];
  try {
    outcomes = await replayHistories({ histories, workflowsPath, projectDir: projectDirOf(workflowsPath), cwd, onResult: (_, done, total) => progress?.update('replayed', done, total) });
  } finally {
    progress?.clear();
  }
  const color = shouldColor(options.color, process.stdout);
  process.stdout.write(formatReplayReport(outcomes, { format: options.format, color, cwd }));
  return outcomes.every(replayPassed) ? ExitCode.Ok : ExitCode.Problems;
}

/** More histories than this show a progress line on a terminal: bundling alone takes seconds. */
const FEW = 3;

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
