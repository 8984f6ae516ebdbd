import rule from '../../rules/no-io-packages.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'uuid4() from the SDK, and type-only imports of I/O packages', code: `import { uuid4 } from '@temporalio/workflow';\nimport type { AxiosResponse } from 'axios';\nexport function wf(r?: AxiosResponse): string { void r; return uuid4(); }\n` },
    { name: "uuid's name-based v5 and its helpers, which are deterministic and work in the sandbox", code: `import { v5, validate } from 'uuid';\nexport function wf(name: string): string { const id = v5(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'); return validate(id) ? id : ''; }\n` },
    { name: "drizzle-orm's schema builders declare tables, with no driver", code: `import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: text('id') });\nexport async function wf(): Promise<string> { return String(users); }\n` },
    { name: 'I/O packages in activity code', filename: 'src/activities.ts', code: `import axios from 'axios';\nexport async function get(): Promise<unknown> { return (await axios.get('https://a')).data; }\n` },
  ],
  invalid: [
    {
      name: "drizzle-orm's drivers",
      code: `import { drizzle } from 'drizzle-orm/node-postgres';\nexport async function wf(): Promise<unknown> { return drizzle; }\n`,
      errors: [{ messageId: 'io', line: 1, column: 25 }],
    },
    {
      name: 'an HTTP client and uuid',
      code: `import axios from 'axios';\nimport { v4 } from 'uuid';\nexport async function wf(): Promise<unknown> { return [await axios.get('x'), v4()]; }\n`,
      errors: [
        { messageId: 'io', line: 1, column: 19, message: 'Move the call into an activity' },
        { messageId: 'fails', line: 2, column: 20, message: 'v4() (like v1, v6 and v7) throws "ReferenceError: crypto is not defined"' },
      ],
    },
    {
      name: 'loggers, id generators and a config reader that fail to bundle, and a GraphQL client',
      code: `import bunyan from 'bunyan';\nimport log4js from 'log4js';\nimport KSUID from 'ksuid';\nimport hyperid from 'hyperid';\nimport config from 'config';\nimport { request } from 'graphql-request';\nexport async function wf(): Promise<unknown> { return [bunyan, log4js, KSUID, hyperid, config, await request('u', 'q')]; }\n`,
      errors: [
        { messageId: 'fails', line: 1, column: 20, message: 'use log from @temporalio/workflow' },
        { messageId: 'fails', line: 2, column: 20, message: 'bundling the workflows fails' },
        { messageId: 'fails', line: 3, column: 19, message: "Node's crypto" },
        { messageId: 'fails', line: 4, column: 21, message: "Node's buffer" },
        { messageId: 'fails', line: 5, column: 20, message: 'pass configuration in as workflow arguments' },
        { messageId: 'fails', line: 6, column: 25, message: 'Headers is not defined' },
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
