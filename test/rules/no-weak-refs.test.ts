import rule from '../../rules/no-weak-refs.js';
import { testRule } from '../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'WeakMap and WeakSet are deterministic', code: `const seen = new WeakMap<object, number>();\nexport function wf(o: object): number { seen.set(o, 1); return new WeakSet([o]).has(o) ? 1 : 0; }\n` },
    { name: 'a type position, and a local class of the same name', code: `let r: WeakRef<object> | undefined;\nexport function wf(): void { class WeakRef { deref(): undefined { return undefined; } } void new WeakRef().deref(); void r; }\n` },
    { name: 'code that only runs outside a workflow', code: `import { inWorkflowContext } from '@temporalio/workflow';\nexport async function wf(o: object): Promise<unknown> {\n  if (inWorkflowContext()) return o;\n  return new WeakRef(o);\n}\n` },
  ],
  invalid: [
    {
      name: 'a typeof check does not help: the sandbox defines WeakRef, as a function that throws',
      code: `export async function wf(o: object): Promise<unknown> {\n  return typeof WeakRef !== 'undefined' ? new WeakRef(o) : o;\n}\n`,
      errors: [{ messageId: 'weak', line: 2, column: 47, message: "'WeakRef'" }],
    },
    {
      name: 'WeakRef and FinalizationRegistry',
      code: `export function wf(o: object): void {\n  const ref = new WeakRef(o);\n  const registry = new FinalizationRegistry(() => undefined);\n  void ref; void registry;\n}\n`,
      errors: [
        { messageId: 'weak', line: 2, column: 19, message: "'WeakRef'" },
        { messageId: 'weak', line: 3, column: 24, message: "'FinalizationRegistry'" },
      ],
    },
  ],
});
