import rule from '../../rules/continue-as-new-in-update-handler.js';
import { testRule } from '../support/rule-tester.js';

const head = `import { allHandlersFinished, condition, continueAsNew, defineSignal, defineUpdate, makeContinueAsNewFunc, setDefaultUpdateHandler, setHandler } from '@temporalio/workflow';

export const addLine = defineUpdate<number, [string]>('addLine');
export const close = defineSignal('close');
`;

testRule(rule, {
  valid: [
    {
      name: 'the handler records the decision; the workflow continues as new once every handler finished',
      code: `${head}export async function invoice(lines: string[] = []): Promise<void> {
  let full = false;
  setHandler(addLine, async (line) => {
    lines.push(line);
    full = lines.length > 1000;
    return lines.length;
  });
  await condition(() => full, '30 days');
  await condition(allHandlersFinished);
  await continueAsNew<typeof invoice>(lines);
}
`,
    },
    {
      name: 'a signal handler (nothing waits for its result)',
      code: `${head}export async function invoice(lines: string[] = []): Promise<void> {
  setHandler(close, async () => {
    await continueAsNew<typeof invoice>(lines);
  });
  await condition(() => false);
}
`,
    },
    {
      name: 'a continueAsNew in a function the handler only defines, never calls',
      code: `${head}export async function invoice(lines: string[] = []): Promise<void> {
  setHandler(addLine, (line) => {
    const later = () => continueAsNew<typeof invoice>(lines);
    void later;
    lines.push(line);
    return lines.length;
  });
  await condition(() => false);
}
`,
    },
  ],
  invalid: [
    {
      name: 'continueAsNew in an update handler: directly, through a helper, a made function, the default handler',
      code: `${head}async function rollOver(lines: string[]): Promise<never> {
  return continueAsNew<typeof invoice>(lines);
}
const next = makeContinueAsNewFunc<typeof invoice>({ taskQueue: 'other' });
export async function invoice(lines: string[] = []): Promise<void> {
  setHandler(addLine, async (line) => {
    lines.push(line);
    if (lines.length > 1000) await continueAsNew<typeof invoice>(lines);
    if (lines.length > 2000) await rollOver(lines);
    if (lines.length > 3000) await next(lines);
    return lines.length;
  });
  setDefaultUpdateHandler(async () => {
    await continueAsNew<typeof invoice>(lines);
  });
  await condition(() => false);
}
`,
      errors: [
        { messageId: 'inUpdate', line: 12, message: 'continueAsNew() ends the run' },
        { messageId: 'inUpdate', line: 13, message: 'rollOver() can end the run with continueAsNew()' },
        { messageId: 'inUpdate', line: 14, message: 'makeContinueAsNewFunc' },
        { messageId: 'inUpdate', line: 18 },
      ],
    },
  ],
});
