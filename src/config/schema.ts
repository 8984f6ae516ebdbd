/**
 * The JSON schema of wfo.config.json, derived from the rule registry so that editors complete rule
 * ids and options. `npm run schema` writes it to schema/wfo.config.schema.json; a test checks that
 * the committed file matches.
 */
import { RULES } from '../../rules/index.js';
import type { RuleOption } from '../lint/rule.js';

const SEVERITY = { enum: ['off', 'warn', 'error', 0, 1, 2], description: 'off, warn or error (0, 1, 2), as in ESLint' };

export function configSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/wfo-dev/wfo/blob/main/schema/wfo.config.schema.json',
    title: 'wfo configuration',
    description: 'wfo.config.json, or the "wfo" key of package.json',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      preset: { enum: ['recommended', 'strict'], default: 'recommended', description: 'recommended: the rules with their default severities; strict: every rule, as errors' },
      rules: {
        type: 'object',
        description: 'Severity and options per rule, as in ESLint: "error", or ["warn", { …options }]',
        additionalProperties: false,
        properties: Object.fromEntries(RULES.map((rule) => [rule.meta.id, ruleSchema(rule.meta.description, rule.meta.options)])),
      },
      workflows: globs('More workflow roots, as globs relative to the project root (files reached from them are workflow code too)'),
      activities: globs('More activity modules, as globs relative to the project root'),
      ignore: globs('Files not to report on, as globs relative to the project root'),
      unsafePackages: { type: 'array', items: { type: 'string' }, description: 'npm packages to treat as unsafe in workflow code, besides the built-in list (a trailing / matches a scope)' },
      requireSuppressionReason: { type: 'boolean', default: false, description: 'wfo-disable comments must give a reason after --' },
      templates: { type: 'string', description: 'A folder of your own pattern templates for `wfo new`, relative to this file' },
    },
  };
}

function ruleSchema(description: string, options: Readonly<Record<string, RuleOption>> | undefined): object {
  if (!options) return { ...SEVERITY, description };
  return { description, oneOf: [SEVERITY, { type: 'array', items: [SEVERITY, optionsSchema(options)], minItems: 1, maxItems: 2 }] };
}

/** The JSON schema of a rule's options object (also the ESLint plugin's rule schema). */
export function optionsSchema(options: Readonly<Record<string, RuleOption>>): { type: 'object'; additionalProperties: false; properties: Record<string, object> } {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      Object.entries(options).map(([name, option]) => [
        name,
        { description: option.description, ...(option.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: option.type }) },
      ]),
    ),
  };
}

function globs(description: string): object {
  return { type: 'array', items: { type: 'string' }, description };
}
