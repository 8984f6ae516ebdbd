/** `wfo replay`: recorded histories (files, or fetched from a server) against the current workflow code. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { type ColorFlag, shouldColor } from '../format/color.js';
import { progressLine } from '../format/progress.js';
import { formatReplayReport, replayPassed, type ReplayFormat } from '../format/replay-report.js';
import { buildProjectModel } from '../project/project-model.js';
import { findHistoryFiles, readHistoryFile } from '../replay/history-files.js';
import { type HistorySource, type ReplayOutcome, replayHistories } from '../replay/replay.js';
import { connectionFlagGiven, resolveServerTarget, type ServerFlags } from '../replay/server-connection.js';
import { fetchServerHistories } from '../replay/server-histories.js';

export interface ReplayCommandOptions extends ServerFlags {
  workflows?: string;
  format: ReplayFormat;
  color: ColorFlag;
  query?: string;
  limit?: number;
  save?: string;
}

export async function runReplay(paths: string[], options: ReplayCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const fromServer = checkSources(paths, options);
  const workflowsPath = options.workflows ? path.resolve(cwd, options.workflows) : discoverWorkflowsPath(cwd);
  if (!existsSync(workflowsPath)) throw new WfoError(`--workflows: no such file: ${options.workflows}`, ExitCode.Usage);
  const projectDir = projectDirOf(workflowsPath);
  const histories: HistorySource[] = fromServer
    ? await fetchServerHistories({ projectDir, cwd, target: resolveServerTarget(options, process.env, cwd), request: { query: options.query!, ...(options.limit ? { limit: options.limit } : {}), ...(options.save !== undefined ? { saveDir: options.save } : {}) } })
    : findHistoryFiles(paths, cwd).map((file) => readHistoryFile(file, cwd));
  const progress = histories.length > FEW ? progressLine() : undefined;
  let outcomes: ReplayOutcome[];
  try {
    outcomes = await replayHistories({ histories, workflowsPath, projectDir, cwd, onResult: (_, done, total) => progress?.update('replayed', done, total) });
  } finally {
    progress?.clear();
  }
  const color = shouldColor(options.color, process.stdout);
  process.stdout.write(formatReplayReport(outcomes, { format: options.format, color, cwd }));
  return outcomes.every(replayPassed) ? ExitCode.Ok : ExitCode.Problems;
}

/** Files, or a server query: one or the other. Returns whether histories come from a server. */
function checkSources(paths: string[], options: ReplayCommandOptions): boolean {
  if (options.query !== undefined) {
    if (paths.length) throw new WfoError('replay either history files (paths) or the executions --query selects on a server, not both', ExitCode.Usage);
    return true;
  }
  const serverOnly = connectionFlagGiven(options) ?? (options.limit !== undefined ? '--limit' : options.save !== undefined ? '--save' : undefined);
  if (serverOnly) throw new WfoError(`${serverOnly} is for replaying from a server: add --query "<visibility query>", e.g. --query "WorkflowType='order'"`, ExitCode.Usage);
  if (!paths.length) throw new WfoError('name the history files or folders to replay, e.g. `wfo replay histories/`, or fetch them from a server with --query', ExitCode.Usage);
  return false;
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
