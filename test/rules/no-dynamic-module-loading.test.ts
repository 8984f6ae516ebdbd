import rule from '../../rules/no-dynamic-module-loading.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'import() and require() of string literals', code: `export async function wf(): Promise<unknown> {\n  const a = await import('./steps');\n  return [a, require('./steps')];\n}\n`, files: { 'src/steps.ts': 'export const x = 1;\n' } },
  ],
  invalid: [
    {
      name: 'computed specifiers',
      code: `export async function wf(step: string): Promise<unknown> {\n  const a = await import(\`./steps/\${step}\`);\n  return [a, require(step)];\n}\n`,
      errors: [
        { messageId: 'dynamic', line: 2, column: 19 },
        { messageId: 'dynamic', line: 3, column: 14 },
      ],
    },
  ],
});
