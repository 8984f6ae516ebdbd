/** The lint pipeline's core: paths → project model → rules → report. No printing, no exit codes. */
import { RULES } from '../../rules/index.js';
import { buildProjectModel } from '../project/project-model.js';
import type { LintReport } from './finding.js';
import type { Preset } from './rule.js';
import { type EnabledRule, runRules } from './run-rules.js';

export interface LintOptions {
  readonly paths: string[];
  readonly cwd: string;
  readonly preset?: Preset;
}

export function lint(options: LintOptions): LintReport & { unmatched: string[] } {
  const model = buildProjectModel({ paths: options.paths, cwd: options.cwd });
  const report = runRules(model, presetRules(options.preset ?? 'recommended'));
  return { ...report, unmatched: model.unmatched };
}

export function presetRules(preset: Preset): EnabledRule[] {
  return RULES.filter((rule) => rule.meta.presets.includes(preset)).map((rule) => ({ rule, severity: rule.meta.severity, options: {} }));
}
