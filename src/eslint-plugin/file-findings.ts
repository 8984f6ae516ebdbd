/**
 * What wfo finds in the file ESLint is linting, rule by rule. ESLint calls each rule separately,
 * but wfo's runner checks a file with all its rules in one walk: the first rule to ask for a file
 * runs them all (with the options wfo's config gives them) and the others read the result. A rule
 * that ESLint's config gives options of its own runs again alone with them. A rule the project's
 * wfo config turns off finds nothing, as in `wfo lint`.
 */
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../lint/finding.js';
import type { Rule, Severity } from '../lint/rule.js';
import { type EnabledRule, runRules } from '../lint/run-rules.js';
import { toPosix } from '../project/project-model.js';
import { type FileModel, modelFor } from './project-models.js';

export interface FileRequest {
  /** Absolute path. */
  readonly file: string;
  readonly text: string;
  readonly cwd: string;
  /** One object per file per ESLint pass (its SourceCode): the key of the shared result. */
  readonly pass: object;
}

export interface RuleFindings {
  /** Found at severity 'error' unless the rule reported a lesser variant as a warning. */
  readonly findings: readonly Finding[];
  /** The rule's level when the project's wfo config sets one (see FileModel.configuredLevels). */
  readonly configured: Severity | undefined;
}

const byPass = new WeakMap<object, { model: FileModel; findings: Map<string, Finding[]> | undefined }>();

export function findingsFor(rule: Rule, eslintOptions: Readonly<Record<string, unknown>>, request: FileRequest): RuleFindings {
  let entry = byPass.get(request.pass);
  if (!entry) {
    entry = { model: modelFor(request.file, request.text, request.cwd), findings: undefined };
    byPass.set(request.pass, entry);
  }
  const { model, config, configuredLevels } = entry.model;
  const configured = configuredLevels.get(rule.meta.id);
  if (configured === 'off' || config.isIgnored?.(toPosix(path.relative(model.root, request.file)))) return { findings: [], configured: undefined };
  if (Object.keys(eslintOptions).length) {
    const findings = run(entry.model, request.file, [{ rule, severity: 'error', options: { ...configOptions(entry.model, rule), ...eslintOptions } }]).filter((f) => f.ruleId === rule.meta.id);
    return { findings, configured };
  }
  entry.findings ??= groupByRule(run(entry.model, request.file, RULES.map((r) => ({ rule: r, severity: 'error', options: configOptions(entry.model, r) }))));
  return { findings: entry.findings.get(rule.meta.id) ?? [], configured };
}

function run({ model }: FileModel, file: string, rules: EnabledRule[]): Finding[] {
  // ESLint applies its own eslint-disable comments (and reports the unused ones): wfo applies only its own.
  const report = runRules(model, rules, { targets: [file], directives: { reportUnused: false, requireReason: false, wfoCommentsOnly: true } });
  return report.files[0]?.findings ?? [];
}

/** Options for the rule from wfo's config (e.g. `unsafePackages`), which ESLint's own options extend. */
function configOptions({ config }: FileModel, rule: Rule): Readonly<Record<string, unknown>> {
  return config.rules.get(rule.meta.id)?.options ?? {};
}

function groupByRule(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.ruleId) continue;
    groups.set(finding.ruleId, [...(groups.get(finding.ruleId) ?? []), finding]);
  }
  return groups;
}
