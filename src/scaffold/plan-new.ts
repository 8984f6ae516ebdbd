/**
 * `wfo new <pattern> <name>` up to the point of writing: the project's layout (its worker's
 * workflowsPath, its barrels, its test runner), every file rendered in memory, the checks that
 * need the whole plan (names the pattern's code already uses, names the barrels already export),
 * and what to do next. Nothing here writes.
 */
import { detectLayout, type Layout } from './layout.js';
import type { Name } from './names.js';
import { nextSteps, type NextSteps } from './next-steps.js';
import { checkPlan } from './plan-checks.js';
import { type PlannedFile, planPattern } from './plan.js';
import type { Pattern } from './templates.js';

export interface NewPlan {
  readonly layout: Layout;
  readonly files: PlannedFile[];
  readonly next: NextSteps;
}

export function planNew(pattern: Pattern, name: Name, root: string): NewPlan {
  const layout = detectLayout(root);
  const files = planPattern(pattern, name, layout);
  checkPlan(root, files, { name, pattern: pattern.name, esm: layout.importExt === '.js' });
  return { layout, files, next: nextSteps(files, name, layout) };
}
