/**
 * wfo's configuration: `wfo.config.json`, or a `"wfo"` key in package.json, found from the project
 * root upward. It is data, never code: wfo imports nothing from the project it lints.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';
import { RULES } from '../../rules/index.js';
import { ExitCode, WfoError } from '../errors.js';
import { type Preset, presetSeverity, type Rule, type Severity } from '../lint/rule.js';
import { suggest } from '../suggest.js';
import { stripJsonc } from '../project/jsonc.js';
import { type LocatedConfig, locateConfig } from './locate.js';

export type RuleSetting = { readonly severity: Severity | 'off'; readonly options: Readonly<Record<string, unknown>> };

export interface ResolvedConfig {
  /** The file it came from (package.json for a "wfo" key), or undefined for the defaults. */
  readonly file: string | undefined;
  readonly preset: Preset;
  /** Every registered rule, with the severity and options that apply. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** Root-relative POSIX path matchers; undefined when there are no globs (nothing to match). */
  readonly isWorkflow: ((relativePath: string) => boolean) | undefined;
  readonly isActivity: ((relativePath: string) => boolean) | undefined;
  readonly isIgnored: ((relativePath: string) => boolean) | undefined;
  readonly requireSuppressionReason: boolean;
  /** A folder of user templates for `wfo new`, absolute. */
  readonly templates: string | undefined;
  /** The raw values, for --print-config. */
  readonly globs: { readonly workflows: string[]; readonly activities: string[]; readonly ignore: string[] };
}

interface RawConfig {
  $schema?: unknown;
  preset?: unknown;
  rules?: unknown;
  workflows?: unknown;
  activities?: unknown;
  unsafePackages?: unknown;
  ignore?: unknown;
  requireSuppressionReason?: unknown;
  templates?: unknown;
}

const KNOWN_KEYS = ['$schema', 'preset', 'rules', 'workflows', 'activities', 'unsafePackages', 'ignore', 'requireSuppressionReason', 'templates'];
const SEVERITIES: Record<string, Severity | 'off'> = { off: 'off', warn: 'warn', error: 'error', '0': 'off', '1': 'warn', '2': 'error' };

/**
 * Finds and reads the configuration that applies to `root` (or reads `explicitFile`, from `--config`);
 * defaults when there is none.
 */
export function loadConfig(root: string, explicitFile?: string): ResolvedConfig {
  return resolveLocated(locateConfig(root, explicitFile));
}

/** The configuration `locateConfig` found, checked and resolved against the rules. */
export function resolveLocated({ raw, file, keyPath }: LocatedConfig): ResolvedConfig {
  return resolveConfig(raw, file, keyPath);
}

function resolveConfig(value: unknown, file: string | undefined, prefix: string[]): ResolvedConfig {
  const problem = (keyPath: string[], message: string): WfoError => {
    const where = file ? `${file}${keyPosition(file, [...prefix, ...keyPath])}` : 'configuration';
    return new WfoError(`${where}: ${[...prefix, ...keyPath].join('.') || 'config'}: ${message}`, ExitCode.Usage);
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw problem([], 'must be an object');
  const raw = value as RawConfig;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) throw problem([key], `unknown key${suggest(key, KNOWN_KEYS)}; known keys: ${KNOWN_KEYS.slice(1).join(', ')}`);
  }
  const preset = raw.preset ?? 'recommended';
  if (preset !== 'recommended' && preset !== 'strict') throw problem(['preset'], `must be "recommended" or "strict", got ${JSON.stringify(preset)}`);
  const workflows = stringList(raw.workflows, ['workflows'], problem);
  const activities = stringList(raw.activities, ['activities'], problem);
  const ignore = stringList(raw.ignore, ['ignore'], problem);
  const unsafePackages = stringList(raw.unsafePackages, ['unsafePackages'], problem);
  if (raw.requireSuppressionReason !== undefined && typeof raw.requireSuppressionReason !== 'boolean') throw problem(['requireSuppressionReason'], 'must be true or false');
  if (raw.templates !== undefined && typeof raw.templates !== 'string') throw problem(['templates'], 'must be a folder path');
  const rules = resolveRules(preset, raw.rules, problem);
  if (unsafePackages.length) {
    const io = rules.get('no-io-packages');
    if (io) rules.set('no-io-packages', { ...io, options: { ...io.options, packages: [...((io.options.packages as string[]) ?? []), ...unsafePackages] } });
  }
  const base = file ? path.dirname(file) : undefined;
  return {
    file,
    preset,
    rules,
    isWorkflow: matcher(workflows),
    isActivity: matcher(activities),
    isIgnored: matcher(ignore),
    requireSuppressionReason: raw.requireSuppressionReason === true,
    templates: raw.templates !== undefined && base ? path.resolve(base, raw.templates as string) : undefined,
    globs: { workflows, activities, ignore },
  };
}

function resolveRules(preset: Preset, value: unknown, problem: (keyPath: string[], message: string) => WfoError): Map<string, RuleSetting> {
  const rules = new Map<string, RuleSetting>(RULES.map((rule) => [rule.meta.id, presetSetting(rule, preset)]));
  if (value === undefined) return rules;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw problem(['rules'], 'must be an object of rule ids to "off", "warn" or "error"');
  const ids = RULES.map((r) => r.meta.id);
  for (const [id, setting] of Object.entries(value)) {
    const rule = RULES.find((r) => r.meta.id === id.replace(/^wfo\//, ''));
    if (!rule) throw problem(['rules', id], `unknown rule${suggest(id, ids)} (run \`wfo rules\` to list them)`);
    const [severityValue, options] = Array.isArray(setting) ? setting : [setting, undefined];
    const severity = SEVERITIES[String(severityValue)];
    if (!severity) throw problem(['rules', id], `severity must be "off", "warn" or "error" (or 0, 1, 2), got ${JSON.stringify(severityValue)}`);
    if (Array.isArray(setting) && setting.length > 2) throw problem(['rules', id], 'expected [severity, options]');
    rules.set(rule.meta.id, { severity, options: checkOptions(rule, options, (m) => problem(['rules', id], m)) });
  }
  return rules;
}

function presetSetting(rule: Rule, preset: Preset): RuleSetting {
  return { severity: presetSeverity(rule, preset), options: {} };
}

function checkOptions(rule: Rule, options: unknown, problem: (message: string) => WfoError): Record<string, unknown> {
  if (options === undefined) return {};
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw problem('options must be an object');
  const declared = rule.meta.options ?? {};
  for (const [key, value] of Object.entries(options)) {
    const spec = declared[key];
    if (!spec) throw problem(`unknown option "${key}"${Object.keys(declared).length ? `; options: ${Object.keys(declared).join(', ')}` : ' (the rule takes none)'}`);
    const ok = spec.type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === spec.type;
    if (!ok) throw problem(`option "${key}" must be ${spec.type === 'string[]' ? 'an array of strings' : `a ${spec.type}`}`);
  }
  return options as Record<string, unknown>;
}

function stringList(value: unknown, keyPath: string[], problem: (keyPath: string[], message: string) => WfoError): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw problem(keyPath, 'must be an array of strings');
  return value as string[];
}

function matcher(globs: string[]): ((relativePath: string) => boolean) | undefined {
  if (!globs.length) return undefined;
  // Loaded only when a config has globs: most runs need none.
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  const match = picomatch(globs, { dot: true });
  return (relativePath) => match(relativePath);
}

/** `:line:column` of the last key of `keyPath` in the file, when it can be found. */
function keyPosition(file: string, keyPath: string[]): string {
  let text: string;
  try {
    text = stripJsonc(readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
  let at = 0;
  for (const key of keyPath) {
    const found = text.indexOf(JSON.stringify(key), at);
    if (found < 0) return '';
    at = found;
  }
  if (!keyPath.length) return '';
  const before = text.slice(0, at).split('\n');
  return `:${before.length}:${before[before.length - 1]!.length + 1}`;
}
