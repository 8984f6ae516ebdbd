/** `wfo lint --print-config <file>`: what applies to one file, and why it is in its context. */
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { ExitCode, WfoError } from '../errors.js';
import { describeChain } from './finding.js';
import { analysisRoot } from '../project/file-discovery.js';
import { buildProjectModel, type Membership } from '../project/project-model.js';
import { enabledRules } from './lint.js';

export interface FileDescription {
  readonly file: string;
  readonly configFile: string | null;
  readonly preset: string;
  /** `workflow`, `activity`, both, or `other` (no context: only parse errors are reported). */
  readonly contexts: string[];
  readonly reasons: string[];
  /** Rules that run on this file, with severity and options. */
  readonly rules: Record<string, unknown>;
  /**
   * Workflow code only: each top-level function and class, and whether the sandbox runs it (with
   * the call chain that reaches it) or only bundles it; nothing is reported inside the latter.
   */
  readonly functions?: Record<string, string>;
}

export function describeFile(file: string, cwd: string, configFile?: string): FileDescription {
  const absolute = path.resolve(cwd, file);
  const root = analysisRoot([absolute], cwd);
  const config = loadConfig(root, configFile && path.resolve(cwd, configFile));
  const model = buildProjectModel({ paths: [root], cwd, isConfiguredWorkflow: config.isWorkflow, isConfiguredActivity: config.isActivity });
  if (!model.modules.has(absolute)) throw new WfoError(`${file} is not a source file wfo lints`, ExitCode.Usage);
  const memberships: [string, Membership | undefined][] = [
    ['workflow', model.workflow.get(absolute)],
    ['activity', model.activity.get(absolute)],
  ];
  const contexts = memberships.filter(([, m]) => m).map(([kind]) => kind);
  const reasons = memberships.flatMap(([kind, m]) => (m ? [explain(kind, m, cwd)] : []));
  const rules = Object.fromEntries(
    enabledRules(config)
      .filter((r) => (r.rule.meta.context === 'both' ? contexts.length > 0 : contexts.includes(r.rule.meta.context)))
      .map((r) => [r.rule.meta.id, Object.keys(r.options).length ? [r.severity, r.options] : r.severity]),
  );
  const workflow = model.workflow.get(absolute);
  const functions = workflow?.runs
    ? Object.fromEntries(model.modules.get(absolute)!.summary.calls.units.map((u) => [u.name, workflow.runs!.get(u.name) ? `runs: ${workflow.runs!.get(u.name)!.join(' → ')}` : 'bundled, never run in a workflow']))
    : undefined;
  return { file: path.relative(cwd, absolute), configFile: config.file ? path.relative(cwd, config.file) : null, preset: config.preset, contexts: contexts.length ? contexts : ['other'], reasons, rules, ...(functions ? { functions } : {}) };
}

function explain(kind: string, membership: Membership, cwd: string): string {
  if (membership.chain.length === 1) return `${kind} root: ${membership.reason}`;
  const [root, ...via] = membership.chain;
  return `${kind} code: reached from ${describeChain([root!], cwd)} (${membership.reason})${via.length > 1 ? ` via ${describeChain(via.slice(0, -1), cwd)}` : ''}`;
}
