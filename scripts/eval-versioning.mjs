#!/usr/bin/env node
/**
 * The versioning eval (issue 16): for each edit in eval/versioning, is it breaking for executions
 * that are running when it is deployed, and does `wfo lint --deployed` say so?
 *
 *   eval "$(bash .ci/servers)" && npm run eval:versioning -- [--strict] [--refresh] [--only <base>[/<edit>]]
 *
 * Truth comes from Temporal, not from wfo:
 * 1. Histories. Each base's executions (base.json) run to completion on the base's code (the old
 *    version) in `TestWorkflowEnvironment.createTimeSkipping`, with the test server that
 *    TEMPORAL_TEST_SERVER_PATH names; the histories of every run (children and continue-as-new runs
 *    too) are saved in the base's histories/ and committed. They are recorded again only when the
 *    base's text changes, or with --record; without a server, the committed ones are used.
 * 2. Replay. Each edit's new version is bundled and replays the base's histories with
 *    `Worker.runReplayHistories`. Open executions are what the issue is about, so each history is
 *    asked two questions (see eval/versioning/harness/replay.mjs): replayed whole (a completed
 *    execution), and cut after its last WorkflowTaskStarted (an execution open at the deploy,
 *    waiting at any point it reached; a longer cut fails whenever a shorter one does). An edit is
 *    breaking when an open cut fails with a DeterminismViolationError, safe when it replays. Edits
 *    that only break completed histories (changes confined to a run's last workflow task, such as
 *    commands appended after the last one) are listed apart.
 *    Each base's own code replays its histories first, as a control: if it fails, nothing is judged.
 *    --every-cut replays every cut instead, as a check of that claim, and records for each failing
 *    history the earliest cut that fails (executions open before that point are not broken).
 * 3. Cache. Truth is kept in eval/versioning/truth.json, keyed by a hash of both versions' text,
 *    the histories and the SDK version; a rerun only replays what changed. --refresh replays all.
 * 4. Predictions. In a temporary git repository per base, with the old version committed and tagged
 *    `deployed` and the new one in the working tree, `wfo lint --deployed deployed -f json`; findings
 *    of rule replay-breaking-change count as found. If wfo has no --deployed yet (it exits 2 with an
 *    unknown-option message), the truth is reported alone. --no-predict skips them.
 *
 * Exit 0 unless the harness itself fails (2); with --strict, 1 when a breaking edit is missed, a safe
 * one flagged, or there are no predictions to judge.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadCorpus, sha256 } from '../eval/versioning/harness/corpus.mjs';
import { predictAll } from '../eval/versioning/harness/predict.mjs';
import { readHistories, recordBases } from '../eval/versioning/harness/record.mjs';
import { replayTruth } from '../eval/versioning/harness/replay.mjs';
import { formatReport, missedAndFlagged } from '../eval/versioning/harness/report.mjs';
import { Stage } from '../eval/versioning/harness/stage.mjs';

const root = path.resolve(import.meta.dirname, '..');
const corpusDir = path.join(root, 'eval', 'versioning');
const truthFile = path.join(corpusDir, 'truth.json');

const USAGE = 'usage: node scripts/eval-versioning.mjs [--refresh] [--record] [--strict] [--no-predict] [--only <base>[/<edit>]] [--every-cut] [--verbose]';

async function main() {
  const started = Date.now();
  const { values: options } = parseArgs({
    options: {
      refresh: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'no-predict': { type: 'boolean', default: false },
      only: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'every-cut': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  // The SDK's and Core's logs (a replay that fails logs its error) stay out of the report unless --verbose.
  const quiet = options.verbose ? new DefaultLogger('WARN') : new DefaultLogger('ERROR', () => {});
  const level = options.verbose ? 'WARN' : 'ERROR';
  const runtime = Runtime.install({ logger: quiet, telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } } });
  try {
    return await evaluate(options, quiet, started);
  } finally {
    // The SDK shuts its runtime down when its last worker stops; one that never ran a worker (every
    // truth from truth.json) would keep the process alive.
    await runtime.shutdownIfIdle();
  }
}

async function evaluate(options, quiet, started) {

  const sdkVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/@temporalio/worker/package.json'), 'utf8')).version;
  const corpus = selected(loadCorpus(corpusDir), options.only);
  const stage = new Stage({ dir: path.join(root, '.tmp', 'eval-versioning'), sdkVersion, logger: quiet });
  const histories = await historiesOf(corpus.bases, { stage, sdkVersion, record: options.record });

  const cache = existsSync(truthFile) ? JSON.parse(readFileSync(truthFile, 'utf8')) : { bases: {}, edits: {} };
  const stats = { replayed: 0, cached: 0, bundled: 0 };
  const everyCut = options['every-cut'];
  const longestCutWrong = [];
  const truth = async (section, name, key, base, workflow) => {
    const known = cache[section][name];
    if (known && known.key === key && !options.refresh && !everyCut) {
      stats.cached++;
      return known;
    }
    const { longestCutOpen, ...replayed } = await replayTruth(await stage.bundle(base, workflow), histories.get(base.name), { everyCut });
    if (everyCut && longestCutOpen !== replayed.open.label) longestCutWrong.push(`${name}: every cut says ${replayed.open.label}, the longest alone ${longestCutOpen}`);
    const result = { key, ...replayed };
    cache[section][name] = result;
    stats.replayed++;
    progress(`replayed ${name}: ${result.open.label}`);
    return result;
  };

  const rows = [];
  try {
    for (const base of corpus.bases) {
      const control = await truth('bases', base.name, truthKey(sdkVersion, base, base.workflow, histories), base, base.workflow);
      if (control.closed.label !== 'safe') {
        throw new Error(`${base.name}: its own code does not replay its recorded histories (${control.closed.failures[0]?.message}); record them again with --record`);
      }
    }
    for (const edit of corpus.edits) {
      rows.push({ edit, truth: await truth('edits', edit.id, truthKey(sdkVersion, edit.base, edit.workflow, histories), edit.base, edit.workflow) });
    }
    if (!options.only) prune(cache, corpus);
  } finally {
    // What was replayed before a failure is kept.
    saveTruth(cache);
  }
  stats.bundled = stage.bundled;

  const predictionsNote = await predict(rows, options['no-predict'], sdkVersion);
  console.log(formatReport({ rows, sdkVersion, stats, predictionsNote }));
  if (everyCut) {
    console.log(`\n--every-cut: ${longestCutWrong.length ? `the longest cut alone answered differently for ${longestCutWrong.length}:\n  ${longestCutWrong.join('\n  ')}` : 'every cut of every history replayed; the longest cut alone gave the same answer for every edit'}`);
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!options.strict) return 0;
  const { missed, flagged } = missedAndFlagged(rows);
  const judged = rows.some((r) => r.prediction && !r.prediction.error);
  return !judged || missed.length || flagged.length ? 1 : 0;
}

function selected(corpus, only) {
  if (!only) return corpus;
  const [baseName, slug] = only.split('/');
  const bases = corpus.bases.filter((b) => b.name === baseName);
  if (bases.length === 0) throw new UsageError(`--only ${only}: no base called ${baseName} in eval/versioning`);
  const edits = corpus.edits.filter((e) => e.base.name === baseName && (!slug || e.slug === slug));
  if (slug && edits.length === 0) throw new UsageError(`--only ${only}: ${baseName} has no edit called ${slug}`);
  return { bases, edits };
}

/** Each base's recorded histories, recording those that are missing or were made on other text. */
async function historiesOf(bases, { stage, sdkVersion, record }) {
  const stale = bases.filter((b) => record || !readHistories(b));
  if (stale.length) {
    const testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
    if (!testServer || !existsSync(testServer)) {
      throw new UsageError(`${stale.map((b) => b.name).join(', ')}: histories to record, and TEMPORAL_TEST_SERVER_PATH names no test server (eval "$(bash .ci/servers)" sets it)`);
    }
    await recordBases(stale, { testServer, stage, sdkVersion, log: (line) => console.error(`eval:versioning: ${line}`) });
  }
  return new Map(bases.map((b) => [b.name, readHistories(b)]));
}

function truthKey(sdkVersion, base, workflow, histories) {
  return sha256(sdkVersion, base.workflow, workflow, ...histories.get(base.name).map((h) => h.text)).slice(0, 16);
}

/** Fills in each row's prediction; returns why there are none, if there are none. */
async function predict(rows, skip, sdkVersion) {
  if (skip) return 'skipped (--no-predict)';
  if (!existsSync(path.join(root, 'dist', 'src', 'cli.js'))) return 'wfo is not built (npm run build)';
  return await predictAll(rows, { root, sdkVersion, onProgress: progress });
}

/** Entries of bases and edits no longer in the corpus are dropped (only when the whole corpus ran). */
function prune(cache, corpus) {
  const keep = (section, names) => {
    for (const name of Object.keys(cache[section])) if (!names.has(name)) delete cache[section][name];
  };
  keep('bases', new Set(corpus.bases.map((b) => b.name)));
  keep('edits', new Set(corpus.edits.map((e) => e.id)));
}

/** truth.json with its entries in a stable order, so a rerun that changes nothing changes no byte. */
function saveTruth(cache) {
  const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  writeFileSync(truthFile, `${JSON.stringify({ bases: sorted(cache.bases), edits: sorted(cache.edits) }, null, 2)}\n`);
}

function progress(line) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
}

class UsageError extends Error {}

main().then(
  (code) => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.exitCode = code;
  },
  (error) => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.error(`eval:versioning: ${error instanceof UsageError ? error.message : (error?.stack ?? error)}`);
    process.exitCode = 2;
  },
);
