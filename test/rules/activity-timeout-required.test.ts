import rule from '../../rules/activity-timeout-required.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\n`;

testRule(rule, {
  valid: [
    { name: 'startToCloseTimeout', code: `${head}const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });\nexport async function wf(): Promise<void> { await noop(); }\n` },
    { name: 'scheduleToCloseTimeout on a local activity', code: `${head}const acts = proxyLocalActivities<typeof activities>({ scheduleToCloseTimeout: 5000 });\nexport async function wf(): Promise<void> { await acts.noop(); }\n` },
    { name: 'a const options object, as const', code: `${head}const OPTIONS = { startToCloseTimeout: '30s', retry: { maximumAttempts: 3 } } as const;\nconst acts = proxyActivities<typeof activities>(OPTIONS);\nexport async function wf(): Promise<void> { await acts.noop(); }\n` },
    { name: 'a timeout that comes from a spread const', code: `${head}const BASE = { startToCloseTimeout: '1m' };\nconst acts = proxyActivities<typeof activities>({ ...BASE, retry: { maximumAttempts: 2 } });\nexport async function wf(): Promise<void> { await acts.noop(); }\n` },
    { name: 'options wfo cannot see in full are not guessed at', code: `${head}import { OPTIONS } from './options';\nconst a = proxyActivities<typeof activities>(OPTIONS);\nconst b = proxyActivities<typeof activities>({ ...OPTIONS });\nexport function make(o: { startToCloseTimeout: string }) { return proxyActivities<typeof activities>(o); }\nexport async function wf(): Promise<void> { await a.noop(); await b.noop(); }\n`, files: { 'src/options.ts': `export const OPTIONS = { startToCloseTimeout: '1m' };\n` } },
    { name: 'executeWithOptions inherits the proxy\'s timeouts', code: `${head}const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<void> { await noop.executeWithOptions({ retry: { maximumAttempts: 1 } }, []); }\n` },
    { name: 'a local function named proxyActivities', code: `function proxyActivities(o?: object) { return o; }\nexport async function wf(): Promise<void> { proxyActivities(); }\n` },
  ],
  invalid: [
    {
      name: 'no timeout at all',
      code: `${head}const { noop } = proxyActivities<typeof activities>({ retry: { maximumAttempts: 3 } });\nexport async function wf(): Promise<void> { await noop(); }\n`,
      errors: [{ messageId: 'missing', line: 3, column: 53, message: "'Required either scheduleToCloseTimeout or startToCloseTimeout'" }],
    },
    {
      name: 'no options argument',
      code: `${head}const acts = proxyLocalActivities<typeof activities>();\nexport async function wf(): Promise<void> { await acts.noop(); }\n`,
      errors: [{ messageId: 'none', line: 3, column: 14, message: 'proxyLocalActivities() without options' }],
    },
    {
      name: 'a const object, followed, that lacks the timeout (also through a namespace import)',
      code: `import * as wf from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst OPTIONS = { heartbeatTimeout: '10s' } as const;\nconst acts = wf.proxyActivities<typeof activities>({ ...OPTIONS });\nexport async function run(): Promise<void> { await acts.noop(); }\n`,
      errors: [{ messageId: 'missing', line: 4, column: 52 }],
    },
    {
      name: 'a timeout explicitly undefined',
      code: `${head}const acts = proxyActivities<typeof activities>({ startToCloseTimeout: undefined });\nexport async function wf(): Promise<void> { await acts.noop(); }\n`,
      errors: [{ messageId: 'missing', line: 3, column: 49 }],
    },
  ],
});
