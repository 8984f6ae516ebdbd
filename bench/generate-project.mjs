// A synthetic Temporal TypeScript project of a given size, the same for the same seed: workflows
// (20%), activities (15%), helpers in groups behind barrels (55%), shared types (10%), tsconfig
// `paths`, `export *` re-exports, and about three real determinism mistakes per hundred files.
// Usage: node bench/generate-project.mjs <dir> <files> [seed]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random } from './random.mjs';


const pad = (n) => String(n).padStart(5, '0');
const GROUP_SIZE = 25;

/** Mistakes the bundler does not catch but wfo does (it compiles, then fails or diverges at run time). */
const MISTAKES = [
  (i) => `export const region${i} = (): string => process.env.REGION ?? 'eu';\n`,
  (i) => `export const requestId${i} = (): string => crypto.randomUUID();\n`,
  (i) => `export const hourOfDay${i} = (d: Date): number => d.getHours();\n`,
  (i) => `export const cacheRef${i} = new WeakRef({ id: '${i}' });\n`,
];

export function generateProject(dir, size, seed = 1) {
  const rand = random(seed);
  const pick = (n) => Math.floor(rand() * n);
  const counts = {
    workflows: Math.max(1, Math.round(size * 0.2)),
    activities: Math.max(1, Math.round(size * 0.15)),
    types: Math.max(1, Math.round(size * 0.1)),
  };
  // Every file counts: 6 fixed files and one barrel per helper group are part of `size`.
  const fixed = 6;
  let helpers = size - fixed - counts.workflows - counts.activities - counts.types;
  const groups = Math.max(1, Math.ceil(helpers / (GROUP_SIZE + 1)));
  helpers -= groups;
  rmSync(dir, { recursive: true, force: true });
  const files = new Map();
  const write = (file, text) => files.set(file, text);
  let mistakes = 0;

  write('package.json', `${JSON.stringify({ name: `synthetic-${size}`, private: true, scripts: { build: 'tsc' } }, null, 2)}\n`);
  write('tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, skipLibCheck: true, rootDir: 'src', outDir: 'lib', paths: { '@helpers/*': ['./src/helpers/*'], '@model/*': ['./src/types/*'] } }, include: ['src'] }, null, 2)}\n`);
  // The worker gives webpack the tsconfig aliases, as Temporal's docs tell projects with `paths` to
  // (and as bench/bundle.mjs does): without them its workflows would not bundle.
  write(
    'src/worker.ts',
    `import path from 'node:path';\nimport { NativeConnection, Worker } from '@temporalio/worker';\nimport * as activities from './activities';\n\nconst aliases = { '@helpers': path.resolve(__dirname, 'helpers'), '@model': path.resolve(__dirname, 'types') };\n\nexport async function run(): Promise<void> {\n  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });\n  const worker = await Worker.create({\n    connection,\n    taskQueue: 'synthetic',\n    workflowsPath: require.resolve('./workflows'),\n    activities,\n    bundlerOptions: { webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...aliases } } }) },\n  });\n  await worker.run();\n}\n`,
  );
  write('src/client.ts', `import { Client } from '@temporalio/client';\nimport { workflow00000 } from './workflows';\n\nexport async function start(client: Client): Promise<string> {\n  const handle = await client.workflow.start(workflow00000, { taskQueue: 'synthetic', workflowId: 'wf-' + Date.now(), args: [[{ id: '1', amount: 1, tags: [], createdAt: '2026-01-01' }]] });\n  return handle.workflowId;\n}\n`);

  const typeFile = (i) => `src/types/type-${pad(i)}.ts`;
  for (let i = 0; i < counts.types; i++) {
    write(typeFile(i), `/** Shared shape ${i}. */\nexport interface Record${pad(i)} {\n  readonly id: string;\n  readonly amount: number;\n  readonly tags: readonly string[];\n  readonly createdAt: string;\n}\n\nexport type Status${pad(i)} = 'pending' | 'running' | 'done' | 'failed';\n\nexport const DEFAULT_STATUS_${pad(i)}: Status${pad(i)} = 'pending';\n`);
  }
  write('src/types/index.ts', Array.from({ length: counts.types }, (_, i) => `export * from './type-${pad(i)}';`).join('\n') + '\n');

  // Helpers: groups behind `export *` barrels; a helper imports an earlier helper of its group
  // (a DAG, like real utility code), a type, and now and then carries a mistake.
  const helperNames = [];
  for (let g = 0; g < groups; g++) {
    const inGroup = Math.min(GROUP_SIZE, helpers - g * GROUP_SIZE);
    const members = [];
    for (let k = 0; k < inGroup; k++) {
      const id = `${pad(g)}-${pad(k)}`;
      const t = pick(counts.types);
      const lines = [`import type { Record${pad(t)} } from '@model/type-${pad(t)}';`];
      const dependency = k > 0 ? pick(k) : undefined;
      if (dependency !== undefined) lines.push(`import { total${pad(g)}x${pad(dependency)} } from './helper-${pad(g)}-${pad(dependency)}';`);
      lines.push('');
      lines.push(`/** Sums amounts of records in group ${g}. */`);
      lines.push(`export function total${pad(g)}x${pad(k)}(records: readonly Record${pad(t)}[]): number {`);
      lines.push(`  let sum = 0;`);
      lines.push(`  for (const record of records) {`);
      lines.push(`    if (record.tags.includes('skip')) continue;`);
      lines.push(`    sum += Math.round(record.amount * 100) / 100;`);
      lines.push(`  }`);
      lines.push(dependency !== undefined ? `  return sum + total${pad(g)}x${pad(dependency)}([]) * 0;` : '  return sum;');
      lines.push(`}`);
      lines.push('');
      lines.push(`/** Groups records of group ${g} by status, keeping the input order within a group. */`);
      lines.push(`export function byStatus${pad(g)}x${pad(k)}(records: readonly Record${pad(t)}[], statusOf: (r: Record${pad(t)}) => string): Map<string, Record${pad(t)}[]> {`);
      lines.push(`  const groups = new Map<string, Record${pad(t)}[]>();`);
      lines.push(`  for (const record of records) {`);
      lines.push(`    const status = statusOf(record);`);
      lines.push(`    const list = groups.get(status) ?? [];`);
      lines.push(`    list.push(record);`);
      lines.push(`    groups.set(status, list);`);
      lines.push(`  }`);
      lines.push(`  return groups;`);
      lines.push(`}`);
      lines.push('');
      lines.push(`export const LABEL_${pad(g)}_${pad(k)} = ${JSON.stringify(`helper ${g}/${k}`)};`);
      let text = lines.join('\n') + '\n';
      if (rand() < 0.035) {
        text += MISTAKES[pick(MISTAKES.length)](`${pad(g)}x${pad(k)}`);
        mistakes++;
      }
      write(`src/helpers/group-${pad(g)}/helper-${id}.ts`, text);
      members.push(`helper-${id}`);
      helperNames.push({ g, k });
    }
    write(`src/helpers/group-${pad(g)}/index.ts`, members.map((m) => `export * from './${m}';`).join('\n') + '\n');
  }

  for (let i = 0; i < counts.activities; i++) {
    const t = pick(counts.types);
    write(`src/activities/activity-${pad(i)}.ts`, `import { heartbeat } from '@temporalio/activity';\nimport type { Record${pad(t)} } from '../types';\n\n/** Calls the ledger for record ${i}; idempotent by record id. */\nexport async function activity${pad(i)}(input: { record: Record${pad(t)}; endpoint: string }): Promise<number> {\n  const response = await fetch(input.endpoint + '/ledger/' + input.record.id, {\n    method: 'PUT',\n    headers: { 'content-type': 'application/json', 'idempotency-key': input.record.id },\n    body: JSON.stringify(input.record),\n  });\n  heartbeat();\n  if (!response.ok) throw new Error('ledger returned ' + response.status);\n  return input.record.amount;\n}\n`);
  }
  write('src/activities/index.ts', Array.from({ length: counts.activities }, (_, i) => `export * from './activity-${pad(i)}';`).join('\n') + '\n');

  for (let i = 0; i < counts.workflows; i++) {
    const a = pick(counts.activities);
    const t = pick(counts.types);
    const h = helperNames[pick(helperNames.length)];
    const lines = [
      `import { ApplicationFailure, proxyActivities, sleep, condition, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';`,
      `import type * as activities from '../activities';`,
      `import type { Record${pad(t)} } from '@model/type-${pad(t)}';`,
      `import { total${pad(h.g)}x${pad(h.k)} } from '@helpers/group-${pad(h.g)}';`,
      '',
      `const { activity${pad(a)} } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });`,
      `export const approve${pad(i)} = defineSignal<[boolean]>('approve${pad(i)}');`,
      `const MAX_RECORDS = 500;`,
      '',
      `/** Workflow ${i}: waits for approval, then books every record (a bounded batch: each adds history). */`,
      `export async function workflow${pad(i)}(records: Record${pad(t)}[]): Promise<number> {`,
      `  if (records.length > MAX_RECORDS) throw ApplicationFailure.nonRetryable(\`at most \${MAX_RECORDS} records per workflow\`, 'TooManyRecords');`,
      `  let approved: boolean | undefined;`,
      `  setHandler(approve${pad(i)}, (value) => void (approved = value));`,
      `  if (!(await condition(() => approved !== undefined, '1 day'))) return 0;`,
      `  let booked = 0;`,
      `  for (const record of records) {`,
      `    booked += await activity${pad(a)}({ record, endpoint: 'https://ledger.example' });`,
      `    await sleep(${100 + pick(900)});`,
      `  }`,
      `  return booked + total${pad(h.g)}x${pad(h.k)}(records) * 0 + workflowInfo().attempt * 0;`,
      `}`,
    ];
    let text = lines.join('\n') + '\n';
    if (rand() < 0.02) {
      text += MISTAKES[pick(MISTAKES.length)](pad(i));
      mistakes++;
    }
    write(`src/workflows/workflow-${pad(i)}.ts`, text);
  }
  write('src/workflows/index.ts', Array.from({ length: counts.workflows }, (_, i) => `export * from './workflow-${pad(i)}';`).join('\n') + '\n');

  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return { files: files.size, sourceFiles: [...files.keys()].filter((f) => f.endsWith('.ts')).length, mistakes, bytes: [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, size, seed] = process.argv.slice(2);
  if (!dir || !size) {
    console.error('usage: node bench/generate-project.mjs <dir> <files> [seed]');
    process.exit(2);
  }
  console.log(generateProject(path.resolve(dir), Number(size), Number(seed ?? 1)));
}
