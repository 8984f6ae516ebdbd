/**
 * Large projects do not keep syntax trees between building the model and running the rules (they
 * are parsed again, one file at a time): the findings must be exactly those of the one-parse path.
 * The budget is bytes of source, so a project of a few large files is treated like one of many
 * small ones.
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
  const lintWith = (retainTreesUpTo: number) => {
    const model = buildProjectModel({ paths: [examples], cwd: examples, retainTreesUpTo });
    const kept = [...model.modules.values()].filter((m) => m.isParsed).length;
    return { kept, report: runRules(model, rules) };
  };
  const once = lintWith(Number.MAX_SAFE_INTEGER);
  const twice = lintWith(0);
  expect(twice.kept).toBe(0);
  expect(once.kept).toBeGreaterThan(1);
  expect(twice.report.errorCount).toBeGreaterThan(0);
  expect(twice.report).toEqual(once.report);
  // The budget is the source's size, not the number of files: half the project's bytes keeps none.
  const sourceSize = [...buildProjectModel({ paths: [examples], cwd: examples }).modules.values()].reduce((n, m) => n + m.sourceFile.text.length, 0);
  expect(lintWith(Math.floor(sourceSize / 2)).kept).toBe(0);
  expect(lintWith(sourceSize * 2).kept).toBe(once.kept);
});
