/**
 * wfo's rules as an ESLint plugin (flat config), for the editor:
 *
 *   import tsParser from '@typescript-eslint/parser';
 *   import wfo from 'wfo/eslint-plugin';
 *   export default [{ files: ['**\/*.ts'], languageOptions: { parser: tsParser }, ...wfo.configs.recommended }];
 *
 * Every wfo rule is `wfo/<id>`, with the same messages, the same fixes and the same implementation:
 * each ESLint rule asks wfo's own rule runner about the file, in the context wfo's project model
 * gives the file (see project-models.ts). Importing the plugin loads no TypeScript: that happens
 * when the first file is linted.
 *
 * Severity: the presets set each rule at its level in wfo's preset, and their processor
 * (severity-processor.ts) gives a finding wfo's own severity where wfo has one: the level the
 * project's wfo.config.json sets for the rule, or a warning the rule reports as one.
 */
import { RULES } from '../../rules/index.js';
import { presetSeverity, type Preset } from '../lint/rule.js';
import { wfoVersion } from '../version.js';
import { type EslintRule, toEslintRule } from './eslint-rule.js';
import { severityProcessor } from './severity-processor.js';

export interface PresetConfig {
  readonly name: string;
  readonly plugins: { readonly wfo: WfoPlugin };
  readonly processor: typeof severityProcessor;
  readonly rules: Readonly<Record<string, 'error' | 'warn'>>;
}

export interface WfoPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Readonly<Record<string, EslintRule>>;
  readonly processors: { readonly severity: typeof severityProcessor };
  readonly configs: { readonly recommended: PresetConfig; readonly strict: PresetConfig };
}

function presetConfig(preset: Preset): PresetConfig {
  const enabled = RULES.flatMap((rule) => {
    const severity = presetSeverity(rule, preset);
    return severity === 'off' ? [] : [[`wfo/${rule.meta.id}`, severity] as const];
  });
  return { name: `wfo/${preset}`, plugins: { wfo: plugin }, processor: severityProcessor, rules: Object.fromEntries(enabled) };
}

const configs = {} as { recommended: PresetConfig; strict: PresetConfig };

const plugin: WfoPlugin = {
  meta: { name: 'wfo', version: wfoVersion() },
  rules: Object.fromEntries(RULES.map((rule) => [rule.meta.id, toEslintRule(rule)])),
  processors: { severity: severityProcessor },
  configs,
};
configs.recommended = presetConfig('recommended');
configs.strict = presetConfig('strict');

export default plugin;
