import rule from '../../rules/no-activity-value-import.js';
import { testRule } from '../support/rule-tester.js';

const ACTIVITIES = `export async function charge(n: number): Promise<number> { return n; }\n`;

testRule(rule, {
  valid: [
    { name: 'import type and proxyActivities', code: `import { proxyActivities } from '@temporalio/workflow';\nimport type * as activities from './activities';\nconst { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<number> { return charge(1); }\n`, files: { 'src/activities.ts': ACTIVITIES } },
  ],
  invalid: [
    {
      name: 'an activity called directly',
      code: `import { charge } from './activities';\nexport async function wf(): Promise<number> { return charge(1); }\n`,
      files: { 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'valueUse', line: 2, column: 54, message: "'charge' is activity code (src/activities.ts) used as a value" }],
    },
    {
      name: 'a value import only used as a type is a warning',
      code: `import { proxyActivities } from '@temporalio/workflow';\nimport { charge } from './activities';\nconst acts = proxyActivities<{ charge: typeof charge }>({ startToCloseTimeout: '1m' });\nexport async function wf(): Promise<number> { return acts.charge(1); }\n`,
      files: { 'src/activities.ts': ACTIVITIES },
      errors: [{ messageId: 'typeOnly', line: 2, column: 1, severity: 'warn', message: 'write `import type`' }],
    },
  ],
});
