import rule from '../../rules/read-only-handlers.js';
import { testRule } from '../support/rule-tester.js';

const DEFS = `import * as wf from '@temporalio/workflow';
import type * as activities from './activities';
const { greet } = wf.proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
export const getItems = wf.defineQuery<string[]>('getItems');
export const addItem = wf.defineUpdate<number, [string]>('addItem');
export const done = wf.defineSignal('done');
`;

testRule(rule, {
  valid: [
    {
      name: 'a query that returns state, and builds its answer in locals',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const items: string[] = [];
  const counts = new Map<string, number>();
  wf.setHandler(getItems, () => {
    const out: string[] = [];
    for (const item of items) out.push(item.toUpperCase());
    let n = 0;
    n += out.length;
    return [...items].sort().concat(Object.keys(counts).sort(), String(n), wf.workflowInfo().workflowId);
  });
  await wf.condition(() => items.length > 2);
}
`,
    },
    {
      name: 'update and signal handlers may change state and be async; a sync validator may throw',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const items: string[] = [];
  let finished = false;
  wf.setHandler(addItem, async (item) => {
    items.push(await greet(item));
    return items.length;
  }, {
    validator: (item) => {
      if (!item) throw wf.ApplicationFailure.create({ message: 'empty item' });
      if (items.includes(item)) throw new Error('duplicate');
    },
  });
  wf.setHandler(done, () => { finished = true; });
  await wf.condition(() => finished && wf.allHandlersFinished());
}
`,
    },
    {
      name: 'a query handler bound to a name, and a query definition imported from a shared module',
      code: `import { setHandler, condition } from '@temporalio/workflow';
import { statusQuery } from './shared';
export async function wf1(): Promise<void> {
  let status = 'started';
  const readStatus = () => status;
  setHandler(statusQuery, readStatus);
  await condition(() => status === 'done');
}
`,
      files: { 'src/shared.ts': `import { defineQuery } from '@temporalio/workflow';\nexport const statusQuery = defineQuery<string>('status');\n` },
    },
    {
      name: 'an async handler for a definition that cannot be seen is not guessed to be a query',
      code: `import { setHandler, type QueryDefinition } from '@temporalio/workflow';
export function register(def: QueryDefinition<string>, read: () => Promise<string>): void {
  setHandler(def as any, async () => read());
}
export async function wf1(): Promise<void> {}
`,
    },
  ],
  invalid: [
    {
      name: 'an async query handler',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const items: string[] = [];
  wf.setHandler(getItems, async () => items);
  await wf.condition(() => items.length > 0);
}
`,
      errors: [{ messageId: 'asyncQuery', line: 9, column: 27, message: 'Query handlers should not return a Promise' }],
    },
    {
      name: 'an async query handler for a definition imported from another module',
      code: `import * as wf from '@temporalio/workflow';
import * as shared from './shared';
export async function wf1(): Promise<void> {
  wf.setHandler(shared.statusQuery, async function () { return 'ok'; });
}
`,
      files: { 'src/shared.ts': `import { defineQuery } from '@temporalio/workflow';\nexport const statusQuery = defineQuery<string>('status');\n` },
      errors: [{ messageId: 'asyncQuery', line: 4, column: 37 }],
    },
    {
      name: 'a query that counts, sorts state in place, and assigns',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const items: string[] = [];
  const stats = { reads: 0, last: '' };
  wf.setHandler(getItems, () => {
    stats.reads++;
    stats.last = wf.workflowInfo().runId;
    return items.sort();
  });
  await wf.condition(() => items.length > 0);
}
`,
      errors: [
        { messageId: 'mutation', line: 11, column: 5, message: "changes 'stats.reads'" },
        { messageId: 'mutation', line: 12, column: 5, message: "changes 'stats.last'" },
        { messageId: 'mutation', line: 13, column: 12, message: "changes 'items'" },
      ],
    },
    {
      name: 'a query handler declared as a function that schedules an activity and draws a uuid',
      code: `${DEFS}let cache: string | undefined;
function readItems(): string[] {
  cache ??= wf.uuid4();
  void greet(cache);
  return [cache];
}
export async function wf1(): Promise<void> {
  wf.setHandler(getItems, readItems);
  await wf.sleep('1 day');
}
`,
      errors: [
        { messageId: 'mutation', line: 9, column: 3, message: "changes 'cache'" },
        { messageId: 'workflowApi', line: 9, column: 13, message: 'uuid4()' },
        { messageId: 'activity', line: 10, column: 8, message: "'greet'" },
      ],
    },
    {
      name: 'an async update validator (never rejects) and one that changes state',
      code: `${DEFS}export async function wf1(): Promise<void> {
  const seen = new Set<string>();
  wf.setHandler(addItem, (item) => seen.size, {
    validator: async (item: string): Promise<void> => {
      if (!item) throw new Error('empty');
    },
  });
  const validator = (item: string) => { seen.add(item); };
  wf.setHandler(wf.defineUpdate<number, [string]>('other'), () => 1, { validator });
  await wf.condition(() => seen.size > 3);
}
`,
      errors: [
        { messageId: 'asyncValidator', line: 10, column: 16, message: 'ignores the Promise' },
        { messageId: 'mutation', line: 14, column: 41, message: "update validator changes 'seen'" },
      ],
    },
  ],
});
