/**
 * Runs the enabled rules over the model's target files: one walk per file for all rules of a
 * context, each node dispatched to the listeners registered for its kind.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { linkActivityStubs } from '../analysis/activity-stubs.js';
import { forEachDescendant, forEachRuntimeDescendant, isTypeOnlyKind } from '../analysis/syntax.js';
import { inRegions, unitAt } from '../project/call-graph.js';
import type { Membership, ParseLog, ProjectModel, SourceModule } from '../project/project-model.js';
import { applyDirectives, type DirectiveOptions } from './directives.js';
import { compareFindings, countBySeverity, type FileReport, type Finding, type LintReport } from './finding.js';
import type { DeployedComparison } from '../versioning/deployed.js';
import type { ReportDescriptor, Rule, RuleContextKind, RuleListeners, Severity } from './rule.js';

const NO_DIRECTIVE_CHECKS: DirectiveOptions = { reportUnused: false, requireReason: false };

export interface EnabledRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Findings of files whose inputs have not changed since an earlier run (the lint cache). */
export interface FindingStore {
  lookup(model: ProjectModel, module: SourceModule): Finding[] | undefined;
  record(model: ProjectModel, module: SourceModule, findings: Finding[]): void;
}

export interface RunOptions {
  /** The files to report on; defaults to the model's targets. */
  readonly targets?: Iterable<string>;
  readonly store?: FindingStore;
  readonly directives?: DirectiveOptions;
  /** Keep each file's syntax tree after it is linted (for a caller that lints it again, rule by rule). */
  readonly keepTrees?: boolean;
  /** `--deployed`: the code executions were started on (replay-breaking-change compares with it). */
  readonly deployed?: DeployedComparison;
  /** Called before each target file is checked. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * How many trees of other modules that rules looked into (and whose own turn has passed, or never
 * comes) stay parsed for the next files: consecutive files of a folder tend to look into the same
 * few modules, while keeping every one would hold most of a large project's trees to the end.
 */
const LOOKUP_TREES = 64;

export function runRules(model: ProjectModel, rules: EnabledRule[], options: RunOptions = {}): LintReport {
  const files: FileReport[] = [];
  const targets = [...(options.targets ?? model.targets)].sort();
  const byContext = rulesByContext(rules);
  const lookups = options.keepTrees ? undefined : model.parses && new LookupTrees(model.parses, targets);
  for (const [index, file] of targets.entries()) {
    options.onProgress?.(index + 1, targets.length);
    const module = model.modules.get(file);
    if (!module) continue;
    let findings = options.store?.lookup(model, module);
    if (!findings) {
      findings = module.problem ? [fatalFinding(module)] : lintModule(model, module, byContext, options.deployed);
      const directives = options.directives ?? NO_DIRECTIVE_CHECKS;
      if (!module.problem && (findings.length || directives.reportUnused || (directives.requireReason && module.isParsed))) findings = applyDirectives(module.sourceFile, findings, directives);
      findings.sort(compareFindings);
      options.store?.record(model, module, findings);
      // Each file is linted once: a large project must not hold every tree (a small one already does).
      if (!options.keepTrees && !model.treesRetained) module.release();
    }
    lookups?.settle(file);
    files.push({ file, findings });
  }
  const { errorCount, warningCount } = countBySeverity(files.flatMap((f) => f.findings));
  return { root: model.root, files, errorCount, warningCount };
}

/** The trees parsed for lookups, freed oldest first beyond LOOKUP_TREES once their module's own rules have run (or never will). */
class LookupTrees {
  /** In order of parsing, the most recent last. */
  private readonly kept = new Set<SourceModule>();
  private readonly pending: Set<string>;

  constructor(
    private readonly parses: ParseLog,
    targets: readonly string[],
  ) {
    this.pending = new Set(targets);
  }

  /** After `file` is checked: its tree is gone; those parsed meanwhile for other files join the kept ones. */
  settle(file: string): void {
    this.pending.delete(file);
    for (const module of this.parses.take()) {
      // A target still to come keeps its tree for its own turn, which frees it.
      if (module.path === file || this.pending.has(module.path)) continue;
      this.kept.delete(module);
      this.kept.add(module);
    }
    for (const module of this.kept) {
      if (this.kept.size <= LOOKUP_TREES) break;
      this.kept.delete(module);
      module.release();
    }
  }
}

function fatalFinding(module: SourceModule): Finding {
  const { message, line, column } = module.problem!;
  return { file: module.path, ruleId: null, messageId: undefined, severity: 'error', message, line, column, endLine: undefined, endColumn: undefined, chain: undefined, fatal: true };
}

/** The rules that check each context: its own and those that run in both. */
function rulesByContext(rules: EnabledRule[]): Record<RuleContextKind, EnabledRule[]> {
  const of = (kind: RuleContextKind): EnabledRule[] => rules.filter((r) => r.rule.meta.context === kind || r.rule.meta.context === 'both');
  return { workflow: of('workflow'), activity: of('activity') };
}

function lintModule(model: ProjectModel, module: SourceModule, byContext: Record<RuleContextKind, EnabledRule[]>, deployed: DeployedComparison | undefined): Finding[] {
  const findings: Finding[] = [];
  const contexts: [RuleContextKind, Membership][] = [];
  for (const [kind, membership] of [['workflow', model.workflow.get(module.path)], ['activity', model.activity.get(module.path)]] as const) {
    if (membership && byContext[kind].length) contexts.push([kind, membership]);
  }
  // A file that is neither workflow nor activity code has no rule to run: its tree is not even made.
  if (!contexts.length) return findings;
  // Activity stubs bound in other modules are the model's knowledge; rules ask for them by node.
  linkActivityStubs({ model, module });
  for (const [kind, membership] of contexts) walkWithRules(model, module, kind, membership, byContext[kind], findings, deployed);
  return findings;
}

function walkWithRules(model: ProjectModel, module: SourceModule, contextKind: RuleContextKind, membership: Membership, rules: EnabledRule[], findings: Finding[], deployed: DeployedComparison | undefined): void {
  const sourceFile = module.sourceFile;
  const chain = membership.chain.length > 1 ? membership.chain : undefined;
  /** Listeners by SyntaxKind, an array indexed by the kind: read for every node of the file. */
  const byKind: (((node: TS.Node) => void)[] | undefined)[] = [];
  let typeListeners = false;
  const reach = (node: TS.Node): readonly string[] | undefined => reachOf(module, membership, node.getStart(sourceFile));
  for (const { rule, severity, options } of rules) {
    const report = (d: ReportDescriptor<string>): void => {
      // Code the sandbox never runs raises nothing there, whatever it holds; the bundle holds it all the same.
      const calls = d.bundleTime ? (reach(d.node) ?? NO_CALLS) : reach(d.node);
      if (calls) findings.push(toFinding(module, rule, d, d.severity === 'warn' ? 'warn' : severity, chain, calls));
    };
    const listeners: RuleListeners = rule.create({ module, sourceFile, model, kind: contextKind, membership, options, report, reach, ...(deployed ? { deployed } : {}) });
    // for…in: Object.entries would make an array of pairs for every rule on every file.
    for (const key in listeners) {
      const listener = listeners[key as keyof RuleListeners];
      if (!listener) continue;
      const kind = listenedKind(key);
      (byKind[kind] ??= []).push(listener);
      if (isTypeOnlyKind(kind)) typeListeners = true;
    }
  }
  // No rule listens inside types, unless one asks for a type node: then the whole tree is walked.
  (typeListeners ? forEachDescendant : forEachRuntimeDescendant)(sourceFile, (node) => {
    const listeners = byKind[node.kind];
    if (listeners) for (const listener of listeners) listener(node);
  });
}

/** A RuleListeners key: a SyntaxKind name, or the kind's number. */
function listenedKind(key: string): number {
  let kind = LISTENED_KINDS.get(key);
  if (kind === undefined) {
    // SyntaxKind is an object of some 800 names: read once per key, not per rule and file.
    const value = (ts.SyntaxKind as unknown as Record<string, number | string>)[key];
    LISTENED_KINDS.set(key, (kind = typeof value === 'number' ? value : Number(key)));
  }
  return kind;
}

const LISTENED_KINDS = new Map<string, number>();

/** See RuleContext.reach: the call chain to the code at `offset`, or undefined when it never runs. */
function reachOf(module: SourceModule, membership: Membership, offset: number): readonly string[] | undefined {
  if (!membership.runs) return NO_CALLS;
  if (membership.neverRuns && inRegions(membership.neverRuns, offset)) return undefined;
  const unit = unitAt(module.summary.calls.units, offset);
  return unit ? membership.runs.get(unit.name) : NO_CALLS;
}

const NO_CALLS: readonly string[] = [];

function toFinding(module: SourceModule, rule: Rule, d: ReportDescriptor<string>, severity: Severity, chain: string[] | undefined, calls: readonly string[]): Finding {
  const sf = module.sourceFile;
  const start = sf.getLineAndCharacterOfPosition(d.node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(d.node.getEnd());
  const template = rule.meta.messages[d.messageId] ?? d.messageId;
  const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => d.data?.[key] ?? `{{${key}}}`);
  return {
    file: module.path,
    ruleId: rule.meta.id,
    messageId: d.messageId,
    severity,
    message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    chain,
    ...(calls.length > 1 ? { calls: [...calls] } : {}),
    ...(d.data ? { data: d.data } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
  };
}
