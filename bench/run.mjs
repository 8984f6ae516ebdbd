// npm run bench: wfo against the physical floor (load TypeScript, parse every file once) and
// against Temporal's bundler, on synthetic projects of 500, 2,000 and 10,000 files and on any
// checkout given on the command line. Every figure is a whole process: wall time from spawn to
// exit, and peak RSS read by a preloaded probe. Several runs each; the table shows the median and
// the spread [min–max], and ratios to the floor measured in the same run on the same files.
//
// A last section measures what `wfo lint --deployed <ref>` adds to a run: samples-typescript at the
// commit bench/corpus.json pins, written out of the local mirror (bench/mirror.mjs, as npm run
// corpus does) into a git repository of its own under .tmp/bench, committed and tagged; then 1, and
// then 5, of its workflow files are changed in the working tree (a timer before the workflow's
// activity call, which breaks replay) and the same project is linted without (a) and with (b)
// `--deployed <tag>`, in interleaved pairs, order alternating. It prints (a), (b) and b − a per
// changed workflow, the median of the pairs' differences with their spread, against a budget of
// 200 ms per changed workflow; beside wall time, the processes' CPU time (user + system, read by
// bench/cpu-probe.cjs), which other load on the machine disturbs less. It fails (exit 1) unless (b)
// reports replay-breaking-change in every changed file and otherwise what (a) reports; findings of
// (b) in files nobody changed are printed. Skipped, with a note, when the mirror lacks the
// repository, unless it is the only section asked for.
//
// Usage: node bench/run.mjs [--sizes 500,2000,10000] [--runs 5] [--seed 1] [--no-bundle] [--json]
//                           [--only synthetic|checkouts|deployed] [--mirror /work/.mirror] [checkout…]
//   --only <section>  run only these sections (repeatable, or comma-separated): the generated
//                     projects, the checkouts named, the --deployed comparison
//   --runs <n>        runs of each measurement; the --deployed section takes 11 pairs unless given
//   --mirror <dir>    where the mirror is (default: WFO_CORPUS_MIRROR, or /work/.mirror)
// e.g. node bench/run.mjs --only deployed          # what --deployed adds, on samples-typescript
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';
import { defaultMirror, extractTree, findMirror, hasCommit } from './mirror.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bench = path.join(repo, 'bench');
const wfo = path.join(repo, 'bin', 'wfo.js');
const probe = path.join(bench, 'rss-probe.cjs');
const cpuProbe = path.join(bench, 'cpu-probe.cjs');
const work = path.join(repo, '.tmp', 'bench');

const args = parseArgs(process.argv.slice(2));

function parseArgs(argv) {
  const options = { sizes: [500, 2000, 10000], runs: 5, runsGiven: false, seed: 1, bundle: true, json: false, checkouts: [], only: [], mirror: defaultMirror };
  const sections = ['synthetic', 'checkouts', 'deployed'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').filter(Boolean).map(Number);
    else if (arg === '--runs') (options.runs = Number(argv[++i])), (options.runsGiven = true);
    else if (arg === '--only') options.only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--mirror') options.mirror = path.resolve(argv[++i] ?? '');
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--no-bundle') options.bundle = false;
    else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else options.checkouts.push(path.resolve(arg));
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs must be a whole number ≥ 1');
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 20)) fail('--sizes must be whole numbers ≥ 20');
  for (const checkout of options.checkouts) if (!existsSync(checkout)) fail(`no such directory: ${checkout}`);
  for (const section of options.only) if (!sections.includes(section)) fail(`--only takes ${sections.join(', ')}, not ${section}`);
  options.run = (section) => !options.only.length || options.only.includes(section);
  return options;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** One whole-process measurement: wall ms and peak RSS MB (and CPU ms, user + system, when asked). */
function measure(command, commandArgs, cwd, { cpu: withCpu = false } = {}) {
  const rssFile = path.join(os.tmpdir(), `wfo-bench-rss-${process.pid}`);
  const cpuFile = path.join(os.tmpdir(), `wfo-bench-cpu-${process.pid}`);
  rmSync(rssFile, { force: true });
  rmSync(cpuFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, [...commandArgs], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: `--require ${probe}${withCpu ? ` --require ${cpuProbe}` : ''}`, WFO_BENCH_RSS_FILE: rssFile, ...(withCpu ? { WFO_BENCH_CPU_FILE: cpuFile } : {}), NO_COLOR: '1', CI: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  const cpu = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) / 1000 : NaN;
  return { ms, rss, cpu, stdout: result.stdout };
}

function repeat(runs, before, command, commandArgs, cwd) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    before?.(i);
    last = measure(command, commandArgs, cwd);
    samples.push(last);
  }
  return { ...summarise(samples), stdout: last.stdout };
}

function summarise(samples) {
  const stat = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
  };
  return { wall: stat(samples.map((s) => s.ms)), rss: stat(samples.map((s) => s.rss)), ...(samples.every((s) => Number.isFinite(s.cpu)) ? { cpu: stat(samples.map((s) => s.cpu)) } : {}), runs: samples.length };
}

/** A copy the benchmark may change (one file per --staged run), under git, with the SDK reachable. */
function prepare(name, populate) {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const info = populate(dir);
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  appendFileSync(path.join(dir, '.gitignore'), '\nnode_modules\n.wfo-cache\n');
  const git = (...gitArgs) => spawnSync('git', gitArgs, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench input', '--no-verify');
  return { dir, ...info };
}

function benchInput(label, dir, { bundleEntry, tsconfig, editFile }) {
  const runs = args.runs;
  const cache = path.join(dir, '.wfo-cache');
  const rows = [];
  const floor = repeat(runs, undefined, 'floor', [path.join(bench, 'parse-floor.mjs'), '.'], dir);
  const parsed = JSON.parse(floor.stdout);
  rows.push({ name: 'parse-only floor', ...floor });

  const cold = repeat(runs, undefined, 'wfo lint', [wfo, 'lint', '.', '--format', 'json'], dir);
  const report = JSON.parse(cold.stdout);
  const findings = report.reduce((n, file) => n + file.messages.length, 0);
  rows.push({ name: 'wfo lint (cold)', ...cold });

  measure('wfo lint --cache (fill)', [wfo, 'lint', '.', '--cache', '--cache-location', cache], dir);
  rows.push({ name: 'wfo lint --cache (warm, unchanged)', ...repeat(runs, undefined, 'wfo lint --cache', [wfo, 'lint', '.', '--cache', '--cache-location', cache], dir) });

  const editPath = path.join(dir, editFile);
  const original = readFileSync(editPath, 'utf8');
  const edit = (i) => {
    writeFileSync(editPath, `${original}\nexport const benchEdit${i} = ${i};\n`);
    spawnSync('git', ['add', editFile], { cwd: dir });
  };
  rows.push({ name: 'wfo lint --staged --cache (1 file changed)', ...repeat(runs, edit, 'wfo lint --staged', [wfo, 'lint', '--staged', '--cache', '--cache-location', cache], dir) });
  writeFileSync(editPath, original);
  spawnSync('git', ['add', editFile], { cwd: dir });

  let bundled;
  if (args.bundle && bundleEntry) {
    const bundle = repeat(Math.min(runs, parsed.files > 5000 ? 1 : 3), undefined, 'bundleWorkflowCode', [path.join(bench, 'bundle.mjs'), bundleEntry, tsconfig], dir);
    bundled = JSON.parse(bundle.stdout);
    rows.push({ name: `bundleWorkflowCode${bundled.ok ? '' : ' (failed)'}`, ...bundle });
  }
  rows.push({ name: 'wfo --version', ...repeat(runs, undefined, 'wfo --version', [wfo, '--version'], dir) });
  rows.push({ name: 'wfo --help', ...repeat(runs, undefined, 'wfo --help', [wfo, '--help'], dir) });
  return { label, files: parsed.files, nodes: parsed.nodes, findings, bundled, rows };
}

function printInput(result) {
  const floor = result.rows[0];
  const lines = [`\n${result.label}: ${result.files} source files, ${result.nodes} syntax nodes; wfo found ${result.findings} problems${result.bundled ? `; the bundler ${result.bundled.ok ? 'bundled without complaint' : `failed: ${result.bundled.error}`}` : ''}`];
  lines.push(`${'measurement'.padEnd(44)} ${'wall ms: median [min–max]'.padEnd(28)} ${'× floor'.padStart(8)}  ${'peak RSS MB'.padEnd(22)} ${'× floor'.padStart(8)}`);
  for (const row of result.rows) {
    const wall = `${row.wall.median.toFixed(0)} [${row.wall.min.toFixed(0)}–${row.wall.max.toFixed(0)}]`;
    const rss = `${row.rss.median.toFixed(0)} [${row.rss.min.toFixed(0)}–${row.rss.max.toFixed(0)}]`;
    lines.push(`${`${row.name} ×${row.runs}`.padEnd(44)} ${wall.padEnd(28)} ${(row.wall.median / floor.wall.median).toFixed(2).padStart(8)}  ${rss.padEnd(22)} ${(row.rss.median / floor.rss.median).toFixed(2).padStart(8)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function targets(results) {
  const row = (result, prefix) => result.rows.find((r) => r.name.startsWith(prefix));
  const checks = [];
  for (const result of results) {
    const floor = result.rows[0].wall.median;
    const cold = row(result, 'wfo lint (cold)');
    const warm = row(result, 'wfo lint --cache');
    const staged = row(result, 'wfo lint --staged');
    const bundle = row(result, 'bundleWorkflowCode');
    checks.push([`${result.label}: cold lint ≤ 1.5× floor`, cold.wall.median / floor, 1.5, '×']);
    checks.push([`${result.label}: warm cache ≤ 0.25× floor`, warm.wall.median / floor, 0.25, '×']);
    // The generated project of size N has N-1 source files (and a package.json): go by the size asked for.
    const large = (result.size ?? result.files) >= 10000;
    if (large) checks.push([`${result.label}: --staged, 1 changed file < 300 ms`, staged.wall.median, 300, 'ms']);
    if (large) checks.push([`${result.label}: peak memory < 400 MB`, Math.max(cold.rss.median, warm.rss.median, staged.rss.median), 400, 'MB']);
    if (bundle) {
      checks.push([`${result.label}: bundleWorkflowCode ≥ 20× cold lint`, bundle.wall.median / cold.wall.median, 20, '×', 'min']);
      checks.push([`${result.label}: bundleWorkflowCode ≥ 20× lint --staged --cache`, bundle.wall.median / staged.wall.median, 20, '×', 'min']);
    }
    checks.push([`${result.label}: --version < 100 ms`, row(result, 'wfo --version').wall.median, 100, 'ms']);
    checks.push([`${result.label}: --help < 100 ms`, row(result, 'wfo --help').wall.median, 100, 'ms']);
  }
  const lines = ['\nTargets'];
  for (const [name, value, limit, unit, kind] of checks) {
    const ok = kind === 'min' ? value >= limit : value <= limit;
    lines.push(`  ${ok ? 'met ' : 'MISS'}  ${name}: ${value.toFixed(unit === '×' ? 2 : 0)}${unit === '×' ? '×' : ` ${unit}`}`);
  }
  const synthetic = results.filter((r) => r.label.startsWith('synthetic'));
  if (synthetic.length > 1) {
    // Linear growth shows as a constant cost per 1,000 more files between sizes (fixed costs such
    // as starting Node and loading TypeScript cancel out).
    lines.push('\nGrowth: cost of each 1,000 more files (cold lint, and the floor)');
    for (let i = 1; i < synthetic.length; i++) {
      const [a, b] = [synthetic[i - 1], synthetic[i]];
      const per = (value) => (value(b) - value(a)) / ((b.files - a.files) / 1000);
      const cold = (r) => row(r, 'wfo lint (cold)');
      lines.push(
        `  ${a.files} → ${b.files} files: ${per((r) => cold(r).wall.median).toFixed(0)} ms and ${per((r) => cold(r).rss.median).toFixed(1)} MB per 1,000 files (floor ${per((r) => r.rows[0].wall.median).toFixed(0)} ms, ${per((r) => r.rows[0].rss.median).toFixed(1)} MB)`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const results = [];
(args.json ? process.stderr : process.stdout).write(`wfo benchmark: node ${process.version}, ${os.cpus().length} cores, ${args.runs} runs each (median [min–max])\n`);
for (const size of args.run('synthetic') ? args.sizes : []) {
  const { dir, files } = prepare(`synthetic-${size}`, (target) => generateProject(target, size, args.seed));
  const result = benchInput(`synthetic ${size} (seed ${args.seed})`, dir, {
    bundleEntry: path.join(dir, 'src/workflows/index.ts'),
    tsconfig: path.join(dir, 'tsconfig.json'),
    editFile: 'src/helpers/group-00000/helper-00000-00001.ts',
  });
  result.generatedFiles = files;
  result.size = size;
  results.push(result);
  if (!args.json) printInput(result);
}
for (const checkout of args.run('checkouts') ? args.checkouts : []) {
  const name = path.basename(checkout);
  const { dir } = prepare(`checkout-${name}`, (target) => {
    cpSync(checkout, target, { recursive: true, filter: (source) => !/[\\/](node_modules|\.git)$/.test(source) });
    return {};
  });
  const editFile = firstWorkflowHelper(dir);
  const result = benchInput(`checkout ${name}`, dir, { editFile });
  results.push(result);
  if (!args.json) printInput(result);
}
const deployed = args.run('deployed') ? deployedSection() : undefined;
if (args.json) process.stdout.write(`${JSON.stringify(deployed ? [...results, deployed] : results, null, 2)}\n`);
else {
  if (results.length) targets(results);
  if (deployed) printDeployed(deployed);
}

/** Some source file of the checkout to change for the --staged measurement. */
function firstWorkflowHelper(dir) {
  const listed = spawnSync('git', ['ls-files', '*.ts'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  return listed.find((f) => /workflows?\.ts$/.test(f)) ?? listed[0];
}

/**
 * What `--deployed <ref>` adds to a run, per changed workflow, on samples-typescript: see the header.
 * Returns undefined (after a note) when the mirror lacks the repository and other sections ran.
 */
function deployedSection() {
  const repoName = 'temporalio/samples-typescript';
  const entry = JSON.parse(readFileSync(path.join(bench, 'corpus.json'), 'utf8')).find((e) => e.repo === repoName);
  const gitDir = findMirror(args.mirror, repoName);
  const missing = !entry ? `${repoName} is not in bench/corpus.json` : !gitDir ? `${repoName} is not in the mirror ${args.mirror} (run the fetch step)` : !hasCommit(gitDir, entry.commit) ? `commit ${entry.commit.slice(0, 12)} is not in the mirror` : undefined;
  if (missing) {
    if (args.only.join() === 'deployed') fail(`--deployed section: ${missing}`);
    (args.json ? process.stderr : process.stdout).write(`\n--deployed section skipped: ${missing}\n`);
    return undefined;
  }
  const tag = 'bench-deployed';
  const { dir } = prepare('deployed-samples-typescript', (target) => {
    const extracted = extractTree(gitDir, entry.commit, target);
    if (extracted.error) fail(`--deployed section: ${extracted.error}`);
    return {};
  });
  const gitIn = (...gitArgs) => {
    const result = spawnSync('git', gitArgs, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) deployedFailure(`git ${gitArgs.join(' ')} failed in ${dir}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  gitIn('rev-parse', '--verify', 'HEAD'); // prepare committed the tree
  gitIn('tag', tag);

  // Workflow files where a workflow awaits an activity (`return await greet(name);`): a timer
  // started before that call is a command the history of a running execution does not have. Only
  // workflows whose name no other file of the repository exports: samples-typescript holds ~60
  // projects, ten of which call their workflow `example`, and wfo --deployed matches workflow types
  // by name across the whole analysis root: a breaking change to hello-world's `example` is
  // compared with another sample's `example`, and is not reported.
  const tracked = gitIn('ls-files', '*.ts').split('\n').filter(Boolean);
  const exported = new Map();
  for (const file of tracked)
    for (const [, name] of readFileSync(path.join(dir, file), 'utf8').matchAll(/export\s+(?:async\s+)?function\s*\*?\s*(\w+)/g)) exported.set(name, (exported.get(name) ?? 0) + 1);
  const candidates = [];
  for (const file of tracked.filter((f) => /\/src\/workflows\.ts$/.test(f)).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const stubs = new Set([...text.matchAll(/const\s*\{([^}]*)\}\s*=\s*proxyActivities/g)].flatMap((m) => m[1].split(',').map((s) => s.trim().split(/\s*:\s*/).pop())));
    const lines = text.split('\n');
    let workflow;
    for (let i = 0; i < lines.length; i++) {
      workflow = /^export\s+async\s+function\s+(\w+)/.exec(lines[i])?.[1] ?? workflow;
      const call = /^([ \t]+)(?:return |const \w+ = )?await (\w+)\(/.exec(lines[i]);
      if (!call || !workflow || exported.get(workflow) !== 1 || !stubs.has(call[2])) continue;
      const edited = [...lines.slice(0, i), `${call[1]}await benchSleep('1 second'); // bench: a timer the deployed code does not start`, ...lines.slice(i)];
      candidates.push({ file, workflow, text, edited: `import { sleep as benchSleep } from '@temporalio/workflow';\n${edited.join('\n')}` });
      break;
    }
  }
  const counts = [1, 5];
  if (candidates.length < Math.max(...counts)) deployedFailure(`only ${candidates.length} workflow files of ${repoName} have a workflow of their own name that awaits an activity; ${Math.max(...counts)} are needed`);

  const pairs = args.runsGiven ? args.runs : 11;
  const plain = [wfo, 'lint', '-f', 'json'];
  const withDeployed = [...plain, '--deployed', tag];
  const measurements = [];
  for (const count of counts) {
    for (const { file, text } of candidates) writeFileSync(path.join(dir, file), text);
    const changed = candidates.slice(0, count);
    for (const { file, edited } of changed) writeFileSync(path.join(dir, file), edited);
    const a = [];
    const b = [];
    let outputs;
    for (let i = 0; i < pairs; i++) {
      // Alternate which goes first, so that a drift in the machine's load falls on both alike.
      const first = i % 2 === 0 ? 'a' : 'b';
      const run = (which) => measure(which === 'a' ? 'wfo lint' : 'wfo lint --deployed', which === 'a' ? plain : withDeployed, dir, { cpu: true });
      const x = run(first);
      const y = run(first === 'a' ? 'b' : 'a');
      const [ra, rb] = first === 'a' ? [x, y] : [y, x];
      a.push(ra);
      b.push(rb);
      outputs ??= { a: ra.stdout, b: rb.stdout };
    }
    const found = checkDeployedFindings(dir, changed.map((c) => c.file), outputs);
    const differences = a.map((ra, i) => ({ ms: b[i].ms - ra.ms, cpu: b[i].cpu - ra.cpu, rss: b[i].rss - ra.rss }));
    measurements.push({
      changedFiles: count,
      files: changed.map((c) => `${c.file} (${c.workflow})`),
      findings: found,
      a: summarise(a),
      b: summarise(b),
      difference: summarise(differences),
    });
  }
  for (const { file, text } of candidates) writeFileSync(path.join(dir, file), text);
  return { kind: 'deployed', label: `${repoName} @ ${entry.commit.slice(0, 12)}`, dir, tag, pairs, budgetMsPerWorkflow: 200, measurements };
}

/** (b) must report replay-breaking-change in each changed file, and otherwise just what (a) reports. */
function checkDeployedFindings(dir, changedFiles, outputs) {
  const read = (stdout, which) => {
    try {
      return JSON.parse(stdout);
    } catch {
      return deployedFailure(`(${which}) printed no JSON report: ${stdout.slice(0, 200)}`);
    }
  };
  const keys = (report, keep) =>
    report
      .flatMap((file) => file.messages.filter(keep).map((m) => `${path.relative(dir, file.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
      .sort();
  const replay = (m) => m.ruleId === 'replay-breaking-change';
  const a = read(outputs.a, 'a');
  const b = read(outputs.b, 'b');
  if (keys(a, replay).length) deployedFailure(`(a), without --deployed, reported replay-breaking-change: ${keys(a, replay).join(', ')}`);
  const breaking = keys(b, replay);
  const silent = changedFiles.filter((file) => !breaking.some((key) => key.startsWith(`${file}:`)));
  if (silent.length) deployedFailure(`(b), with --deployed, reported no replay-breaking-change in ${silent.join(', ')} (it found: ${breaking.join(', ') || 'none'}); the measurement would be of nothing`);
  const other = (m) => !replay(m);
  if (keys(a, other).join('\n') !== keys(b, other).join('\n')) deployedFailure('(a) and (b) differ in findings other than replay-breaking-change');
  return { inChanged: breaking.filter((key) => changedFiles.some((file) => key.startsWith(`${file}:`))).length, elsewhere: breaking.filter((key) => !changedFiles.some((file) => key.startsWith(`${file}:`))) };
}

function deployedFailure(message) {
  process.stderr.write(`bench: --deployed section FAILED: ${message}\n`);
  process.exit(1);
}

function printDeployed(result) {
  const stat = (x, k = 1) => (x ? `${(x.median / k).toFixed(0)} [${(x.min / k).toFixed(0)}–${(x.max / k).toFixed(0)}]` : '-');
  const lines = [`\nwfo lint --deployed, on ${result.label} (committed and tagged ${result.tag} in ${path.relative(repo, result.dir)}); ${result.pairs} interleaved pairs, order alternating`];
  lines.push(`${'  measurement'.padEnd(50)} ${'wall ms: median [min–max]'.padEnd(28)} ${'CPU ms (user + system)'.padEnd(24)} peak RSS MB`);
  const row = (name, x, k = 1) => lines.push(`${`  ${name}`.padEnd(50)} ${stat(x.wall, k).padEnd(28)} ${stat(x.cpu, k).padEnd(24)} ${k === 1 ? stat(x.rss) : ''}`.trimEnd());
  for (const m of result.measurements) {
    lines.push(`${m.changedFiles} changed workflow file${m.changedFiles > 1 ? 's' : ''}, replay-breaking-change reported in ${m.findings.inChanged}: ${m.files.join(', ')}`);
    row('(a) wfo lint -f json', m.a);
    row(`(b) wfo lint -f json --deployed ${result.tag}`, m.b);
    row('b − a, pair by pair', m.difference);
    row('b − a per changed workflow', m.difference, m.changedFiles);
    lines.push(`  (difference of the medians: ${(m.b.wall.median - m.a.wall.median).toFixed(0)} ms wall, ${(m.b.cpu.median - m.a.cpu.median).toFixed(0)} ms CPU)`);
  }
  const elsewhere = [...new Set(result.measurements.flatMap((m) => m.findings.elsewhere))];
  if (elsewhere.length) lines.push(`(b) also reported replay-breaking-change in files nobody changed (wfo matches workflow types by name across the analysis root): ${elsewhere.join(', ')}`);
  lines.push('\nTarget (b − a, median of the pairs, per changed workflow)');
  for (const m of result.measurements) {
    const per = m.difference.wall.median / m.changedFiles;
    lines.push(`  ${per < result.budgetMsPerWorkflow ? 'met ' : 'MISS'}  --deployed, ${m.changedFiles} changed workflow file${m.changedFiles > 1 ? 's' : ''}: < ${result.budgetMsPerWorkflow} ms per changed workflow: ${per.toFixed(0)} ms wall (${(m.difference.cpu.median / m.changedFiles).toFixed(0)} ms CPU)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
