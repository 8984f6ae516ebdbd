import rule from '../../rules/no-temporal-now.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'Temporal values made from workflow time, parsing and Duration arithmetic',
      code: `export async function wf(iso: string): Promise<number> {\n  const now = Temporal.Instant.fromEpochMilliseconds(Date.now());\n  const at = Temporal.Instant.from(iso);\n  const wait = now.until(at).add(Temporal.Duration.from({ minutes: 5 }));\n  return wait.total('milliseconds');\n}\n`,
    },
    {
      name: "a polyfill's Now.instant() reads Date.now(), which the sandbox makes deterministic; zones passed explicitly",
      code: `import { Temporal } from 'temporal-polyfill';\nexport async function wf(zone: string): Promise<string[]> {\n  return [Temporal.Now.instant().toString(), Temporal.Now.zonedDateTimeISO('UTC').toString(), Temporal.Now.plainDateISO(zone).toString()];\n}\n`,
    },
    { name: 'something else called Temporal', code: `const Temporal = { Now: { instant: (): number => 1 } };\nexport async function wf(): Promise<number> { return Temporal.Now.instant(); }\n` },
    { name: 'code that runs only outside a workflow', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(): Promise<string> {\n  return inWorkflowContext() ? 'wf' : Temporal.Now.instant().toString();\n}\n` },
    { name: 'activity code', filename: 'src/activities.ts', code: `export async function stamp(): Promise<string> { return Temporal.Now.instant().toString(); }\n` },
  ],
  invalid: [
    {
      name: 'the native Temporal.Now reads the host clock',
      code: `import { sleep } from '@temporalio/workflow';\nexport async function wf(iso: string): Promise<void> {\n  const wait = Temporal.Now.instant().until(Temporal.Instant.from(iso));\n  if (wait.sign > 0) await sleep(wait.total('milliseconds'));\n  const day = globalThis.Temporal.Now.plainDateISO('UTC');\n  void day;\n}\n`,
      errors: [
        { messageId: 'hostClock', line: 3, column: 16, message: 'Temporal.Instant.fromEpochMilliseconds(Date.now())' },
        { messageId: 'hostClock', line: 5, column: 15, message: "'Temporal.Now.plainDateISO()'" },
      ],
    },
    {
      name: "a polyfill's Now functions that read the worker's time zone",
      code: `import { Temporal as T } from '@js-temporal/polyfill';\nexport async function wf(): Promise<string[]> {\n  return [T.Now.zonedDateTimeISO().toString(), T.Now.timeZoneId()];\n}\n`,
      errors: [
        { messageId: 'hostTimeZone', line: 3, column: 11, severity: 'warn', message: "zonedDateTimeISO('UTC')" },
        { messageId: 'hostTimeZone', line: 3, column: 48, severity: 'warn' },
      ],
    },
    {
      name: 'the global Temporal when the bundle installs temporal-polyfill/global: only the zone',
      code: `import 'temporal-polyfill/global';\nexport async function wf(): Promise<string[]> {\n  return [Temporal.Now.instant().toString(), Temporal.Now.plainTimeISO().toString()];\n}\n`,
      errors: [{ messageId: 'hostTimeZone', line: 3, column: 46, severity: 'warn' }],
    },
  ],
});
