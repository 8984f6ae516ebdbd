/**
 * The report: counts per kind of change, the confusion matrix of replay truth against wfo's
 * predictions, and every edit whose intended label the replay did not confirm.
 */

/** @param rows [{ edit, truth: { open, closed }, prediction }] */
export function formatReport({ rows, sdkVersion, stats, predictionsNote }) {
  const lines = [];
  const count = (pred) => rows.filter(pred).length;
  const truthOf = (r) => r.truth.open.label;
  lines.push(`Versioning eval: ${rows.length} edits of ${new Set(rows.map((r) => r.edit.base.name)).size} base workflows, @temporalio/worker ${sdkVersion}`);
  lines.push(
    `Truth by replay: ${count((r) => truthOf(r) === 'breaking')} breaking, ${count((r) => truthOf(r) === 'safe')} safe` +
      `${count((r) => truthOf(r) === 'error') ? `, ${count((r) => truthOf(r) === 'error')} replay errors` : ''}` +
      ` (${stats.replayed} replayed, ${stats.cached} from truth.json; ${stats.bundled} bundles built)`,
  );
  const predicted = rows.some((r) => r.prediction && !r.prediction.error);
  lines.push('', ...kindTable(rows, predicted));
  if (predicted) lines.push('', ...confusion(rows));
  else lines.push('', `Predictions: unavailable: ${predictionsNote}`);
  lines.push(...section('Intended label not confirmed by replay', rows.filter((r) => truthOf(r) !== r.edit.intended), (r) => `${r.edit.id}: intended ${r.edit.intended}, replay says ${truthOf(r)}${why(r)}`));
  lines.push(...section('Safe for open executions, breaking for completed histories', rows.filter((r) => truthOf(r) === 'safe' && r.truth.closed.label === 'breaking'), (r) => `${r.edit.id}: ${firstFailure(r.truth.closed)}`));
  lines.push(...section('Replay errors (not nondeterminism)', rows.filter((r) => truthOf(r) === 'error' || r.truth.closed.label === 'error'), (r) => `${r.edit.id}: ${firstFailure(r.truth.open.label === 'error' ? r.truth.open : r.truth.closed)}`));
  lines.push(...section('Prediction errors', rows.filter((r) => r.prediction?.error), (r) => `${r.edit.id}: ${r.prediction.error}`));
  return lines.join('\n');
}

export function missedAndFlagged(rows) {
  const judged = rows.filter((r) => r.prediction && !r.prediction.error);
  return {
    missed: judged.filter((r) => r.truth.open.label === 'breaking' && !r.prediction.breaking),
    flagged: judged.filter((r) => r.truth.open.label === 'safe' && r.prediction.breaking),
  };
}

function kindTable(rows, predicted) {
  const kinds = [...new Set(rows.map((r) => r.edit.kind))].sort();
  const head = ['kind of change', 'edits', 'breaking', 'safe', ...(predicted ? ['found', 'missed', 'flagged'] : [])];
  const body = kinds.map((kind) => {
    const of = rows.filter((r) => r.edit.kind === kind);
    const n = (pred) => String(of.filter(pred).length);
    const cells = [kind, String(of.length), n((r) => r.truth.open.label === 'breaking'), n((r) => r.truth.open.label === 'safe')];
    if (predicted) {
      const judged = (r) => r.prediction && !r.prediction.error;
      cells.push(
        n((r) => judged(r) && r.truth.open.label === 'breaking' && r.prediction.breaking),
        n((r) => judged(r) && r.truth.open.label === 'breaking' && !r.prediction.breaking),
        n((r) => judged(r) && r.truth.open.label === 'safe' && r.prediction.breaking),
      );
    }
    return cells;
  });
  return table([head, ...body]);
}

function confusion(rows) {
  const judged = rows.filter((r) => r.prediction && !r.prediction.error);
  const n = (truth, found) => judged.filter((r) => r.truth.open.label === truth && r.prediction.breaking === found).length;
  const { missed, flagged } = missedAndFlagged(rows);
  return [
    `Confusion matrix (replay truth × wfo lint --deployed, ${judged.length} edits judged):`,
    ...table([
      ['', 'found', 'not found'],
      ['breaking', String(n('breaking', true)), String(n('breaking', false))],
      ['safe', String(n('safe', true)), String(n('safe', false))],
    ]).map((l) => `  ${l}`),
    ...section('Breaking edits missed', missed, (r) => `${r.edit.id} (${r.edit.kind}): ${r.edit.description}`),
    ...section('Safe edits flagged', flagged, (r) => `${r.edit.id} (${r.edit.kind}): ${r.prediction.findings.map((f) => `${f.file}:${f.line} ${f.message}`).join('; ')}`),
  ];
}

function section(title, rows, line) {
  if (rows.length === 0) return [];
  return ['', `${title} (${rows.length}):`, ...rows.map((r) => `  ${line(r)}`)];
}

function why(row) {
  const { open, closed } = row.truth;
  if (open.label === 'safe' && closed.label === 'breaking') return ' for open executions (only completed histories fail)';
  if (open.label !== 'safe') return `: ${firstFailure(open)}`;
  return row.edit.note ? ` (${row.edit.note})` : '';
}

function firstFailure(verdict) {
  const f = verdict.failures[0];
  return f ? `${f.workflowId}: ${f.message}` : '';
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}
