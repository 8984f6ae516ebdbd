import rule from '../../rules/no-node-builtins.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: "assert, and the url/util members the sandbox has", code: `import assert from 'assert';\nimport { URL, URLSearchParams } from 'url';\nimport { TextEncoder, TextDecoder } from 'node:util';\nexport function wf(): void { assert.ok(new URL('https://a') && URLSearchParams && TextEncoder && TextDecoder); }\n` },
    { name: 'type-only imports of built-ins', code: `import type { Readable } from 'stream';\nimport { type EventEmitter } from 'events';\nexport function wf(r?: Readable, e?: EventEmitter): void { void r; void e; }\n` },
    { name: 'built-ins in activity code', filename: 'src/activities.ts', code: `import { readFile } from 'fs/promises';\nexport async function load(): Promise<string> { return readFile('x', 'utf8'); }\n` },
  ],
  invalid: [
    {
      name: 'fs, node:crypto and require of a built-in',
      code: `import { readFileSync } from 'fs';\nimport { randomUUID } from 'node:crypto';\nconst os = require('os');\nexport function wf(): string { return readFileSync('x', 'utf8') + randomUUID() + os.hostname(); }\n`,
      errors: [
        { messageId: 'builtin', line: 1, column: 30, message: "'fs' is a Node built-in module" },
        { messageId: 'builtin', line: 2, column: 28 },
        { messageId: 'builtin', line: 3, column: 20 },
      ],
    },
    {
      name: 'a util member the sandbox does not provide, in a helper the workflow imports',
      files: { 'src/workflows.ts': `import { fmt } from './helper';\nexport function wf(): string { return fmt(); }\n` },
      filename: 'src/helper.ts',
      code: `import { inspect } from 'util';\nexport const fmt = (): string => inspect({});\n`,
      errors: [{ messageId: 'member', line: 1, column: 10, message: "'inspect' from 'util'", chain: ['src/workflows.ts', 'src/helper.ts'] }],
    },
  ],
});
