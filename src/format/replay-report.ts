/**
 * `wfo replay`'s report, in the same three forms as `wfo lint`'s: stylish for people, JSON for
 * scripts, GitHub workflow commands for annotations on the history files in a pull request.
 */
import path from 'node:path';
import { Chalk } from 'chalk';
import type { ReplayOutcome } from '../replay/replay.js';
import { escapeData, escapeProperty } from './github.js';

export type ReplayFormat = 'stylish' | 'json' | 'github';

export function formatReplayReport(outcomes: readonly ReplayOutcome[], options: { format: ReplayFormat; color: boolean; cwd: string }): string {
  const relative = (file: string): string => path.relative(options.cwd, file).split(path.sep).join('/');
  if (options.format === 'json') return `${JSON.stringify(outcomes.map((o) => ({ ...o, file: relative(o.file) })), null, 2)}\n`;
  if (options.format === 'github') return outcomes.filter((o) => !o.ok).map((o) => `${githubAnnotation(o, relative(o.file))}\n`).join('');
  return stylish(outcomes, relative, new Chalk({ level: options.color ? 1 : 0 }));
}

/** What went wrong, in a few words: the title of an annotation, the end of a stylish line. */
function verdict(o: ReplayOutcome): string {
  const at = o.eventId !== undefined ? ` at event ${o.eventId}` : '';
  if (o.error === 'nondeterminism') return `nondeterministic${at}`;
  if (o.error === 'workflow-task-failure') return `workflow task failed${at}`;
  return `replay failed${at}`;
}

function stylish(outcomes: readonly ReplayOutcome[], relative: (file: string) => string, c: InstanceType<typeof Chalk>): string {
  const lines = outcomes.map((o) => {
    const what = `${relative(o.file)}  ${o.workflowType ?? '(unknown type)'} (${o.workflowId})`;
    if (o.ok) return `${c.green('✔')} ${what}${o.message ? c.dim(`: ${o.message}`) : ''}`;
    return [`${c.red('✖')} ${what}: ${verdict(o)}`, `    ${o.message}`, ...(o.hint ? [`    ${c.dim(`hint: ${o.hint}`)}`] : [])].join('\n');
  });
  const failed = outcomes.filter((o) => !o.ok).length;
  const summary = `${outcomes.length} ${outcomes.length === 1 ? 'history' : 'histories'} replayed: ${outcomes.length - failed} ok, ${failed} failed`;
  return `${lines.join('\n')}\n\n${failed ? c.red(summary) : c.green(summary)}\n`;
}

function githubAnnotation(o: ReplayOutcome, file: string): string {
  const title = `wfo replay: ${o.workflowType ?? 'workflow'} (${o.workflowId}) ${verdict(o)}`;
  const message = `${o.message ?? ''}${o.hint ? `\nhint: ${o.hint}` : ''}`;
  return `::error ${[`file=${file}`, `title=${title}`].map(escapeProperty).join(',')}::${escapeData(message)}`;
}
