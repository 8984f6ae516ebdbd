import rule from '../../rules/values-the-json-converter-changes.js';
import { testRule } from '../support/rule-tester.js';

const WORKFLOW_HEAD = `import { defineQuery, defineSignal, defineUpdate, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
`;

testRule(rule, {
  valid: [
    {
      name: 'plain data: strings, numbers, arrays, records, Uint8Array, data classes, type parameters',
      code: `${WORKFLOW_HEAD}export class Money { amount = 0; currency = 'EUR'; }
interface Order { id: string; at: string; lines: { sku: string; qty: number }[]; tags: Record<string, string>; money: Money; raw?: Uint8Array }
export const ping = defineSignal<[string]>('ping');
export const total = defineQuery<number>('total');
export async function order(input: Order, ids: readonly string[]): Promise<Order | undefined> {
  await greet(input.id + ids.length);
  return input;
}
export async function generic<T>(value: T): Promise<T> {
  return value;
}
`,
    },
    {
      name: 'functions that take or return callbacks (helpers, not entry points), and non-exported helpers',
      code: `${WORKFLOW_HEAD}export async function bindHandler(def: string, handler: (at: Date) => void): Promise<Map<string, number>> {
  handler(new Date());
  await greet(def);
  return new Map();
}
async function local(at: Date): Promise<void> {
  await greet(at.toISOString());
}
export async function uses(): Promise<void> {
  await local(new Date());
}
`,
    },
    {
      name: 'a project that registers its own payload converter',
      code: `${WORKFLOW_HEAD}export async function plan(prices: Map<string, number>): Promise<Date> {
  await greet(String(prices.size));
  return new Date();
}
`,
      files: {
        'src/worker.ts': `import { Worker } from '@temporalio/worker';
import * as activities from './activities';
export async function run(): Promise<void> {
  const worker = await Worker.create({ taskQueue: 't', workflowsPath: require.resolve('./workflows'), activities, dataConverter: { payloadConverterPath: require.resolve('./payload-converter') } });
  await worker.run();
}
`,
      },
    },
    {
      name: 'a Date input that the workflow only reads through new Date(…) or Date.parse(…): rebuilt where it arrives',
      code: `${WORKFLOW_HEAD}interface Application { id: string; deadline: Date; window?: { from: Date } }
export async function application(input: Application, remindAt: Date): Promise<void> {
  const deadline = new Date(input.deadline).getTime();
  const from = input.window ? Date.parse(input.window?.from as unknown as string) : 0;
  await greet(String(deadline + from + new Date(remindAt).getTime()));
}
`,
    },
  ],
  invalid: [
    {
      name: 'a Date input read as a Date somewhere (its methods called on the string that arrives)',
      code: `${WORKFLOW_HEAD}interface Application { id: string; deadline: Date }
export async function application(input: Application): Promise<void> {
  const a = new Date(input.deadline).getTime();
  await greet(String(a + input.deadline.getTime()));
}
`,
      errors: [{ messageId: 'changed', line: 6, column: 23, message: 'input.deadline (Date) arrives as an ISO string' }],
    },
    {
      name: 'activity parameters: a Date and a Set in an inline object',
      filename: 'src/activities.ts',
      code: `export async function schedule(input: { at: Date; tags: Set<string> }): Promise<string> {
  return \`\${input.at.toISOString()} \${[...input.tags].join(',')}\`;
}
export const plain = async (n: number): Promise<number> => n;
`,
      errors: [{ messageId: 'changed', line: 1, column: 23, message: "The activity 'schedule' takes or returns values the default payload converter changes on the way: input.at (Date) arrives as an ISO string; input.tags (Set<string>) arrives as {}, its elements lost" }],
    },
    {
      name: 'workflows: a Map parameter, a bigint result, an imported interface with a Date, a class with methods; message definitions',
      code: `${WORKFLOW_HEAD}import type { Booking } from './types';
export class Cart {
  items: string[] = [];
  total(): number { return this.items.length; }
}
export const reschedule = defineSignal<[Date]>('reschedule');
export const setPrices = defineUpdate<Map<string, number>, [string]>('setPrices');
export async function plan(prices: Map<string, number>): Promise<bigint> {
  await greet(String(prices.size));
  return 1n;
}
export async function book(booking: Booking, cart: Cart): Promise<void> {
  await greet(booking.id + cart.items.length);
}
`,
      files: { 'src/types.ts': 'export interface Booking { id: string; slot: { from: Date; to: Date } }\n' },
      errors: [
        { messageId: 'changed', line: 10, column: 27, message: "The signal 'reschedule' carries values the default payload converter changes on the way: args[0] (Date) arrives as an ISO string" },
        { messageId: 'changed', line: 11, column: 26, message: "The update 'setPrices' carries values the default payload converter changes on the way: result (Map<string, number>) arrives as {}" },
        { messageId: 'changed', line: 12, column: 23, message: 'prices (Map<string, number>) arrives as {}, its entries lost; result (bigint) cannot be sent' },
        { messageId: 'changed', line: 16, column: 23, message: "booking.slot.from (Date) arrives as an ISO string; booking.slot.to (Date) arrives as an ISO string; cart (Cart) arrives as a plain object, without Cart's methods (total)" },
      ],
    },
  ],
});
