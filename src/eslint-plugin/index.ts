/**
 * wfo's rules as an ESLint plugin (flat config), for the editor:
 *
 *   import wfo from 'wfo/eslint-plugin';
 *   export default [{ files: ['**\/*.ts'], languageOptions: { parser: tsParser }, ...wfo.configs.recommended }];
 *
 * Every wfo rule is `wfo/<id>`, with the same messages, the same fixes and the same implementation:
 * each ESLint rule asks wfo's own rule runner about the file. ESLint sees one file at a time, but
 * whether a file is workflow code depends on the whole project, so the plugin builds wfo's project
 * model for the file's project (from disk, with the editor's unsaved text in place of the file)
 * and lints the file in the context the model gives it: exactly what `wfo lint` would report.
 * Models are kept in memory for a short while (two seconds) so that linting a whole project with
 * the ESLint CLI builds each model once; summaries of unchanged files are reused for longer.
 */
import path from 'node:path';
import { ESLintUtils, type JSONSchema, type TSESLint } from '@typescript-eslint/utils';
import { RULES } from '../../rules/index.js';
import { loadConfig } from '../config/config.js';
import { optionsSchema } from '../config/schema.js';
import type { Finding } from '../lint/finding.js';
import { presetSeverity, type Preset, type Rule, ruleDocsUrl } from '../lint/rule.js';
import { runRules } from '../lint/run-rules.js';
import type { ModuleSummary } from '../project/module-summary.js';
import { analysisRoot } from '../project/file-discovery.js';
import { statOf } from '../project/file-stat.js';
import { buildProjectModel, type ProjectModel, type SummaryStore } from '../project/project-model.js';
import { wfoVersion } from '../version.js';

const MODEL_TTL_MS = 2000;

/** Summaries of files as they are on disk, kept while their size and mtime stay the same. */
class MemorySummaries implements SummaryStore {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; summary: ModuleSummary }>();
  get(file: string): ModuleSummary | undefined {
    const entry = this.entries.get(file);
    const stat = statOf(file);
    return entry && stat && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs ? entry.summary : undefined;
  }
  set(file: string, summary: ModuleSummary): void {
    const stat = statOf(file);
    if (stat) this.entries.set(file, { ...stat, summary });
  }
}

const summaries = new MemorySummaries();
const models = new Map<string, { model: ProjectModel; builtAt: number }>();

/** The model of `file`'s project with `text` as the file's contents. */
function modelFor(file: string, text: string, cwd: string): ProjectModel {
  const root = analysisRoot([path.dirname(file)], cwd);
  const key = `${root}\0${file}\0${text}`;
  const cached = models.get(key);
  if (cached && Date.now() - cached.builtAt < MODEL_TTL_MS) return cached.model;
  const config = loadConfig(root);
  const model = buildProjectModel({
    paths: [root],
    cwd,
    summaries,
    sourceOverrides: new Map([[file, text]]),
    isConfiguredWorkflow: config.isWorkflow,
    isConfiguredActivity: config.isActivity,
  });
  // One model per file text is enough: drop the ones other files' texts made.
  for (const [other, entry] of models) if (Date.now() - entry.builtAt >= MODEL_TTL_MS) models.delete(other);
  models.set(key, { model, builtAt: Date.now() });
  return model;
}

function lintWithRule(rule: Rule, file: string, text: string, cwd: string, options: Record<string, unknown>): Finding[] {
  const model = modelFor(file, text, cwd);
  const report = runRules(model, [{ rule, severity: 'error', options }], { targets: [file], keepTrees: true });
  return (report.files[0]?.findings ?? []).filter((f) => f.ruleId === rule.meta.id);
}

const createRule = ESLintUtils.RuleCreator((name) => ruleDocsUrl(name));

function toEslintRule(rule: Rule): TSESLint.RuleModule<string, [Record<string, unknown>]> {
  return createRule<[Record<string, unknown>], string>({
    name: rule.meta.id,
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description },
      messages: rule.meta.messages,
      schema: rule.meta.options ? [optionsSchema(rule.meta.options) as JSONSchema.JSONSchema4] : [],
      ...(rule.meta.fixable ? { fixable: 'code' as const } : {}),
    },
    defaultOptions: [{}],
    create(context, [options]) {
      return {
        Program() {
          const file = path.resolve(context.cwd, context.filename);
          for (const finding of lintWithRule(rule, file, context.sourceCode.text, context.cwd, options)) {
            const fix = finding.fix;
            context.report({
              loc: {
                start: { line: finding.line, column: finding.column - 1 },
                end: { line: finding.endLine ?? finding.line, column: (finding.endColumn ?? finding.column) - 1 },
              },
              messageId: finding.messageId ?? Object.keys(rule.meta.messages)[0]!,
              data: { ...finding.data },
              ...(fix ? { fix: (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange([fix.range[0], fix.range[1]], fix.text) } : {}),
            });
          }
        },
      };
    },
  });
}

const rules = Object.fromEntries(RULES.map((rule) => [rule.meta.id, toEslintRule(rule)]));

function presetConfig(preset: Preset): { plugins: { wfo: typeof plugin }; rules: Record<string, 'error' | 'warn'> } {
  const enabled = RULES.flatMap((rule) => {
    const severity = presetSeverity(rule, preset);
    return severity === 'off' ? [] : [[`wfo/${rule.meta.id}`, severity] as const];
  });
  return { plugins: { wfo: plugin }, rules: Object.fromEntries(enabled) };
}

const plugin = {
  meta: { name: 'wfo', version: wfoVersion() },
  rules,
  configs: {} as { recommended: ReturnType<typeof presetConfig>; strict: ReturnType<typeof presetConfig> },
};
plugin.configs.recommended = presetConfig('recommended');
plugin.configs.strict = presetConfig('strict');

export default plugin;
