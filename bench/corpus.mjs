// npm run corpus: wfo against the real-world corpus, public Temporal TypeScript repositories
// pinned in bench/corpus.json (see docs/corpus.md). Each repository is materialized at its commit
// from the local mirror (/work/.mirror/<owner>+<name>/…, brought there by the fetch step; nothing
// is downloaded here) into .tmp/corpus/<owner>+<name>, then `wfo lint -f json` runs in each of its
// lint folders. Prints, per repository, files linted, errors, warnings and counts per rule.
//
// Usage: node bench/corpus.mjs [--list bench/corpus.json] [--mirror /work/.mirror] [--only <text>]
//                              [--timeout <seconds>] [--json <file>] [--fresh] [--wfo <checkout>]
//   --only <text>   only repositories whose owner/name contains <text> (repeatable)
//   --json <file>   write every finding: { repo, commit, lintDir, file, line, column, ruleId, severity,
//                   message, knownTrue (errors only) }
//   --fresh         materialize again even when .tmp/corpus/… is already at the commit
//   --wfo <dir>     lint with the built wfo in another checkout (its bin/wfo.js), e.g. a frozen
//                   baseline to compare a model change against; default: this checkout
// An entry's optional "trueErrors" lists the errors triaged as true ("path:line ruleId",
// bench/corpus-triage.md): those are counted apart from the others, and one that is no longer
// reported is shown as a lost true positive. "expectClean": true means no error beyond those.
// Exit 0 when every repository ran; 1 when a repository marked "expectClean" has other errors, a
// true positive was lost, or wfo failed (exit 2, timeout, unreadable output) on one; 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMirror, extractTree, findMirror, hasCommit, isDirectory } from './mirror.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const work = path.join(repoRoot, '.tmp', 'corpus');
const MARKER = 'wfo-corpus-commit'; // inside the materialized tree's .git folder

const args = parseArgs(process.argv.slice(2));
const wfo = path.join(args.wfo, 'bin', 'wfo.js');

function parseArgs(argv) {
  const options = {
    list: path.join(repoRoot, 'bench', 'corpus.json'),
    mirror: defaultMirror,
    only: [],
    timeout: 600,
    json: undefined,
    fresh: false,
    wfo: repoRoot,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--list') options.list = path.resolve(value());
    else if (arg === '--mirror') options.mirror = path.resolve(value());
    else if (arg === '--only') options.only.push(value().toLowerCase());
    else if (arg === '--timeout') options.timeout = Number(value());
    else if (arg === '--json') options.json = path.resolve(value());
    else if (arg === '--fresh') options.fresh = true;
    else if (arg === '--wfo') options.wfo = path.resolve(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0].replace(/^\/\/ ?/gm, '') + '\n');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (!(options.timeout > 0)) fail('--timeout must be a number of seconds > 0');
  if (!existsSync(path.join(options.wfo, 'bin', 'wfo.js'))) fail(`no bin/wfo.js in ${options.wfo}`);
  return options;
}

function fail(message) {
  process.stderr.write(`corpus: ${message}\n`);
  process.exit(2);
}

function readList(file) {
  let entries;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  if (!Array.isArray(entries)) fail(`${file} must hold an array of entries`);
  entries.forEach((entry, index) => {
    const where = `${path.basename(file)}[${index}]`;
    if (typeof entry.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repo)) fail(`${where}: "repo" must be "owner/name"`);
    if (typeof entry.commit !== 'string' || !/^[0-9a-f]{40}$/.test(entry.commit)) fail(`${where}: "commit" must be 40 hex digits`);
    if (entry.subdirs !== undefined && (!Array.isArray(entry.subdirs) || entry.subdirs.some((d) => typeof d !== 'string' || path.isAbsolute(d) || d.split(/[\\/]/).includes('..'))))
      fail(`${where}: "subdirs" must be an array of relative folders`);
    if (entry.trueErrors !== undefined && (!Array.isArray(entry.trueErrors) || entry.trueErrors.some((t) => typeof t !== 'string' || !/^\S+:\d+ \S+$/.test(t))))
      fail(`${where}: "trueErrors" must be an array of "path:line ruleId"`);
  });
  return entries;
}

/**
 * .tmp/corpus/<owner>+<name> holding the tree of `commit`, reused when its marker says it is
 * already there. The tree gets its own `git init`, as a clone would have: wfo stops looking for
 * .gitignore files and project roots at a repository's top, and without one it would climb into
 * this checkout (whose .gitignore ignores .tmp/).
 */
function materialize(entry, gitDir) {
  const dest = path.join(work, entry.repo.replace('/', '+'));
  const marker = path.join(dest, '.git', MARKER);
  if (!args.fresh && existsSync(marker)) {
    const [commit, missing] = readFileSync(marker, 'utf8').trim().split('\n');
    if (commit === entry.commit) return { dest, reused: true, missing: Number(missing) || 0 };
  }
  if (!hasCommit(gitDir, entry.commit)) return { error: `commit ${entry.commit.slice(0, 12)} is not in the mirror (run the fetch step again)` };
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const extracted = extractTree(gitDir, entry.commit, dest);
  if (extracted.error) return { error: extracted.error };
  const init = spawnSync('git', ['init', '-q', dest], { encoding: 'utf8' });
  if (init.status !== 0) return { error: `git init failed: ${init.stderr.trim()}` };
  writeFileSync(marker, `${entry.commit}\n${extracted.missing}\n`);
  return { dest, reused: false, missing: extracted.missing };
}

/** One `wfo lint -f json` in `cwd`: the ESLint-shaped results, or an error. */
function lint(cwd) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [wfo, 'lint', '-f', 'json', '--no-color'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '' },
    maxBuffer: 512 * 1024 * 1024,
    timeout: args.timeout * 1000,
    killSignal: 'SIGKILL',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.error?.code === 'ETIMEDOUT' || result.signal) return { seconds, error: `timed out after ${args.timeout} s` };
  if (result.error) return { seconds, error: result.error.message };
  if (result.status !== 0 && result.status !== 1) return { seconds, error: `wfo exited ${result.status}: ${(result.stderr || result.stdout).trim().split('\n')[0]}` };
  try {
    return { seconds, results: JSON.parse(result.stdout) };
  } catch {
    return { seconds, error: `unreadable JSON output (${result.stdout.length} bytes): ${result.stderr.trim().split('\n')[0] ?? ''}` };
  }
}

function runEntry(entry) {
  const report = { repo: entry.repo, commit: entry.commit, kind: entry.kind ?? '', expectClean: !!entry.expectClean, trueErrors: new Set(entry.trueErrors ?? []), trueFound: new Set(), files: 0, errors: 0, warnings: 0, fatal: 0, rules: new Map(), findings: [], problems: [], seconds: 0, status: 'ok' };
  const gitDir = findMirror(args.mirror, entry.repo);
  if (!gitDir) {
    report.status = 'not fetched (run the fetch step)';
    return report;
  }
  const materialized = materialize(entry, gitDir);
  if (materialized.error) {
    report.status = materialized.error;
    return report;
  }
  const dest = materialized.dest;
  report.absent = materialized.missing;
  const seen = new Set();
  for (const subdir of entry.subdirs?.length ? entry.subdirs : ['.']) {
    const cwd = path.join(dest, subdir);
    if (!isDirectory(cwd)) {
      report.problems.push(`${subdir}: no such folder at this commit`);
      continue;
    }
    const outcome = lint(cwd);
    report.seconds += outcome.seconds;
    if (outcome.error) {
      report.problems.push(`${subdir}: ${outcome.error}`);
      continue;
    }
    for (const file of outcome.results) {
      const relative = path.relative(dest, file.filePath).split(path.sep).join('/');
      if (relative.startsWith('..')) {
        report.problems.push(`${subdir}: wfo reported on ${file.filePath}, outside the repository (its analysis root escaped it)`);
        continue;
      }
      if (seen.has(relative)) continue; // overlapping lint folders: count each file once
      seen.add(relative);
      report.files++;
      for (const message of file.messages) {
        const severity = message.severity === 2 ? 'error' : 'warning';
        const ruleId = message.ruleId ?? '(fatal)';
        if (message.fatal || message.ruleId === null) report.fatal++;
        if (severity === 'error') report.errors++;
        else report.warnings++;
        const counts = report.rules.get(ruleId) ?? { errors: 0, warnings: 0 };
        counts[severity === 'error' ? 'errors' : 'warnings']++;
        report.rules.set(ruleId, counts);
        const key = `${relative}:${message.line} ${message.ruleId}`;
        const knownTrue = severity === 'error' && report.trueErrors.has(key);
        if (knownTrue) report.trueFound.add(key);
        report.findings.push({ repo: entry.repo, commit: entry.commit, lintDir: subdir, file: relative, line: message.line, column: message.column, ruleId: message.ruleId, severity: message.severity, message: message.message, ...(severity === 'error' ? { knownTrue } : {}) });
      }
    }
  }
  report.knownTrue = report.findings.filter((f) => f.knownTrue).length;
  report.otherErrors = report.errors - report.knownTrue;
  report.lost = [...report.trueErrors].filter((key) => !report.trueFound.has(key));
  if (report.problems.length) report.status = 'failed';
  return report;
}

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (cells) => cells.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const entries = readList(args.list).filter((entry) => !args.only.length || args.only.some((text) => entry.repo.toLowerCase().includes(text)));
if (!entries.length) fail('no repository in the list matches');
if (!existsSync(path.join(args.wfo, 'dist'))) fail(`${path.join(args.wfo, 'dist')} is missing: run \`npm run build\` first (npm run corpus does)`);
if (args.wfo !== repoRoot) process.stderr.write(`corpus: linting with ${wfo}\n`);
mkdirSync(work, { recursive: true });

const reports = [];
for (const entry of entries) {
  process.stderr.write(`corpus: ${entry.repo} @ ${entry.commit.slice(0, 12)} …\n`);
  reports.push(runEntry(entry));
}

for (const report of reports) {
  const head = `${report.repo} @ ${report.commit.slice(0, 12)}${report.kind ? ` (${report.kind})` : ''}`;
  process.stdout.write(`\n${head}\n`);
  if (report.status !== 'ok' && report.status !== 'failed') {
    process.stdout.write(`  ${report.status}\n`);
    continue;
  }
  process.stdout.write(`  files ${report.files}, errors ${report.errors} (${report.knownTrue} triaged true, ${report.otherErrors} other), warnings ${report.warnings}${report.fatal ? `, unparsable ${report.fatal}` : ''}, ${report.seconds.toFixed(1)} s${report.absent ? ` (${report.absent} files over the snapshot's size limit left out)` : ''}\n`);
  for (const problem of report.problems) process.stdout.write(`  FAILED ${problem}\n`);
  for (const key of report.lost) process.stdout.write(`  LOST true positive: ${key}\n`);
  const rules = [...report.rules].sort((a, b) => b[1].errors - a[1].errors || b[1].warnings - a[1].warnings || a[0].localeCompare(b[0]));
  if (rules.length) process.stdout.write(table(rules.map(([rule, c]) => [rule, c.errors, c.warnings]), ['  rule', 'errors', 'warnings']).replace(/^/gm, '  ') + '\n');
}

const summaryRows = reports.map((r) => {
  const ran = r.status === 'ok' || r.status === 'failed';
  const status = !ran ? r.status.split(':')[0] : r.status !== 'ok' ? 'failed' : [r.expectClean ? (r.otherErrors ? 'NOT CLEAN' : 'clean') : 'ok', ...(r.lost.length ? [`lost ${r.lost.length} true`] : [])].join(', ');
  return [r.repo, r.commit.slice(0, 12), ran ? r.files : '-', ran ? r.errors : '-', ran ? r.knownTrue : '-', ran ? r.otherErrors : '-', ran ? r.warnings : '-', status];
});
process.stdout.write(`\n${table(summaryRows, ['repository', 'commit', 'files', 'errors', 'true', 'other', 'warnings', 'status'])}\n`);
const ran = reports.filter((r) => r.status === 'ok' || r.status === 'failed');
process.stdout.write(`total: ${ran.length}/${reports.length} repositories, ${ran.reduce((n, r) => n + r.files, 0)} files, ${ran.reduce((n, r) => n + r.errors, 0)} errors (${ran.reduce((n, r) => n + r.knownTrue, 0)} triaged true, ${ran.reduce((n, r) => n + r.otherErrors, 0)} other), ${ran.reduce((n, r) => n + r.warnings, 0)} warnings\n`);

if (args.json) {
  mkdirSync(path.dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(reports.flatMap((r) => r.findings), null, 2) + '\n');
  process.stderr.write(`corpus: findings written to ${path.relative(process.cwd(), args.json) || args.json}\n`);
}

const broken = reports.some((r) => r.status === 'failed' || (r.expectClean && r.otherErrors > 0) || r.lost?.length > 0);
process.exit(broken ? 1 : 0);
