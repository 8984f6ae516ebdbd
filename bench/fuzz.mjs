#!/usr/bin/env node
// Mutation fuzzing of `wfo lint` (npm run fuzz [-- --iterations N --seed S]).
// Takes the real source files of examples/, mutates one at a time (delete, duplicate or swap tokens,
// truncate, insert random bytes) with a seeded generator, and lints the mutated text in its project
// the way an editor would (stdin override): every run must end in a report or a WfoError (what the
// CLI turns into exit 0, 1 or 2), never an uncaught exception. A sample of runs also goes through
// the real CLI process to check the exit code itself. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from './random.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { lint } = await import(path.join(repo, 'dist/src/lint/lint.js'));
const { WfoError } = await import(path.join(repo, 'dist/src/errors.js'));

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
const iterations = Number(args.iterations ?? 2000);
const seed = Number(args.seed ?? 20261125);
const spawnEvery = Number(args['spawn-every'] ?? 100);

const next = random(seed);
const pick = (n) => Math.floor(next() * n);

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|js)$/.test(name) ? [full] : [];
  });
}

const MUTATIONS = {
  deleteToken: (tokens) => tokens.splice(pick(tokens.length), 1 + pick(3)),
  duplicateToken: (tokens) => { const i = pick(tokens.length); tokens.splice(i, 0, ...tokens.slice(i, i + 1 + pick(5))); },
  swapTokens: (tokens) => { const i = pick(tokens.length); const j = pick(tokens.length); [tokens[i], tokens[j]] = [tokens[j], tokens[i]]; },
  truncate: (tokens) => tokens.splice(pick(tokens.length)),
  insertBytes: (tokens) => tokens.splice(pick(tokens.length), 0, String.fromCharCode(...Array.from({ length: 1 + pick(8) }, () => pick(0x10000)))),
  nest: (tokens) => { const n = 1 + pick(3000); tokens.splice(pick(tokens.length), 0, '('.repeat(n), '1', ')'.repeat(n)); },
};

const files = sources(path.join(repo, 'examples'));
const outcomes = { report: 0, usageError: 0 };
const byMutation = Object.fromEntries(Object.keys(MUTATIONS).map((m) => [m, 0]));
const failures = [];
let spawned = 0;
const started = Date.now();
for (let i = 0; i < iterations; i++) {
  const file = files[pick(files.length)];
  const tokens = readFileSync(file, 'utf8').split(/(\s+|[^\w\s])/).filter((t) => t !== '');
  const names = Object.keys(MUTATIONS);
  const applied = [];
  for (let k = 0; k <= pick(3); k++) {
    const name = names[pick(names.length)];
    MUTATIONS[name](tokens);
    byMutation[name]++;
    applied.push(name);
  }
  const text = tokens.join('');
  try {
    lint({ paths: [], cwd: path.dirname(file), stdin: { filename: file, text } });
    outcomes.report++;
  } catch (error) {
    if (error instanceof WfoError) outcomes.usageError++;
    else failures.push({ iteration: i, file: path.relative(repo, file), applied, error: String(error?.stack ?? error).split('\n').slice(0, 4).join(' | ') });
  }
  if (i % spawnEvery === 0) {
    spawned++;
    const run = spawnSync(process.execPath, [path.join(repo, 'bin/wfo.js'), 'lint', '--stdin', '--stdin-filename', file], { input: text, encoding: 'utf8', cwd: path.dirname(file) });
    if (![0, 1, 2].includes(run.status) || /internal error|\n\s+at /.test(run.stderr)) failures.push({ iteration: i, file, applied, error: `exit ${run.status}: ${run.stderr.slice(0, 300)}` });
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${iterations} iterations (seed ${seed}) over ${files.length} files in ${seconds}s; ${spawned} through the CLI process`);
console.log(`mutations: ${Object.entries(byMutation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`outcomes: ${outcomes.report} reports, ${outcomes.usageError} usage errors, ${failures.length} uncaught exceptions`);
for (const f of failures.slice(0, 10)) console.log(`FAIL #${f.iteration} ${f.file} [${f.applied.join(', ')}]: ${f.error}`);
process.exitCode = failures.length ? 1 : 0;
