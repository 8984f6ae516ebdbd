// npm run bench: wfo against the physical floor (load TypeScript, parse every file once) and
// against Temporal's bundler, on synthetic projects of 500, 2,000 and 10,000 files and on any
// checkout given on the command line. Every figure is a whole process: wall time from spawn to
// exit, and peak RSS read by a preloaded probe. Several runs each; the table shows the median and
// the spread [min–max], and ratios to the floor measured in the same run on the same files.
//
// Usage: node bench/run.mjs [--sizes 500,2000,10000] [--runs 5] [--seed 1] [--no-bundle] [--json] [checkout…]
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bench = path.join(repo, 'bench');
const wfo = path.join(repo, 'bin', 'wfo.js');
const probe = path.join(bench, 'rss-probe.cjs');
const work = path.join(repo, '.tmp', 'bench');

const args = parseArgs(process.argv.slice(2));

function parseArgs(argv) {
  const options = { sizes: [500, 2000, 10000], runs: 5, seed: 1, bundle: true, json: false, checkouts: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').filter(Boolean).map(Number);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--no-bundle') options.bundle = false;
    else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else options.checkouts.push(path.resolve(arg));
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs must be a whole number ≥ 1');
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 20)) fail('--sizes must be whole numbers ≥ 20');
  for (const checkout of options.checkouts) if (!existsSync(checkout)) fail(`no such directory: ${checkout}`);
  return options;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** One whole-process measurement: wall ms and peak RSS MB. */
function measure(command, commandArgs, cwd) {
  const rssFile = path.join(os.tmpdir(), `wfo-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, [...commandArgs], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: `--require ${probe}`, WFO_BENCH_RSS_FILE: rssFile, NO_COLOR: '1', CI: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  return { ms, rss, stdout: result.stdout };
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
  return { wall: stat(samples.map((s) => s.ms)), rss: stat(samples.map((s) => s.rss)), runs: samples.length };
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
process.stdout.write(`wfo benchmark: node ${process.version}, ${os.cpus().length} cores, ${args.runs} runs each (median [min–max])\n`);
for (const size of args.sizes) {
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
for (const checkout of args.checkouts) {
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
if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else targets(results);

/** Some source file of the checkout to change for the --staged measurement. */
function firstWorkflowHelper(dir) {
  const listed = spawnSync('git', ['ls-files', '*.ts'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  return listed.find((f) => /workflows?\.ts$/.test(f)) ?? listed[0];
}
