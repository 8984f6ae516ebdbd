/**
 * `wfo lint --deployed <ref>` (rule replay-breaking-change), through the real CLI on temporary git
 * repositories: the deployed version committed and tagged `deployed`, the new one in the working tree.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWfo } from '../support/cli.js';
import { removeProjects, writeFiles, writeProject } from '../support/temp-project.js';

afterAll(removeProjects);

const WORKER = `import { Worker } from '@temporalio/worker';
import * as activities from './activities';

export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 'q', workflowsPath: require.resolve('./workflows'), activities });
  await worker.run();
}
`;

const ACTIVITIES = ['reserve', 'chargeCard', 'shipOrder', 'charge', 'notify', 'audit']
  .map((name) => `export async function ${name}(input?: unknown): Promise<string> { return String(input); }\n`)
  .join('');

/** The workflow module around a body: activities as a proxy, local activities, a child workflow. */
function workflows(body: string, extra = ''): string {
  return `import * as wf from '@temporalio/workflow';
import { condition, continueAsNew, defineSignal, deprecatePatch, executeChild, log, patched, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { reserve, chargeCard, shipOrder, charge, notify, audit } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
export const approve = defineSignal('approve');

export async function payment(): Promise<void> {
  await charge();
}
${extra}
export async function order(items: string[]): Promise<void> {
${body}
}
`;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
}

/** A repository with `deployed` committed and tagged, and `now` in the working tree. */
function repo(deployed: string, now: string): string {
  const dir = writeProject({
    'package.json': JSON.stringify({ name: 'app', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
    'src/worker.ts': WORKER,
    'src/activities.ts': ACTIVITIES,
    'src/workflows.ts': deployed,
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'deployed');
  git(dir, 'tag', 'deployed');
  writeFileSync(path.join(dir, 'src/workflows.ts'), now);
  return dir;
}

interface JsonMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

/** `line ruleId` of the replay-breaking-change findings, and their messages. */
function lintDeployed(dir: string, extra: string[] = []): { code: number | null; found: string[]; messages: string[] } {
  const { code, stdout, stderr } = runWfo(['lint', '--deployed', 'deployed', '-f', 'json', ...extra], { cwd: dir });
  if (code === 2) throw new Error(stderr);
  const messages = (JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((r) => r.messages).filter((m) => m.ruleId === 'replay-breaking-change');
  return { code, found: messages.map((m) => `${m.line}`), messages: messages.map((m) => m.message) };
}

/** The line of `text` in the new workflow module (1-based). */
function lineOf(source: string, text: string): string {
  const index = source.split('\n').findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`no line with ${text}`);
  return String(index + 1);
}

const BASE = `  await reserve();
  await shipOrder();`;

function expectBreaking(deployedBody: string, nowBody: string, at: string, message?: RegExp): void {
  const now = workflows(nowBody);
  const { found, messages } = lintDeployed(repo(workflows(deployedBody), now));
  expect(found).toEqual([lineOf(now, at)]);
  if (message) expect(messages[0]).toMatch(message);
}

function expectSafe(deployedBody: string, nowBody: string, deployedExtra = '', nowExtra = ''): void {
  expect(lintDeployed(repo(workflows(deployedBody, deployedExtra), workflows(nowBody, nowExtra))).found).toEqual([]);
}

describe('breaking changes', () => {
  it('an activity inserted before another: reported on it, with a patch id to guard it', () => {
    expectBreaking(
      BASE,
      `  await reserve();\n  await chargeCard();\n  await shipOrder();`,
      'await chargeCard()',
      /^Executions of workflow 'order' started on deployed fail on replay here: activity 'chargeCard' was inserted before activity 'shipOrder' \(history has activity 'shipOrder' next: Temporal matches commands in order\)\. Guard it: `if \(patched\('order-charge-card'\)\) \{ <the new code> \}`, or pin 'order' with Worker Versioning \(versioningBehavior: 'PINNED'\)\.$/,
    );
  });

  it('an activity removed: reported on the command after it', () => {
    expectBreaking(`  await reserve();\n  await chargeCard();\n  await shipOrder();`, BASE, 'await shipOrder()', /activity 'chargeCard' was removed/);
  });

  it('activities reordered', () => {
    expectBreaking(BASE, `  await shipOrder();\n  await reserve();`, 'await shipOrder()', /moved before activity 'reserve'/);
  });

  it("an activity's type renamed", () => {
    expectBreaking(BASE, `  await reserve();\n  await notify();`, 'await notify()', /activity 'shipOrder' was replaced by activity 'notify'/);
  });

  it('an activity turned into a child workflow', () => {
    expectBreaking(BASE, `  await reserve();\n  await executeChild(payment, { workflowId: 'p' });`, 'executeChild(payment', /activity 'shipOrder' was replaced by child workflow 'payment'/);
  });

  it('an activity turned into a local activity', () => {
    expectBreaking(BASE, `  await reserve();\n  await local.shipOrder();`, 'local.shipOrder()', /replaced by local activity 'shipOrder'/);
  });

  it('a timer inserted', () => {
    expectBreaking(BASE, `  await reserve();\n  await sleep('1 hour');\n  await shipOrder();`, "sleep('1 hour')", /a timer was inserted before activity 'shipOrder'/);
  });

  it('a condition with a timeout is a timer', () => {
    expectBreaking(BASE, `  await reserve();\n  await condition(() => false, '1 day');\n  await shipOrder();`, 'condition(', /a timer was inserted/);
  });

  it('a loop bound changed around an activity', () => {
    expectBreaking(
      `  for (const item of items) await reserve(item);\n  await shipOrder();`,
      `  for (const item of items.slice(1)) await reserve(item);\n  await shipOrder();`,
      'for (const item',
      /the loop around activity 'reserve' changed from `items` to `items.slice\(1\)`/,
    );
  });

  it('a branch condition changed around an activity', () => {
    expectBreaking(`  if (items.length > 1) await reserve();\n  await shipOrder();`, `  if (items.length > 2) await reserve();\n  await shipOrder();`, 'if (items.length > 2)', /condition around activity 'reserve' changed/);
  });

  it('patched() removed with its old branch, without deprecatePatch first', () => {
    expectBreaking(
      `  await reserve();\n  if (patched('order-charge')) await chargeCard();\n  await shipOrder();`,
      `  await reserve();\n  await chargeCard();\n  await shipOrder();`,
      'await chargeCard()',
      /patched\('order-charge'\) was removed.*deprecatePatch\('order-charge'\)/,
    );
  });

  it('an explicit activityId given to an activity that had the default one', () => {
    const deployed = workflows(BASE);
    const now = workflows(BASE.replace('shipOrder()', 'shipping.shipOrder()'), "const shipping = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', activityId: 'ship-order' });\n");
    const { found, messages } = lintDeployed(repo(deployed, now));
    expect(found).toEqual([lineOf(now, 'shipping.shipOrder()')]);
    expect(messages[0]).toMatch(/the id of activity 'shipOrder' changed from the default to `'ship-order'`/);
  });

  it('a random draw before a child without a workflowId (its default id comes from the same seeded random)', () => {
    const child = `  await executeChild(payment, {});`;
    expectBreaking(child, `  const requestId = wf.uuid4();\n  log.info('start', { requestId });\n${child}`, 'executeChild(payment', /gets another default workflow id/);
  });

  it('a signal to an external workflow inserted', () => {
    expectBreaking(BASE, `  await reserve();\n  await wf.getExternalWorkflowHandle('other').signal(approve);\n  await shipOrder();`, 'getExternalWorkflowHandle', /a signal to another workflow was inserted/);
  });

  it('children started side by side now started one after another', () => {
    expectBreaking(
      `  await Promise.all(items.map((item) => executeChild(payment, { args: [] })));`,
      `  for (const item of items) await executeChild(payment, { args: [] });`,
      'for (const item',
      /now run one after another instead of side by side/,
    );
  });

  it('a command inside a helper of another module: reported at the call of the helper', () => {
    const helper = (body: string) => `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { chargeCard, audit } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function pay(): Promise<void> {\n${body}\n}\n`;
    const now = workflows(`  await reserve();\n  await pay();\n  await shipOrder();`, "import { pay } from './payments';\n");
    const dir = repo(workflows(`  await reserve();\n  await pay();\n  await shipOrder();`, "import { pay } from './payments';\n"), now);
    writeFiles(dir, { 'src/payments.ts': helper('  await chargeCard();') });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '--amend', '-m', 'deployed');
    git(dir, 'tag', '-f', 'deployed');
    writeFiles(dir, { 'src/payments.ts': helper('  await audit();\n  await chargeCard();') });
    const { found, messages } = lintDeployed(dir);
    expect(found).toEqual([lineOf(now, 'await pay()')]);
    expect(messages[0]).toMatch(/activity 'audit' was inserted before activity 'chargeCard'/);
  });

  it('a catch that gave no command now gives one: executions that threw there went on to what followed', () => {
    const caught = (handler: string) => `  try {\n    await reserve();\n  } catch (err) {\n    ${handler}\n  }\n  await shipOrder();`;
    expectBreaking(caught("log.warn('no reservation');"), caught("await notify('no reservation');"), '} catch (err) {');
  });

  it('a flag set where the deployed code caught too decides a later branch', () => {
    const flagged = (handler: string, after: string) => `  let failed = false;\n  try {\n    await reserve();\n  } catch (err) {\n    ${handler}\n  }\n${after}  await shipOrder();`;
    expectBreaking(flagged("failed = true;", ''), flagged("failed = true;", '  if (failed) return;\n'), 'if (failed) return;');
  });

  it('a workflow in two bundles, one of which only imports it (a test script): compared with the bundle that registers it', () => {
    // src/workflows.ts re-exports the workflow of src/order.ts; the script's bundle, whose worker
    // sorts first, imports it without exporting it.
    const deployedCode = workflows(BASE);
    const now = workflows(`  await reserve();\n  await audit();\n  await shipOrder();`);
    const dir = repo(`export { order } from './order';\n`, `export { order } from './order';\n`);
    writeFiles(dir, {
      'src/order.ts': deployedCode,
      'scripts/try-worker.ts': `import { Worker } from '@temporalio/worker';\nexport const run = () => Worker.create({ taskQueue: 'try', workflowsPath: require.resolve('./try-workflows') });\n`,
      'scripts/try-workflows.ts': `import { sleep } from '@temporalio/workflow';\nimport { order } from '../src/order';\nexport const tried = [order.name];\nexport async function tryOrder(): Promise<void> {\n  await sleep(1);\n}\n`,
    });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'script');
    git(dir, 'tag', '-f', 'deployed');
    writeFileSync(path.join(dir, 'src/order.ts'), now);
    expect(lintDeployed(dir).found).toEqual([lineOf(now, 'await audit()')]);
  });

  it('a new if around old commands, or an early exit before them: each with the guard that keeps deployed executions on the old way', () => {
    expectBreaking(
      BASE,
      `  await reserve();\n  if (items.length > 1) {\n    await shipOrder();\n  }`,
      'if (items.length > 1)',
      /`if \(items\.length > 1\)` was put around activity 'shipOrder' \(history has activity 'shipOrder', for executions where it does not hold: .*Guard it: `if \(!patched\('order-items-length-1'\) \|\| items\.length > 1\)`/,
    );
    expectBreaking(
      BASE,
      `  await reserve();\n  if (items.length > 1) return;\n  await shipOrder();`,
      'if (items.length > 1)',
      /`if \(items\.length > 1\)` was inserted before activity 'shipOrder' \(history has the commands that follow it, for executions where it now holds: .*Guard it: `if \(patched\('order-items-length-1'\) && items\.length > 1\)`/,
    );
  });

  describe('activities and callbacks a helper gets in an object (Uncodier: processSingleIcp(args) with args.deps)', () => {
    const helper = (steps: string, parameter = 'args: { item: string; deps: Deps }', unpack = '  const { item, deps } = args;\n') =>
      `interface Deps { reserve: () => Promise<string>; ship: (item: string) => Promise<unknown> }\nasync function processOne(${parameter}): Promise<void> {\n${unpack}${steps}\n}\n`;
    const call = (reserve = 'reserve') => `  await processOne({ item: items[0]!, deps: { ${reserve}, ship: (item) => executeChild(payment, { workflowId: item }) } });\n  await shipOrder();`;
    const inOrder = '  await deps.reserve();\n  await deps.ship(item);';
    const swapped = '  await deps.ship(item);\n  await deps.reserve();';
    const lint = (oldExtra: string, newExtra: string, oldBody = call(), newBody = call()) => {
      const now = workflows(newBody, newExtra);
      return { now, ...lintDeployed(repo(workflows(oldBody, oldExtra), now)) };
    };

    it('the helper swaps the activity and the child it was given: reported at the child, in the callback', () => {
      const { now, found, messages } = lint(helper(inOrder), helper(swapped));
      expect(found).toEqual([lineOf(now, 'executeChild(payment')]);
      expect(messages[0]).toMatch(/child workflow 'payment' was moved before activity 'reserve'/);
    });

    it('a destructured parameter works the same', () => {
      const destructured = (steps: string) => helper(steps, '{ item, deps }: { item: string; deps: Deps }', '');
      expect(lint(destructured(inOrder), destructured(swapped)).found).toHaveLength(1);
    });

    it('the caller passes another activity for the same member', () => {
      const { now, found } = lint(helper(inOrder), helper(inOrder), call(), call('reserve: chargeCard'));
      expect(found).toEqual([lineOf(now, 'await deps.reserve()')]);
    });

    it('the same activities passed another way: nothing to report', () => {
      expect(lint(helper(inOrder), helper(inOrder), call(), call('reserve: reserve')).found).toEqual([]);
    });
  });

  it('commands added at the end of a try whose catch gives commands, with a command after the try', () => {
    const tried = (end: string) => `  try {\n    await reserve();${end}\n  } catch (err) {\n    await notify('failed');\n  }\n  await shipOrder();`;
    expectBreaking(tried(''), tried('\n    await audit();'), 'await audit()', /activity 'audit' was inserted before activity 'shipOrder'/);
  });

  it('a command inserted before a try that gives no command, whose catch gives one: the catch can come next', () => {
    const before = (inserted: string) => `  await reserve();${inserted}\n  try {\n    JSON.parse(items[0]!);\n  } catch (err) {\n    await notify('bad item');\n  }`;
    expectBreaking(before(''), before('\n  await audit();'), 'await audit()', /activity 'audit' was inserted before activity 'notify' in the `catch` of a `try` without commands/);
  });

  it('a command inside a helper of the same file', () => {
    const helper = `async function pay(): Promise<void> {\n  await chargeCard();\n}\n`;
    const now = workflows(`  await reserve();\n  await pay();\n  await shipOrder();`, helper);
    const { found } = lintDeployed(repo(workflows(BASE, helper), now));
    expect(found).toEqual([lineOf(now, 'await chargeCard()')]);
  });
});

describe('safe changes', () => {
  it('a timer duration changed', () => {
    expectSafe(`  await reserve();\n  await sleep('1 hour');\n  await shipOrder();`, `  await reserve();\n  await sleep('2 hours');\n  await shipOrder();`);
  });

  it('arguments and activity options changed', () => {
    const deployed = workflows(`  await reserve('a');\n  await shipOrder();`);
    const now = workflows(`  await reserve(items[0]);\n  await shipOrder({ fast: true });`).replace("startToCloseTimeout: '1 minute'", "startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 3 }");
    expect(lintDeployed(repo(deployed, now)).found).toEqual([]);
  });

  it('an insertion guarded by patched(), the old commands kept in the else', () => {
    expectSafe(BASE, `  if (patched('order-charge-card')) {\n    await reserve();\n    await chargeCard();\n  } else {\n    await reserve();\n  }\n  await shipOrder();`);
  });

  it('deprecatePatch() replacing patched() once the old branch is gone', () => {
    expectSafe(`  await reserve();\n  if (patched('order-charge')) await chargeCard();\n  await shipOrder();`, `  await reserve();\n  deprecatePatch('order-charge');\n  await chargeCard();\n  await shipOrder();`);
  });

  it('a new signal handler', () => {
    expectSafe(BASE, `  let approved = false;\n  setHandler(approve, () => {\n    approved = true;\n  });\n  await reserve();\n  await shipOrder();`);
  });

  it('a log line added', () => {
    expectSafe(BASE, `  await reserve();\n  log.info('reserved', { items });\n  await shipOrder();`);
  });

  it('code after the last command', () => {
    expectSafe(BASE, `  await reserve();\n  await shipOrder();\n  log.info('shipped');\n  await notify();`);
  });

  it('a loop turned into Promise.all over the same collection', () => {
    expectSafe(`  for (const item of items) await reserve(item);\n  await shipOrder();`, `  await Promise.all(items.map((item) => reserve(item)));\n  await shipOrder();`);
  });

  it('a loop over the same elements in another order, when its commands do not depend on them', () => {
    expectSafe(`  for (const item of items) await reserve(item);\n  await shipOrder();`, `  for (const item of items.reverse()) await reserve(item);\n  await shipOrder();`);
  });

  it('the condition around the last command dropped', () => {
    expectSafe(`  await reserve();\n  if (items.length) await shipOrder();`, BASE);
  });

  it('continueAsNew turned into a return, and commands inserted before it', () => {
    expectSafe(`  await reserve();\n  await continueAsNew<typeof order>(items);`, `  await reserve();\n  await audit();\n  return;`);
  });

  it('patched() again after deprecatePatch() was deployed', () => {
    expectSafe(`  deprecatePatch('order-charge');\n  await chargeCard();\n  await shipOrder();`, `  if (patched('order-charge')) await chargeCard();\n  else await reserve();\n  await shipOrder();`);
  });

  it('a random draw after the children', () => {
    const child = `  await executeChild(payment, {});`;
    expectSafe(child, `${child}\n  log.info('done', { id: wf.uuid4() });`);
  });

  it('a workflow pinned with Worker Versioning', () => {
    const pin = `wf.setWorkflowOptions({ versioningBehavior: 'PINNED' }, order);\n`;
    const deployed = workflows(BASE) + pin;
    const now = workflows(`  await shipOrder();\n  await reserve();`) + pin;
    expect(lintDeployed(repo(deployed, now)).found).toEqual([]);
  });

  it('a worker that pins its workflows by default (Worker Versioning), unless the deployed one opted into AUTO_UPGRADE', () => {
    const pinning = (buildId: string) => WORKER.replace('activities });', `activities,\n    workerDeploymentOptions: { useWorkerVersioning: true, version: { buildId: '${buildId}', deploymentName: 'orders' }, defaultVersioningBehavior: 'PINNED' },\n  });`);
    const upgrading = "\nwf.setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, order);\n";
    const changed = `  await audit();\n${BASE}`;
    const lintAgainst = (deployed: string, now: string): string[] => {
      const dir = repo(deployed, now);
      writeFiles(dir, { 'src/worker.ts': pinning('1.0') });
      git(dir, 'add', 'src/worker.ts');
      git(dir, 'commit', '-q', '--amend', '-m', 'deployed');
      git(dir, 'tag', '-f', 'deployed');
      writeFiles(dir, { 'src/worker.ts': pinning('1.1') });
      return lintDeployed(dir).found;
    };
    expect(lintAgainst(workflows(BASE), workflows(changed))).toEqual([]);
    const now = workflows(changed) + upgrading;
    expect(lintAgainst(workflows(BASE) + upgrading, now)).toEqual([lineOf(now, 'await audit()')]);
  });

  it('pinned by default, but the changed code deployed under the same build id: the pinned executions replay it', () => {
    const pinning = (buildId: string) => WORKER.replace('activities });', `activities,\n    workerDeploymentOptions: { useWorkerVersioning: true, version: { buildId: '${buildId}', deploymentName: 'orders' }, defaultVersioningBehavior: 'PINNED' },\n  });`);
    const now = workflows(`  await audit();\n${BASE}`);
    const dir = repo(workflows(BASE), now);
    writeFiles(dir, { 'src/worker.ts': pinning('1.0') });
    git(dir, 'add', 'src/worker.ts');
    git(dir, 'commit', '-q', '--amend', '-m', 'deployed');
    git(dir, 'tag', '-f', 'deployed');
    expect(lintDeployed(dir).found).toEqual([lineOf(now, 'await audit()')]);
    writeFiles(dir, { 'src/worker.ts': pinning('1.1') });
    expect(lintDeployed(dir).found).toEqual([]);
  });

  it('a workflow file new since the deployed revision', () => {
    const dir = repo(workflows(BASE), workflows(BASE).replace("export async function order", "export { other } from './other';\nexport async function order"));
    writeFiles(dir, { 'src/other.ts': `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { audit } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function other(): Promise<void> {\n  await audit();\n}\n` });
    expect(lintDeployed(dir).found).toEqual([]);
  });

  it('two workers registering a workflow type of the same name: each compared with its own', () => {
    const example = (body: string) => workflows(body).replace('export async function order(items: string[])', 'export async function example(items: string[])');
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'app', private: true }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      ...Object.fromEntries(['billing', 'shipping'].flatMap((worker) => [[`${worker}/src/worker.ts`, WORKER], [`${worker}/src/activities.ts`, ACTIVITIES]])),
      'billing/src/workflows.ts': example(BASE),
      'shipping/src/workflows.ts': example(`  await shipOrder();`),
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'deployed');
    git(dir, 'tag', 'deployed');
    const now = example(`  await audit();\n  await shipOrder();`);
    writeFileSync(path.join(dir, 'shipping/src/workflows.ts'), now);
    const { code, stdout } = runWfo(['lint', '--deployed', 'deployed', '-f', 'json'], { cwd: dir });
    const found = (JSON.parse(stdout) as { filePath: string; messages: JsonMessage[] }[]).flatMap((r) => r.messages.filter((m) => m.ruleId === 'replay-breaking-change').map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.message}`));
    expect(code).toBe(1);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^shipping/src/workflows.ts:${lineOf(now, 'await audit()')} .*activity 'audit' was inserted before activity 'shipOrder'`));
  });

  it('an unchanged workflow beside a changed one is not reported', () => {
    const { found } = lintDeployed(repo(workflows(BASE), workflows(BASE).replace('await charge();', 'await charge();\n  await audit();')));
    expect(found).toEqual([]);
  });
});

/** A saga: compensations registered as they go, run in reverse when a step fails. */
function saga(registrations: string, run = `    for (const undo of compensations.reverse()) await undo();`): string {
  return `  const compensations: Array<() => Promise<unknown>> = [];
  try {
${registrations}
  } catch (err) {
${run}
    throw err;
  }`;
}

const SAGA = `    await reserve();
    compensations.push(() => notify('release'));
    await chargeCard();
    compensations.push(() => audit('refund'));
    await shipOrder();`;

describe('what runs later, and how: early exits, compensations, callbacks, waits, handlers', () => {
  it("an early return's condition changed: executions that went on now stop, or the reverse", () => {
    expectBreaking(`  if (items.length === 0) return;\n${BASE}`, `  if (items.length < 2) return;\n${BASE}`, 'if (items.length < 2)', /condition around activity 'reserve' changed from `items.length === 0` to `items.length < 2`/);
  });

  it('an early return inserted before the commands', () => {
    expectBreaking(BASE, `  if (items.includes('test')) return;\n${BASE}`, "if (items.includes('test'))", /activity 'reserve' was removed|inserted before/);
  });

  it('a compensation removed: a failed execution ran it', () => {
    expectBreaking(saga(SAGA), saga(SAGA.replace("    compensations.push(() => notify('release'));\n", '')), 'for (const undo', /activity 'notify' was removed/);
  });

  it('a step and its compensation appended at the end of the try: no deployed execution that threw had registered it', () => {
    expectSafe(saga(SAGA), saga(`${SAGA}\n    compensations.push(() => audit('unship'));\n    await notify('shipped');\n    compensations.push(() => audit('unnotify'));`));
  });

  it('a step and its compensation inserted before the last step: reported', () => {
    const inserted = SAGA.replace('    await shipOrder();', "    await notify('charged');\n    compensations.push(() => audit('unnotify'));\n    await shipOrder();");
    expectBreaking(saga(SAGA), saga(inserted), "await notify('charged')", /activity 'notify' was inserted before activity 'shipOrder'/);
  });

  it('compensations registered in the other order: reported at the registration that moved', () => {
    expectBreaking(saga(SAGA), saga(SAGA.replaceAll('compensations.push', 'compensations.unshift')), "compensations.unshift(() => notify", /activity 'notify' was moved before activity 'audit'/);
  });

  it("a compensation's activity changed, registered through a helper", () => {
    const register = `function onFailure(list: Array<() => Promise<unknown>>, undo: () => Promise<unknown>): void {\n  list.push(async () => {\n    log.warn('compensating');\n    await undo();\n  });\n}\n`;
    const through = (activity: string) => saga(SAGA.replace("compensations.push(() => notify('release'))", `onFailure(compensations, () => ${activity}('release'))`));
    const now = workflows(through('charge'), register);
    const { found, messages } = lintDeployed(repo(workflows(through('notify'), register), now));
    expect(found).toEqual([lineOf(now, "() => charge('release')")]);
    expect(messages[0]).toMatch(/activity 'notify' was replaced by activity 'charge'/);
  });

  it("the activity of a callback passed to a helper changed", () => {
    const helper = `async function withAudit<T>(step: string, fn: () => Promise<T>): Promise<T> {\n  await audit(step);\n  return await fn();\n}\n`;
    const now = workflows(`  await withAudit('reserve', () => charge());\n  await shipOrder();`, helper);
    const { found, messages } = lintDeployed(repo(workflows(`  await withAudit('reserve', () => reserve());\n  await shipOrder();`, helper), now));
    expect(found).toEqual([lineOf(now, '() => charge()')]);
    expect(messages[0]).toMatch(/activity 'reserve' was replaced by activity 'charge'/);
  });

  it('two activities started together (Promise.all) now awaited one after the other', () => {
    expectBreaking(`  await Promise.all([reserve(), chargeCard()]);\n  await shipOrder();`, `  await reserve();\n  await chargeCard();\n  await shipOrder();`, 'await chargeCard()', /activity 'chargeCard' is now given after waiting/);
  });

  it("condition(fn, timeout) raced by hand: the timer is no longer cancelled when the condition is met, and a command follows", () => {
    const wait = (how: string) => `  let approved = false;\n  setHandler(approve, () => {\n    approved = true;\n  });\n  await reserve();\n${how}\n  await shipOrder();`;
    expectBreaking(wait("  await condition(() => approved, '1 day');"), wait("  await Promise.race([condition(() => approved), sleep('1 day')]);"), "sleep('1 day')", /no longer cancelled when `approved` becomes true/);
  });

  it("a signal's name changed: the recorded signals reach no handler", () => {
    const body = `  let approved = false;\n  setHandler(approve, () => {\n    approved = true;\n  });\n  await reserve();\n  await condition(() => approved);\n  await shipOrder();`;
    const deployed = workflows(body);
    const now = deployed.replace("defineSignal('approve')", "defineSignal('approval')");
    const { found, messages } = lintDeployed(repo(deployed, now));
    expect(found).toEqual([lineOf(now, 'setHandler(approve')]);
    expect(messages[0]).toMatch(/the handler of signal 'approve' now handles signal 'approval'/);
  });

  it('a timeout given to a wait while a signal handler gives commands', () => {
    const wait = (condition: string) =>
      `  let approved = false;\n  setHandler(approve, async () => {\n    await audit('approval');\n    approved = true;\n  });\n  await reserve();\n${condition}\n  await shipOrder();`;
    expectBreaking(wait('  await condition(() => approved);'), wait("  await condition(() => approved, '1 day');"), "'1 day'", /the wait for `approved` now has a timeout/);
  });
  it('a command added to one case of a switch: executions that take it have the next command there', () => {
    const body = (extra: string) => `  switch (items[0]) {\n    case 'express':\n      await chargeCard();${extra}\n      break;\n    case 'standard':\n      await reserve();\n      break;\n    default:\n      break;\n  }\n  await shipOrder();`;
    expectBreaking(body(''), body("\n      await audit('express');"), "await audit('express')", /activity 'audit' was inserted before activity 'shipOrder'/);
  });

  it('a workflow function renamed: the bundle no longer registers the type running executions have; an alias keeps it', () => {
    const now = workflows(BASE).replace('export async function order(', 'export async function placeOrder(');
    const { found, messages } = lintDeployed(repo(workflows(BASE), now));
    expect(found).toHaveLength(1);
    expect(messages[0]).toMatch(/the bundle built from src\/workflows.ts no longer exports 'order'/);
    expect(lintDeployed(repo(workflows(BASE), `${now}\nexport { placeOrder as order };\n`)).found).toEqual([]);
  });

  it("a classic for loop whose bound changes through the const it reads", () => {
    expectBreaking(
      `  const chosen = items.slice(0, 1);\n  for (let i = 0; i < chosen.length; i++) await reserve(chosen[i]);\n  await shipOrder();`,
      `  const chosen = items;\n  for (let i = 0; i < chosen.length; i++) await reserve(chosen[i]);\n  await shipOrder();`,
      'for (let i = 0',
      /the loop around activity 'reserve' changed/,
    );
  });
});

describe('what runs later, and how: safe changes', () => {
  it('a parameter added with a default: deployed executions, started without it, take the default way (only the activity really inserted is reported)', () => {
    const dir = repo(
      workflows(BASE),
      workflows(`  const reserved = scope === 'all' || scope === 'reserve' ? reserve() : null;\n  await reserved;\n  if (reserved) await notify('reserved');\n  await shipOrder();`).replace('order(items: string[])', "order(items: string[], scope: 'all' | 'reserve' | 'ship' = 'all')"),
    );
    expect(lintDeployed(dir).found).toHaveLength(1);
    expect(lintDeployed(dir).messages[0]).toMatch(/activity 'notify' was inserted before activity 'shipOrder'/);
  });

  it('patched() and deprecatePatch() of the same id in one workflow, code unchanged around them', () => {
    const body = (log: string) => `  const charged = patched('order-charge');\n  deprecatePatch('order-charge');\n  if (charged) await chargeCard();\n  log.info('${log}');\n  await shipOrder();`;
    expectSafe(body('before'), body('after'));
  });

  it('patched() as one operand of && guarding a new activity', () => {
    expectSafe(BASE, `  await reserve();\n  if (items.length > 0 && patched('order-charge')) await chargeCard();\n  await shipOrder();`);
  });

  it('a catch put around a command nothing caught around before: the executions that threw there are over', () => {
    expectSafe(`${BASE}\n  await audit();`, `  await reserve();\n  try {\n    await shipOrder();\n  } catch (err) {\n    await sleep('1 minute');\n    await notify('retrying');\n    await shipOrder();\n  }\n  await audit();`);
  });

  it('patched(id) again inside the old branch of patched(id): false there, as it was for the outer one', () => {
    const guarded = (inner: string) => `  if (patched('order-v2')) {\n    await chargeCard();\n  } else {\n${inner}    await reserve();\n  }\n  await shipOrder();`;
    expectSafe(guarded(''), guarded(`    if (patched('order-v2')) return;\n`));
  });

  it('commands added at the end of a try whose catch gives commands, with nothing after the try: after the last command', () => {
    const tried = (end: string) => `  try {\n    await reserve();\n    await shipOrder();${end}\n  } catch (err) {\n    await notify('failed');\n  }`;
    expectSafe(tried(''), tried('\n    await audit();'));
  });

  it('a command added at the end of an if that ends a try, with nothing after the try: after the last command', () => {
    const tried = (end: string) => `  try {\n    await reserve();\n    if (items.length > 1) {\n      await shipOrder();${end}\n    }\n  } catch (err) {\n    await notify('failed');\n  }`;
    expectSafe(tried(''), tried('\n      await audit();'));
  });

  it('an isCancellation(err) arm put in a catch: deployed executions that took it were cancelled, and gave nothing after', () => {
    const caught = (arm: string) => `  try {\n    await reserve();\n  } catch (err) {\n${arm}    await notify('failed');\n    throw err;\n  }\n  await shipOrder();`;
    const arm = "    if (wf.isCancellation(err)) {\n      await wf.CancellationScope.nonCancellable(() => audit('cancelled'));\n      throw err;\n    }\n";
    expectSafe(caught(''), caught(arm));
    // Where the deployed code scopes cancellation, a cancelled execution can have given commands after.
    const scoped = (arm: string) => caught(arm).replace("await notify('failed');", "await wf.CancellationScope.nonCancellable(() => notify('failed'));");
    expectBreaking(scoped(''), scoped(arm), 'if (wf.isCancellation(err))');
  });

  it('a flag only a new catch sets decides a later branch: deployed executions never set it', () => {
    expectSafe(BASE, `  let failed = false;\n  try {\n    await reserve();\n  } catch (err) {\n    failed = true;\n    await sleep('1 minute');\n  }\n  if (failed) return;\n  await shipOrder();`);
  });

  it('sleep(t) turned into condition(() => false, t): the same timer, never cancelled', () => {
    expectSafe(`  await reserve();\n  await sleep('1 hour');\n  await shipOrder();`, `  await reserve();\n  await condition(() => false, '1 hour');\n  await shipOrder();`);
  });

  it('activities awaited one after the other now started together, in the same order', () => {
    expectSafe(`  await reserve();\n  await chargeCard();\n  await shipOrder();`, `  await Promise.all([reserve(), chargeCard()]);\n  await shipOrder();`);
  });

  it('a timeout given to a wait nothing else interrupts, with a branch for when it expires', () => {
    const wait = (condition: string) => `  let approved = false;\n  setHandler(approve, () => {\n    approved = true;\n  });\n  await reserve();\n${condition}\n  await shipOrder();`;
    expectSafe(wait('  await condition(() => approved);'), wait("  if (!(await condition(() => approved, '1 day'))) {\n    await notify('late');\n    await condition(() => approved);\n  }"));
  });

  it('an early return removed whose branch gave no commands', () => {
    expectSafe(`  if (items.length === 0) return;\n  if (items.length > 100) throw new Error('too many');\n${BASE}`, `  if (items.length > 100) throw new Error('too many');\n${BASE}`);
  });

  it('a guard narrowed to a value no execution that went on had', () => {
    expectSafe(`  const status = items[0];\n  await reserve();\n  if (status !== 'approved') return;\n  await shipOrder();`, `  const status = items[0];\n  await reserve();\n  if (status === 'rejected') return;\n  await shipOrder();`);
  });

  it('a continue-as-new chain that stops later: its last run now goes on, after everything recorded', () => {
    expectSafe(`  if (items.length === 3) return;\n  await sleep(1000);\n  await continueAsNew<typeof order>([...items, 'x']);`, `  if (items.length === 5) return;\n  await sleep(1000);\n  await continueAsNew<typeof order>([...items, 'x']);`);
  });

  it('compensation registration moved into a helper', () => {
    const register = `function onFailure(list: Array<() => Promise<unknown>>, undo: () => Promise<unknown>): void {\n  list.push(undo);\n}\n`;
    const now = workflows(saga(SAGA.replace(/compensations\.push\((.*)\);/g, 'onFailure(compensations, $1);')), register);
    expect(lintDeployed(repo(workflows(saga(SAGA)), now)).found).toEqual([]);
  });

  it('compensations run side by side instead of one after another', () => {
    expectSafe(saga(SAGA), saga(SAGA, '    await Promise.all(compensations.reverse().map((undo) => undo()));'));
  });

  it('a loop over a list filled one element per turn of another, instead of over that one', () => {
    const signalAll = (collection: string) =>
      `  const children = [];\n  for (const item of items) children.push(await wf.startChild(payment, { workflowId: item }));\n  for (const child of ${collection}) await child.signal(approve);\n  await shipOrder();`;
    expectSafe(signalAll('items.map((item) => wf.getExternalWorkflowHandle(item))'), signalAll('children'));
  });

  it('more turns of the last loop, over the same elements and then others', () => {
    expectSafe(`  await reserve();\n  await Promise.all(items.map((item) => executeChild(payment, { args: [] })));`, `  await reserve();\n  await Promise.all([...items, 'audit'].map((item) => executeChild(payment, { args: [] })));`);
  });
});

describe('a queue drained from the front (samples-typescript mutex)', () => {
  /** A queue fed by a signal, drained in a loop that ends only once it is empty and `done`. */
  const drainLoop = (drain: string, { exit = 'if (queue.length === 0) break;', handler = "queue.push('x');", afterDrain = '' } = {}): string =>
    `  const queue: string[] = [];\n  let done = false;\n  setHandler(approve, ${handler.includes('await') ? 'async ' : ''}() => { ${handler} done = queue.length > 3; });\n  while (true) {\n    await condition(() => queue.length > 0 || done);\n    ${exit}\n${drain}\n${afterDrain}  }\n  await shipOrder();`;
  const batch = (count: string) => `    for (const item of queue.splice(0${count})) {\n      await reserve(item);\n    }`;
  const oneByOne = `    while (queue.length > 0) {\n      const item = queue.shift()!;\n      await reserve(item);\n    }`;

  it('taking one item per wake-up instead of all of them: the same activities in the same order', () => {
    expectSafe(drainLoop(batch('')), drainLoop(batch(', 1')));
  });

  it('a batch loop turned into one that shifts an item at a time until the queue is empty', () => {
    expectSafe(drainLoop(batch('')), drainLoop(oneByOne));
  });

  it('with a command after each batch, the batch size decides how many there are', () => {
    expectBreaking(drainLoop(batch(''), { afterDrain: '    await notify();\n' }), drainLoop(batch(', 1'), { afterDrain: '    await notify();\n' }), 'for (const item of queue.splice(0, 1))');
  });

  it('a loop that can end with items left in the queue ends at another item', () => {
    const exit = 'if (done) break;';
    expectBreaking(drainLoop(batch(''), { exit }), drainLoop(batch(', 1'), { exit }), 'for (const item of queue.splice(0, 1))');
  });

  it('a handler that gives commands: where a batch ends decides where its commands fall', () => {
    const handler = "await audit(); queue.push('x');";
    expectBreaking(drainLoop(batch(''), { handler }), drainLoop(batch(', 1'), { handler }), 'for (const item of queue.splice(0, 1))');
  });

  it('a break out of the batch drops the items taken with it', () => {
    const stopping = (count: string) => `    for (const item of queue.splice(0${count})) {\n      if (item === 'stop') break;\n      await reserve(item);\n    }`;
    expectBreaking(drainLoop(stopping('')), drainLoop(stopping(', 1')), 'for (const item of queue.splice(0, 1))');
  });
});

describe('workflow types a bundle no longer registers', () => {
  const onboard = `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { reserve } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function onboard(): Promise<void> {\n  await reserve();\n}\n`;

  /** A repository whose deployed tag has `before` (path → text), and whose working tree has `after` instead (null: deleted). */
  function moved(before: Record<string, string>, after: Record<string, string | null>): string {
    const dir = repo(before['src/workflows.ts'] ?? workflows(BASE), before['src/workflows.ts'] ?? workflows(BASE));
    writeFiles(dir, Object.fromEntries(Object.entries(before).filter(([file]) => file !== 'src/workflows.ts')));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'deployed');
    git(dir, 'tag', '-f', 'deployed');
    for (const [file, text] of Object.entries(after)) {
      if (text === null) rmSync(path.join(dir, file));
      else writeFiles(dir, { [file]: text });
    }
    return dir;
  }

  it('a re-export dropped from the workflowsPath module and its file deleted: reported at the module', () => {
    const dir = moved({ 'src/workflows.ts': workflows(BASE, "export * from './onboard';\n"), 'src/onboard.ts': onboard }, { 'src/workflows.ts': workflows(BASE), 'src/onboard.ts': null });
    const { found, messages } = lintDeployed(dir);
    expect(found).toHaveLength(1);
    expect(messages[0]).toMatch(/^Executions of workflow 'onboard' started on deployed fail when they next need a workflow task: the bundle built from src\/workflows.ts no longer exports 'onboard' \(declared in src\/onboard.ts, since deleted, at deployed\)/);
  });

  it("the worker's workflowsPath moved to a module that registers fewer types: reported at the new module", () => {
    const next = workflows(BASE).replace(/export async function payment\(\)[^]*?\n}\n/, '');
    const dir = moved({}, { 'src/worker.ts': WORKER.replace("'./workflows'", "'./flows/index'"), 'src/flows/index.ts': next.replaceAll("'./activities'", "'../activities'"), 'src/workflows.ts': null });
    const { found, messages } = lintDeployed(dir);
    expect(found).toHaveLength(1);
    expect(messages[0]).toMatch(/workflow 'payment' .* the bundle built from src\/flows\/index.ts no longer exports 'payment'/);
  });

  it('the same types registered from a module that moved: nothing to report', () => {
    const dir = moved({}, { 'src/worker.ts': WORKER.replace("'./workflows'", "'./flows/index'"), 'src/flows/index.ts': workflows(BASE).replaceAll("'./activities'", "'../activities'"), 'src/workflows.ts': null });
    expect(lintDeployed(dir).found).toEqual([]);
  });
});

describe('the --deployed flag', () => {
  it('an unresolvable revision: exit 2 with one line', () => {
    const dir = repo(workflows(BASE), workflows(BASE));
    const { code, stdout, stderr } = runWfo(['lint', '--deployed', 'nope'], { cwd: dir });
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: "wfo: --deployed: 'nope' is not a revision git knows\n" });
  });

  it('outside a git repository: exit 2 with one line', () => {
    const dir = writeProject({ 'package.json': '{"name":"app"}', 'src/workflows.ts': workflows(BASE) });
    const { code, stderr } = runWfo(['lint', '--deployed', 'main'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^wfo: --deployed: '.*' is not in a git repository\n$/);
  });

  it('composes with --staged: only staged files are reported on', () => {
    const now = workflows(`  await reserve();\n  await chargeCard();\n  await shipOrder();`);
    const dir = repo(workflows(BASE), now);
    expect(lintDeployed(dir, ['--staged']).found).toEqual([]);
    git(dir, 'add', 'src/workflows.ts');
    expect(lintDeployed(dir, ['--staged']).found).toEqual([lineOf(now, 'await chargeCard()')]);
  });

  it('composes with --changed: only files changed against its base are reported on', () => {
    // src/workflows.ts changed in a commit after the deployed tag; src/more.ts only in the working tree.
    const more = (body: string) => `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { reserve, shipOrder, audit } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function refund(): Promise<void> {\n${body}\n}\n`;
    const committed = workflows(`  await audit();\n${BASE}`, "export * from './more';\n");
    const deployedCode = workflows(BASE, "export * from './more';\n");
    const dir = repo(deployedCode, deployedCode);
    writeFiles(dir, { 'src/more.ts': more(BASE) });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'deployed more');
    git(dir, 'tag', '-f', 'deployed');
    writeFiles(dir, { 'src/workflows.ts': committed });
    git(dir, 'commit', '-q', '-am', 'audit first');
    writeFiles(dir, { 'src/more.ts': more(`  await audit();\n${BASE}`) });
    const files = (extra: string[]) => {
      const { stdout } = runWfo(['lint', '--deployed', 'deployed', '-f', 'json', ...extra], { cwd: dir });
      return (JSON.parse(stdout) as { filePath: string; messages: JsonMessage[] }[]).filter((r) => r.messages.some((m) => m.ruleId === 'replay-breaking-change')).map((r) => path.relative(dir, r.filePath)).sort();
    };
    expect(files([])).toEqual(['src/more.ts', 'src/workflows.ts']);
    expect(files(['--changed'])).toEqual(['src/more.ts']);
    expect(files(['--changed', 'deployed'])).toEqual(['src/more.ts', 'src/workflows.ts']);
  });

  it('composes with the baseline: --suppress-all records the finding, the next run passes, a new one fails', () => {
    const dir = repo(workflows(BASE), workflows(`  await audit();\n${BASE}`));
    expect(runWfo(['lint', '--deployed', 'deployed', '--suppress-all'], { cwd: dir }).code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'wfo-suppressions.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(baseline['src/workflows.ts'] ?? {})).toEqual(['replay-breaking-change']);
    expect(runWfo(['lint', '--deployed', 'deployed'], { cwd: dir }).code).toBe(0);
    // Another workflow of the file breaks too: more errors of the rule in the file than the baseline holds.
    writeFiles(dir, { 'src/workflows.ts': workflows(`  await audit();\n${BASE}`).replace('  await charge();\n}', '  await audit();\n  await charge();\n}') });
    expect(lintDeployed(dir).found).toHaveLength(2);
  });

  it('-f json carries the rule id, and the exit code is 1', () => {
    const dir = repo(workflows(BASE), workflows(`  await shipOrder();`));
    const { code, stdout } = runWfo(['lint', '--deployed', 'deployed', '-f', 'json'], { cwd: dir });
    expect(code).toBe(1);
    const messages = (JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((r) => r.messages);
    expect(messages.map((m) => m.ruleId)).toEqual(['replay-breaking-change']);
  });

  it('without --deployed the rule reports nothing', () => {
    const dir = repo(workflows(BASE), workflows(`  await shipOrder();`));
    const { stdout } = runWfo(['lint', '-f', 'json'], { cwd: dir });
    expect((JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((r) => r.messages).map((m) => m.ruleId)).not.toContain('replay-breaking-change');
  });
});

describe('docs/rules/replay-breaking-change.md', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/rules/replay-breaking-change.md'), 'utf8');
  const block = (heading: string): string => /```ts\n([\s\S]*?)```/.exec(doc.split(new RegExp(`^## ${heading}\\s*$`, 'm'))[1] ?? '')?.[1] ?? '';

  it('its Bad example is reported against its Deployed example, its Good example is not', () => {
    expect(lintDeployed(repo(block('Deployed'), block('Bad'))).found).toHaveLength(1);
    expect(lintDeployed(repo(block('Deployed'), block('Good'))).found).toEqual([]);
  });
});
