/**
 * Large projects do not keep syntax trees between building the model and running the rules (they
 * are parsed again, one file at a time): the findings must be exactly those of the one-parse path.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { enabledRules } from '../../src/lint/lint.js';
import { runRules } from '../../src/lint/run-rules.js';
import { buildProjectModel } from '../../src/project/project-model.js';

const examples = path.resolve(import.meta.dirname, '../../examples');

it('gives the same findings whether trees are kept or parsed again', () => {
  const rules = enabledRules(loadConfig(examples));
  const lintWith = (retainTreesUpToFiles: number) => {
    const model = buildProjectModel({ paths: [examples], cwd: examples, retainTreesUpToFiles });
    const kept = [...model.modules.values()].filter((m) => m.isParsed).length;
    return { kept, report: runRules(model, rules) };
  };
  const once = lintWith(Number.MAX_SAFE_INTEGER);
  const twice = lintWith(0);
  expect(twice.kept).toBe(0);
  expect(once.kept).toBeGreaterThan(0);
  expect(twice.report.errorCount).toBeGreaterThan(0);
  expect(twice.report).toEqual(once.report);
});
