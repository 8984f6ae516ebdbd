/**
 * What a rule is: metadata (from which the registry, presets, docs and the ESLint plugin are all
 * derived) and a `create` that returns node listeners for one file. A rule never reads files or
 * resolves modules: the project model hands it everything.
 */
import type { ts as TS } from 'ts-morph';
import type { Membership, ProjectModel, SourceModule } from '../project/project-model.js';
import type { DeployedComparison } from '../versioning/deployed.js';

export type Severity = 'error' | 'warn';
export type Preset = 'recommended' | 'strict';
export type RuleContextKind = 'workflow' | 'activity';

export interface RuleMeta<MessageId extends string> {
  /** kebab-case; the file is `rules/<id>.ts` and the doc `docs/rules/<id>.md`. */
  readonly id: string;
  readonly description: string;
  /**
   * The code it checks; `both` runs it in workflow and in activity code (values that cross between
   * them), with the walk's own context in `RuleContext.kind`.
   */
  readonly context: RuleContextKind | 'both';
  /** Severity in `recommended`; rules not in `recommended` are in `strict` only. */
  readonly severity: Severity;
  readonly presets: readonly Preset[];
  /** Messages by id; `{{name}}` is replaced with the report's data. */
  readonly messages: Record<MessageId, string>;
  /** The Temporal documentation page behind the rule. */
  readonly temporalDocs: string;
  /** Some reports carry a `fix` (`wfo lint --fix`, ESLint's `fixable: 'code'`). */
  readonly fixable?: boolean;
  /** Reports only when the run compares with a deployed revision (`wfo lint --deployed <ref>`). */
  readonly needsDeployed?: true;
  /** Options the rule accepts from configuration: checked when config is loaded, and in the JSON schema. */
  readonly options?: Readonly<Record<string, RuleOption>>;
}

export interface RuleOption {
  readonly type: 'string' | 'number' | 'boolean' | 'string[]';
  readonly description: string;
}

export interface ReportDescriptor<MessageId extends string> {
  readonly node: TS.Node;
  readonly messageId: MessageId;
  readonly data?: Record<string, string>;
  /** Overrides the configured severity for this report only downward (e.g. a style-level variant). */
  readonly severity?: Severity;
  /** A mechanical edit that removes the problem without changing behaviour (`--fix`). */
  readonly fix?: Fix;
  /**
   * The problem is in the bundle, not in running the code: it fails when the workflow bundle is
   * built or loaded (an `import()` makes webpack emit a chunk loader), so it is reported wherever
   * it is in workflow code, even in code the sandbox never runs.
   */
  readonly bundleTime?: true;
}

/** Replace the text in `range` (offsets into the file) with `text`, as ESLint's fixes do. */
export interface Fix {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface RuleContext<MessageId extends string> {
  readonly module: SourceModule;
  readonly sourceFile: TS.SourceFile;
  readonly model: ProjectModel;
  /** The context this walk of the file is for (a file can be both, and is then walked once for each). */
  readonly kind: RuleContextKind;
  /** How this file came to be in the rule's context. */
  readonly membership: Membership;
  /**
   * Whether `node` runs in the sandbox, and how: undefined when it is inside a top-level function
   * or class that nothing running in a workflow refers to (bundled, never run); otherwise the call
   * chain from a workflow to it (empty at the module's top level, and for activity code).
   */
  reach(node: TS.Node): readonly string[] | undefined;
  /** `wfo lint --deployed <ref>`: the code running executions were started on; absent otherwise. */
  readonly deployed?: DeployedComparison;
  /** Rule options from configuration (empty object when none). */
  readonly options: Readonly<Record<string, unknown>>;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

type Listener = (node: any) => void;

/**
 * Listeners by node kind, named as `ts.SyntaxKind` names it (`CallExpression`, `SourceFile`); each
 * is called for every node of that kind in source order. Names rather than the kinds' numbers: an
 * object keyed by numbers in the hundreds is an array with that many slots to V8, made for every
 * rule and file and read slot by slot (67 ms of the rules phase's 403 on a generated 2,000-file
 * project). A number (`[ts.SyntaxKind.CallExpression]`) is still understood, at that cost.
 */
export type RuleListeners = { readonly [Name in keyof typeof TS.SyntaxKind]?: Listener } & { readonly [kind: number]: Listener | undefined };

export interface Rule<MessageId extends string = string> {
  readonly meta: RuleMeta<MessageId>;
  create(context: RuleContext<MessageId>): RuleListeners;
}

/** Identity with types: lets each rule file infer its message ids from its `messages`. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/** A rule's severity in a preset: its own in `recommended`, raised to an error in `strict`. */
export function presetSeverity(rule: Rule, preset: Preset): Severity | 'off' {
  if (!rule.meta.presets.includes(preset)) return 'off';
  return preset === 'strict' ? 'error' : rule.meta.severity;
}

export const DOCS_BASE = 'https://github.com/wfo-dev/wfo/blob/main/docs/rules';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}
