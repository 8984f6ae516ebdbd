/** `wfo new` through the real CLI: layouts, names, barrels, conflicts, dry runs, user templates. */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeProject } from '../support/temp-project.js';
import { snapshotTree } from '../support/tree-snapshot.js';

afterAll(removeProjects);

/** A hand-written project with single-file barrels in the user's own style: double quotes, no semicolons, comments. */
function userProject(extra: Record<string, string> = {}): string {
  return writeProject({
    'package.json': JSON.stringify({ name: 'shop', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs' } }),
    'src/worker.ts': `import { Worker } from '@temporalio/worker'\nimport * as activities from './activities'\nexport const w = Worker.create({ taskQueue: 'shop-queue', workflowsPath: require.resolve('./workflows'), activities })\n`,
    'src/workflows.ts': `// Our workflows.\nexport * from "./workflows/checkout"   // the old one\n\n/* keep me */\nexport const VERSION = 1\n`,
    'src/workflows/checkout.ts': `export async function checkout(): Promise<void> {}\n`,
    'src/activities.ts': `export async function ping(): Promise<string> { return 'pong' }\n`,
    ...extra,
  });
}

describe('wfo new', () => {
  it('--list shows every pattern with one line each', () => {
    const { code, stdout } = runWfo(['new', '--list']);
    expect(code).toBe(0);
    const names = stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual(['async-callback', 'entity', 'fan-out', 'human-approval', 'saga']);
  });

  it('lands beside the user\'s files and edits their barrels at one position, in their style', () => {
    const dir = userProject();
    const before = readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8');
    const { code, stdout } = runWfo(['new', 'entity', 'ShoppingCart'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE src/workflows/shopping-cart.ts');
    expect(stdout).toContain('UPDATE src/workflows.ts');
    // After the last export's line, its trailing comment included.
    expect(readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8')).toBe(before.replace('// the old one\n', '// the old one\nexport * from "./workflows/shopping-cart"\n'));
    expect(readFileSync(path.join(dir, 'src/activities.ts'), 'utf8')).toContain("export * from './activities/shopping-cart';");
    // The worker's task queue and the names, normalised from any case style.
    const workflow = readFileSync(path.join(dir, 'src/workflows/shopping-cart.ts'), 'utf8');
    expect(workflow).toContain('export async function shoppingCart(input: ShoppingCartInput)');
    expect(workflow).toContain("from '../activities/shopping-cart'");
  });

  it('is idempotent, whatever case style the name is given in', () => {
    const dir = userProject();
    expect(runWfo(['new', 'saga', 'order-checkout'], { cwd: dir }).code).toBe(0);
    const tree = snapshotTree(dir);
    const again = runWfo(['new', 'saga', 'order_checkout'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l && !l.startsWith('UNCHANGED'))).toEqual([]);
    expect(snapshotTree(dir)).toEqual(tree);
  });

  it('refuses to overwrite a file the user changed (exit 1, nothing written), and replaces it with --force', () => {
    const dir = userProject();
    runWfo(['new', 'saga', 'refund'], { cwd: dir });
    const mine = path.join(dir, 'src/workflows/refund.ts');
    writeFileSync(mine, '// my edits\n');
    rmGenerated(dir, 'src/activities/refund.ts');
    const tree = snapshotTree(dir);
    const blocked = runWfo(['new', 'saga', 'refund'], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('CONFLICT src/workflows/refund.ts');
    expect(blocked.stderr).toBe('wfo: 1 file already exists with different contents; nothing was written (--force replaces it)\n');
    expect(snapshotTree(dir)).toEqual(tree);
    const forced = runWfo(['new', 'saga', 'refund', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(mine, 'utf8')).toContain('export async function refund(');
    expect(existsSync(path.join(dir, 'src/activities/refund.ts'))).toBe(true);
  });

  it('--dry-run writes nothing; --diff shows the changes; --json gives the plan', () => {
    const dir = userProject();
    const tree = snapshotTree(dir);
    const dry = runWfo(['new', 'fan-out', 'resize', '--dry-run', '--diff'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(snapshotTree(dir)).toEqual(tree);
    expect(dry.stdout).toContain('--- a/src/workflows.ts\n+++ b/src/workflows.ts');
    expect(dry.stdout).toContain('+export * from "./workflows/resize"');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    const json = JSON.parse(runWfo(['new', 'fan-out', 'resize', '--dry-run', '--json'], { cwd: dir }).stdout) as { written: boolean; files: { path: string; action: string }[] };
    expect(json.written).toBe(false);
    expect(json.files).toContainEqual({ path: 'src/workflows/resize.ts', action: 'create' });
    expect(json.files).toContainEqual({ path: 'src/workflows.ts', action: 'update' });
  });

  it('writes .js import extensions in an ESM NodeNext project', () => {
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'esm', private: true, type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true } }),
      'src/workflows/index.ts': '',
      'src/activities/index.ts': '',
    });
    expect(runWfo(['new', 'human-approval', 'expense'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/workflows/index.ts'), 'utf8')).toBe("export * from './expense.js';\n");
    expect(readFileSync(path.join(dir, 'src/workflows/expense.ts'), 'utf8')).toContain("from '../activities/expense.js'");
  });

  it('uses and overrides patterns from the templates folder named in wfo config', () => {
    const dir = userProject({
      'wfo.config.json': JSON.stringify({ templates: 'patterns' }),
      'patterns/ping/pattern.json': JSON.stringify({ description: 'our house ping', barrels: { workflows: '{{workflowsDir}}/{{name.kebab}}.ts' } }),
      'patterns/ping/files/{{workflowsDir}}/{{name.kebab}}.ts.hbs': 'export async function {{name.camel}}(): Promise<string> { return "{{name.words}}"; }\n',
    });
    expect(runWfo(['new', '--list'], { cwd: dir }).stdout).toMatch(/^ping\s+our house ping$/m);
    expect(runWfo(['new', 'ping', 'health check'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/workflows/health-check.ts'), 'utf8')).toBe('export async function healthCheck(): Promise<string> { return "health check"; }\n');
  });

  it('explains what is missing: no project, an unknown pattern, no name', () => {
    const outside = writeProject({});
    chmodSync(outside, 0o755);
    mkdirSync(path.join(outside, 'empty'));
    const none = runWfo(['new', 'saga', 'x'], { cwd: path.join(outside, 'empty') });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^wfo: no package\.json or tsconfig\.json in .* or above: run `wfo init` to create a project\n$/);
    const unknown = runWfo(['new', 'sagas', 'x'], { cwd: userProject() });
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 2, stderr: "wfo: unknown pattern 'sagas' (did you mean \"saga\"?); `wfo new --list` shows them\n" });
    const unnamed = runWfo(['new', 'saga'], { cwd: userProject() });
    expect({ code: unnamed.code, stderr: unnamed.stderr }).toEqual({ code: 2, stderr: 'wfo: missing <name>: wfo new <pattern> <name>\n' });
  });
});

describe('wfo new, as a user meets it', () => {
  it('refuses names that would be the barrel, a device file or a CommonJS binding: one line, exit 2, nothing written', () => {
    const dir = userProject();
    const tree = snapshotTree(dir);
    const refused: [string, RegExp][] = [
      ['index', /^wfo: invalid name "index": index\.ts is the barrel of the workflows and activities folders; choose another name\n$/],
      ['Index', /^wfo: invalid name "Index": index\.ts is the barrel/],
      ['nul', /^wfo: invalid name "nul": Windows cannot create a file named nul\.ts; choose another name\n$/],
      ['exports', /^wfo: invalid name "exports": "exports" is a name every CommonJS module already has\n$/],
    ];
    for (const [name, message] of refused) {
      const { code, stdout, stderr } = runWfo(['new', 'saga', name], { cwd: dir });
      expect({ name, code, stdout }).toEqual({ name, code: 2, stdout: '' });
      expect(stderr).toMatch(message);
    }
    expect(snapshotTree(dir)).toEqual(tree);
  });

  it('refuses a name the pattern\'s code already uses (it would not compile), before writing anything', () => {
    const dir = userProject();
    const tree = snapshotTree(dir);
    const cases: [string, string, string][] = [
      ['async-callback', 'condition', "src/workflows/condition.ts would not compile (Import declaration conflicts with local declaration of 'condition')"],
      ['entity', 'worker', "src/test/worker.workflow.test.ts would not compile (Import declaration conflicts with local declaration of 'worker')"],
      ['human-approval', 'handle', "src/test/handle.workflow.test.ts would not compile (Block-scoped variable 'handle' used before its declaration)"],
      ['saga', 'activities', "src/workflows/activities.ts would not compile (Import declaration conflicts with local declaration of 'activities')"],
    ];
    for (const [pattern, name, why] of cases) {
      const { code, stdout, stderr } = runWfo(['new', pattern, name], { cwd: dir });
      expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `wfo: invalid name "${name}": the ${pattern} pattern's code already uses ${name}, so ${why}; choose another name\n` });
    }
    expect(snapshotTree(dir)).toEqual(tree);
  });

  it('finds names the barrel already exports before writing (values through export *, types, the barrel\'s own), even with --force', () => {
    const dir = userProject({
      'src/workflows/orders.ts': 'export async function refund(): Promise<void> {}\n',
      'src/workflows/shipping.ts': 'export interface ShipInput { readonly to: string }\n',
      'src/workflows.ts': '// Our workflows.\nexport * from "./workflows/checkout"\nexport * from "./workflows/orders"\nexport * from "./workflows/shipping"\nexport const audit = 1\n',
    });
    const tree = snapshotTree(dir);
    const cases: [string[], string][] = [
      [['saga', 'refund'], 'src/workflows.ts already exports refund (from src/workflows/orders.ts), which the new src/workflows/refund.ts exports too'],
      [['entity', 'ship', '--force'], 'src/workflows.ts already exports ShipInput (from src/workflows/shipping.ts), which the new src/workflows/ship.ts exports too'],
      [['fan-out', 'audit', '--dry-run'], 'src/workflows.ts already exports audit (from src/workflows.ts), which the new src/workflows/audit.ts exports too'],
    ];
    for (const [args, why] of cases) {
      const { code, stdout, stderr } = runWfo(['new', ...args], { cwd: dir });
      expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `wfo: ${why}; nothing was written: choose another name\n` });
    }
    expect(snapshotTree(dir)).toEqual(tree);
  });

  it('adds to the module the worker\'s workflowsPath names, in any of its spellings', () => {
    const testWorker = "import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'test', workflowsPath: require.resolve('../temporal/flows') });\n";
    const worker = (expression: string): string => `import path from 'node:path';\nimport { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'billing', workflowsPath: ${expression} });\n`;
    const spellings: [string, Record<string, string>, string, string][] = [
      // A test's worker on the same module, read first, does not hide the application's.
      ["require.resolve('./temporal/flows')", { 'src/temporal/flows/index.ts': '', 'src/test/flows.test.ts': testWorker }, 'src/temporal/flows/index.ts', 'src/temporal/flows/invoice.ts'],
      ["path.join(__dirname, 'temporal', 'all-workflows')", { 'src/temporal/all-workflows.ts': '' }, 'src/temporal/all-workflows.ts', 'src/temporal/all-workflows/invoice.ts'],
      ["new URL('./flows.js', import.meta.url).pathname", { 'src/flows.ts': '' }, 'src/flows.ts', 'src/flows/invoice.ts'],
    ];
    for (const [expression, files, barrel, created] of spellings) {
      const dir = writeProject({
        'package.json': JSON.stringify({ name: 'billing', private: true }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
        'src/worker.ts': worker(expression),
        // A folder by the usual name that the worker does not load: it must not get the new workflow.
        'src/workflows/index.ts': '',
        ...files,
      });
      const { code, stdout } = runWfo(['new', 'saga', 'invoice'], { cwd: dir });
      expect(code).toBe(0);
      expect(stdout).toContain(`CREATE ${created}\n`);
      expect(stdout).toContain(`UPDATE ${barrel}\n`);
      expect(readFileSync(path.join(dir, 'src/workflows/index.ts'), 'utf8')).toBe('');
      expect(readFileSync(path.join(dir, barrel), 'utf8')).toBe("export * from './invoice';\n".replace('./invoice', `./${path.posix.relative(path.posix.dirname(barrel), created).replace(/\.ts$/, '')}`));
      expect(stdout).toContain('--task-queue billing');
    }
    // Only tests' workers (each on one workflow file, as the generated tests are): the usual barrel.
    const tested = userProject({ 'src/worker.ts': '', 'src/test/checkout.test.ts': "import { Worker } from '@temporalio/worker';\nWorker.create({ taskQueue: 'test', workflowsPath: require.resolve('../workflows/checkout') });\n" });
    expect(runWfo(['new', 'saga', 'invoice', '--dry-run'], { cwd: tested }).stdout).toContain('UPDATE src/workflows.ts\n');
  });

  it('keeps a CRLF barrel CRLF, and a trailing comment on the line it was on', () => {
    const dir = userProject({ 'src/workflows.ts': '// Our workflows.\r\nexport * from "./workflows/checkout" // the old one\r\n\r\nexport const VERSION = 1\r\n' });
    expect(runWfo(['new', 'entity', 'cart'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/workflows.ts'), 'utf8')).toBe('// Our workflows.\r\nexport * from "./workflows/checkout" // the old one\r\nexport * from "./workflows/cart"\r\n\r\nexport const VERSION = 1\r\n');
    // The last line, without a line break at the end: the new export goes on a line of its own.
    const last = userProject({ 'src/workflows.ts': 'export * from "./workflows/checkout" /* the old one */' });
    expect(runWfo(['new', 'entity', 'cart'], { cwd: last }).code).toBe(0);
    expect(readFileSync(path.join(last, 'src/workflows.ts'), 'utf8')).toBe('export * from "./workflows/checkout" /* the old one */\nexport * from "./workflows/cart"');
  });

  it('--diff alone shows the diff and writes nothing, as black\'s, ruff\'s and isort\'s --diff do', () => {
    const dir = userProject();
    const tree = snapshotTree(dir);
    const { code, stdout } = runWfo(['new', 'saga', 'refund', '--diff'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('+export * from "./workflows/refund"');
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(snapshotTree(dir)).toEqual(tree);
  });

  it('says how to start the new workflow and which environment variables its activities read', () => {
    const dir = userProject();
    const { code, stdout } = runWfo(['new', 'saga', 'order-checkout'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        'Next steps:',
        '  Start it (with the worker running):',
        `    temporal workflow start --task-queue shop-queue --type orderCheckout --workflow-id order-checkout-1 --input '{"orderId":"…","customerId":"…","items":[],"amountCents":0}'`,
        "  Its activities read ORDER_CHECKOUT_API_URL (default http://localhost:8080): set it in the worker's environment.",
      ].join('\n'),
    );
    const json = JSON.parse(runWfo(['new', 'human-approval', 'expense', '--json'], { cwd: dir }).stdout) as { next: { start: string; env: { name: string }[] } };
    expect(json.next.start).toMatch(/^temporal workflow start --task-queue shop-queue --type expense --workflow-id expense-1 --input '\{.*\}'$/);
    expect(json.next.env.map((v) => v.name)).toEqual(['EXPENSE_NOTIFY_URL']);
    // Nothing new, nothing to do next.
    expect(runWfo(['new', 'saga', 'order-checkout'], { cwd: dir }).stdout).not.toContain('Next steps');
  });

  it('does not stutter when the name ends in the pattern\'s own word', () => {
    const dir = userProject();
    const { code, stdout } = runWfo(['new', 'async-callback', 'payment-callback'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Named payment: the async-callback pattern adds "callback" to the names it makes\.\n/);
    const workflow = readFileSync(path.join(dir, 'src/workflows/payment.ts'), 'utf8');
    expect(workflow).toContain('export const paymentCallback = defineSignal');
    expect(workflow).not.toMatch(/CallbackCallback/i);
    expect(runWfo(['new', 'async-callback', 'PaymentAsyncCallback', '--dry-run'], { cwd: dir }).stdout).toContain('UNCHANGED src/workflows/payment.ts');
    // The word alone is a name; other patterns' names keep their last word.
    expect(runWfo(['new', 'async-callback', 'callback', '--dry-run'], { cwd: dir }).stdout).toContain('CREATE src/workflows/callback.ts');
    expect(runWfo(['new', 'saga', 'order-saga', '--dry-run'], { cwd: dir }).stdout).toContain('CREATE src/workflows/order-saga.ts');
  });
});

describe('wfo new in a mocha project: tests that mocha runs', () => {
  const mochaProject = (files: Record<string, string>): string =>
    writeProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs' } }),
      'src/workflows/index.ts': '',
      'src/activities/index.ts': '',
      ...files,
    });

  it('lands where the test script\'s spec looks, as suites mocha runs: no node:test runner, hooks scoped to the file, no 2 s timeout', () => {
    // Temporal's samples-typescript layout.
    const dir = mochaProject({ 'package.json': JSON.stringify({ scripts: { test: 'mocha --exit --require ts-node/register --require source-map-support/register src/mocha/*.test.ts' }, devDependencies: { mocha: '^10.0.0' } }) });
    const { code, stdout } = runWfo(['new', 'saga', 'refund'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE src/mocha/refund.workflow.test.ts\n');
    expect(stdout).toContain('CREATE src/mocha/refund.activities.test.ts\n');
    const workflowTest = readFileSync(path.join(dir, 'src/mocha/refund.workflow.test.ts'), 'utf8');
    const activitiesTest = readFileSync(path.join(dir, 'src/mocha/refund.activities.test.ts'), 'utf8');
    for (const test of [workflowTest, activitiesTest]) {
      expect(test).not.toMatch(/^\s*test\(/m);
      expect(test).not.toMatch(/^(before|after|afterEach|it)\(/m); // every hook and test inside the file's suite
      expect(test).toMatch(/^describe\('refund (workflow|activities)', function \(\) \{\n {2}this\.timeout\(0\);\n/m);
      expect(test.trimEnd().endsWith('\n});')).toBe(true);
      expect(ts.transpileModule(test, { reportDiagnostics: true, fileName: 'x.ts' }).diagnostics).toEqual([]);
    }
    expect(workflowTest).not.toContain("from 'node:test'");
    expect(workflowTest).toMatch(/^ {2}before\(async \(\) => \{$/m);
    expect(workflowTest).toMatch(/^ {2}it\('refund undoes the completed steps/m);
    // node:test's mock tracker works under mocha: it stays, alone.
    expect(activitiesTest).toContain("import { mock } from 'node:test';\n");
    expect(activitiesTest).toMatch(/^ {2}afterEach\(\(\) => mock\.restoreAll\(\)\);$/m);
  });

  it('names the files as the spec asks (.mocharc), and puts compiled tests\' sources where they compile to the spec', () => {
    const rc = mochaProject({ 'package.json': JSON.stringify({ scripts: { test: 'mocha' } }), '.mocharc.json': JSON.stringify({ require: 'ts-node/register', spec: ['test/**/*.spec.ts'] }) });
    const fromRc = runWfo(['new', 'entity', 'cart'], { cwd: rc });
    expect(fromRc.code).toBe(0);
    expect(fromRc.stdout).toContain('CREATE test/cart.workflow.spec.ts\n');
    expect(fromRc.stdout).toContain('CREATE test/cart.activities.spec.ts\n');
    expect(readFileSync(path.join(rc, 'test/cart.workflow.spec.ts'), 'utf8')).toContain("from '../src/workflows/cart'");
    const compiled = mochaProject({
      'package.json': JSON.stringify({ scripts: { test: "tsc && mocha --recursive 'lib/test/**/*.test.js'" }, devDependencies: { mocha: '^10.0.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', outDir: 'lib', rootDir: 'src' } }),
    });
    const built = runWfo(['new', 'fan-out', 'resize'], { cwd: compiled });
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('CREATE src/test/resize.workflow.test.ts\n');
    expect(readFileSync(path.join(compiled, 'src/test/resize.workflow.test.ts'), 'utf8')).toContain("describe('resize workflow', function () {");
  });

  it('says so when no spec of the project takes the generated tests', () => {
    const dir = mochaProject({ 'package.json': JSON.stringify({ devDependencies: { mocha: '^10.0.0' } }), '.mocharc.yml': 'spec:\n  - test/**/*.unit.ts\n' });
    const { code, stdout } = runWfo(['new', 'saga', 'refund'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain("CREATE src/test/refund.workflow.test.ts\n  note: mocha's spec (test/**/*.unit.ts, from .mocharc.yml) does not take this file: add it, or move the file where it looks\n");
  });
});

function rmGenerated(dir: string, file: string): void {
  rmSync(path.join(dir, file));
}
