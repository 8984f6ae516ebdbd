import rule from '../../rules/no-local-time.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'UTC getters, ISO strings, explicit locale and time zone', code: `export function wf(): string {\n  const d = new Date();\n  return d.getUTCHours() + d.toISOString() + d.toLocaleDateString('en-US', { timeZone: 'UTC' });\n}\n` },
    { name: 'getHours on something that is not a Date', code: `const clock = { getHours: (): number => 1 };\nexport function wf(): number { return clock.getHours(); }\n` },
  ],
  invalid: [
    {
      name: 'local getters and default locale formatting',
      code: `export function wf(): string {\n  const d = new Date();\n  return d.getHours() + d.toLocaleString();\n}\n`,
      errors: [
        { messageId: 'localGetter', line: 3, column: 10, message: "'getUTCHours()'" },
        { messageId: 'locale', line: 3, column: 25 },
      ],
    },
  ],
});
