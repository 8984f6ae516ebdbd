import rule from '../../rules/heartbeat-timeout-without-heartbeat.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\n`;
const SILENT = `export async function transcode(file: string): Promise<void> { await fetch(file, { method: 'PUT' }); }\n`;
const BEATING = `import { heartbeat } from '@temporalio/activity';\nexport async function transcode(file: string): Promise<void> { heartbeat(file); await fetch(file, { method: 'PUT' }); }\n`;

testRule(rule, {
  valid: [
    { name: 'the activity heartbeats', code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`, files: { 'src/activities.ts': BEATING } },
    { name: 'no heartbeatTimeout', code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h' });\nexport async function wf(): Promise<void> { await transcode('a'); }\n`, files: { 'src/activities.ts': SILENT } },
  ],
  invalid: [
    {
      name: 'heartbeatTimeout for an activity that never heartbeats, found through a barrel',
      code: `${head}const { transcode } = proxyActivities<typeof activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '30s' });\nexport async function wf(): Promise<void> { await transcode('a'); await transcode('b'); }\n`,
      files: { 'src/activities.ts': `export * from './media';\n`, 'src/media.ts': SILENT },
      errors: [{ messageId: 'never', line: 4, column: 51, message: "'transcode' is called with heartbeatTimeout '30s', but its implementation (src/media.ts) never calls heartbeat()" }],
    },
  ],
});
