import rule from '../../rules/no-io-packages.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'uuid4() from the SDK, and type-only imports of I/O packages', code: `import { uuid4 } from '@temporalio/workflow';\nimport type { AxiosResponse } from 'axios';\nexport function wf(r?: AxiosResponse): string { void r; return uuid4(); }\n` },
    { name: 'I/O packages in activity code', filename: 'src/activities.ts', code: `import axios from 'axios';\nexport async function get(): Promise<unknown> { return (await axios.get('https://a')).data; }\n` },
  ],
  invalid: [
    {
      name: 'an HTTP client and uuid',
      code: `import axios from 'axios';\nimport { v4 } from 'uuid';\nexport async function wf(): Promise<unknown> { return [await axios.get('x'), v4()]; }\n`,
      errors: [
        { messageId: 'io', line: 1, column: 19, message: 'Move the call into an activity' },
        { messageId: 'replaceable', line: 2, column: 20, message: 'uuid4()' },
      ],
    },
    {
      name: 'a package named in the rule options',
      options: { packages: ['@acme/http'] },
      code: `import { get } from '@acme/http';\nexport async function wf(): Promise<unknown> { return get(); }\n`,
      errors: [{ messageId: 'io', line: 1, column: 21 }],
    },
  ],
});
