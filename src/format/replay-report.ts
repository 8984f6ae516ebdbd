/**
 * `wfo replay`'s report, in the same three forms as `wfo lint`'s: stylish for people, JSON for
 * scripts, GitHub workflow commands for annotations on the history files in a pull request.
 * Histories fetched from a server without --save have no file: they are named by workflow and run id.
 */
import path from 'node:path';
import { Chalk } from 'chalk';
import type { LimitFinding } from '../replay/history-limits.js';
import type { ReplayOutcome } from '../replay/replay.js';
import { escapeData, escapeProperty } from './github.js';

export type ReplayFormat = 'stylish' | 'json' | 'github';

/** Limit findings shown per history in the stylish report; JSON lists them all. */
const SHOWN_LIMITS = 10;

export function formatReplayReport(outcomes: readonly ReplayOutcome[], options: { format: ReplayFormat; color: boolean; cwd: string }): string {
  const relative = (file: string | undefined): string | undefined => (file === undefined ? undefined : path.relative(options.cwd, file).split(path.sep).join('/'));
  if (options.format === 'json') return `${JSON.stringify(outcomes.map((o) => ({ ...o, file: relative(o.file) })), null, 2)}\n`;
  if (options.format === 'github') return outcomes.flatMap((o) => githubAnnotations(o, relative(o.file))).map((line) => `${line}\n`).join('');
  return stylish(outcomes, relative, new Chalk({ level: options.color ? 1 : 0 }));
}

/** A history passes when it replays and stays within every limit; warnings near a limit do not fail it. */
export function replayPassed(outcome: ReplayOutcome): boolean {
  return outcome.ok && !overLimit(outcome);
}

function overLimit(outcome: ReplayOutcome): boolean {
  return outcome.limits.some((l) => l.level === 'error');
}

/** What went wrong, in a few words: the title of an annotation, the end of a stylish line. */
function verdict(o: ReplayOutcome): string {
  const at = o.eventId !== undefined ? ` at event ${o.eventId}` : '';
  if (o.ok) return 'over a Temporal limit';
  if (o.error === 'nondeterminism') return `nondeterministic${at}`;
  if (o.error === 'workflow-task-failure') return `workflow task failed${at}`;
  return `replay failed${at}`;
}

function name(o: ReplayOutcome, file: string | undefined): string {
  const type = o.workflowType ?? '(unknown type)';
  return file !== undefined ? `${file}  ${type} (${o.workflowId})` : `${type} (${o.workflowId}${o.runId ? `, run ${o.runId}` : ''})`;
}

function stylish(outcomes: readonly ReplayOutcome[], relative: (file: string | undefined) => string | undefined, c: InstanceType<typeof Chalk>): string {
  const lines = outcomes.map((o) => {
    const what = name(o, relative(o.file));
    const head = replayPassed(o) ? `${c.green('✔')} ${what}${o.message ? c.dim(`: ${o.message}`) : ''}` : `${c.red('✖')} ${what}: ${verdict(o)}`;
    const failure = o.ok ? [] : [`    ${o.message}`, ...(o.hint ? [`    ${c.dim(`hint: ${o.hint}`)}`] : [])];
    return [head, ...failure, ...limitLines(o.limits, c)].join('\n');
  });
  const failed = outcomes.filter((o) => !replayPassed(o)).length;
  const over = outcomes.filter(overLimit).length;
  const warnings = outcomes.reduce((n, o) => n + o.limits.filter((l) => l.level === 'warning').length, 0);
  const summary =
    `${outcomes.length} ${outcomes.length === 1 ? 'history' : 'histories'} replayed: ${outcomes.length - failed} ok, ${failed} failed` +
    (over ? ` (${over} over a Temporal limit)` : '') +
    (warnings ? `; ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} near a limit` : '');
  return `${lines.join('\n')}\n\n${failed ? c.red(summary) : warnings ? c.yellow(summary) : c.green(summary)}\n`;
}

function limitLines(limits: readonly LimitFinding[], c: InstanceType<typeof Chalk>): string[] {
  const shown = [...limits.filter((l) => l.level === 'error'), ...limits.filter((l) => l.level === 'warning')].slice(0, SHOWN_LIMITS);
  const lines = shown.map((l) => `    ${l.level === 'error' ? c.red('error  ') : c.yellow('warning')}  ${l.message}`);
  if (limits.length > shown.length) lines.push(c.dim(`    …and ${limits.length - shown.length} more (--format json lists them all)`));
  return lines;
}

function githubAnnotations(o: ReplayOutcome, file: string | undefined): string[] {
  const where = file !== undefined ? [`file=${file}`] : [];
  const who = `${o.workflowType ?? 'workflow'} (${o.workflowId}${file === undefined && o.runId ? `, run ${o.runId}` : ''})`;
  const annotation = (level: 'error' | 'warning', title: string, message: string): string =>
    `::${level} ${[...where, `title=${title}`].map(escapeProperty).join(',')}::${escapeData(message)}`;
  const lines = o.ok ? [] : [annotation('error', `wfo replay: ${who} ${verdict(o)}`, `${o.message ?? ''}${o.hint ? `\nhint: ${o.hint}` : ''}`)];
  for (const l of o.limits) lines.push(annotation(l.level, `wfo replay: ${who} ${l.level === 'error' ? 'over' : 'near'} a Temporal limit`, l.message));
  return lines;
}
