import rule from '../../rules/no-non-workflow-temporal-packages.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'type-only imports of client and activity types', code: `import type { Client } from '@temporalio/client';\nimport { type Context } from '@temporalio/activity';\nexport function wf(c?: Client, x?: Context): void { void c; void x; }\n` },
    { name: '@temporalio/workflow and @temporalio/common', code: `import { sleep } from '@temporalio/workflow';\nimport { ApplicationFailure } from '@temporalio/common';\nexport async function wf(): Promise<void> { await sleep(1); if (Date.now() < 0) throw ApplicationFailure.nonRetryable('x'); }\n` },
  ],
  invalid: [
    {
      name: 'client and activity packages by value',
      code: `import { Client } from '@temporalio/client';\nimport { Context } from '@temporalio/activity';\nexport function wf(): unknown { return [new Client(), Context.current()]; }\n`,
      errors: [
        { messageId: 'disallowed', line: 1, column: 24, message: "'@temporalio/client'" },
        { messageId: 'disallowed', line: 2, column: 25, message: "'@temporalio/activity'" },
      ],
    },
  ],
});
