/**
 * The commands a workflow function gives Temporal, in source order, as a tree: what replay matches
 * against history. On replay, sdk-core matches each command event in history, in order, against the
 * next command the code produces, and fails the workflow task with a nondeterminism error when
 * they differ (sdk-core `core/src/worker/workflow/machines/workflow_machines.rs`,
 * `handle_command_event`: "Nondeterminism error: ... doesn't match"; each machine's
 * `matches_event`, e.g. `activity_state_machine.rs` compares the activity type and id).
 *
 * What counts is data (COMMAND_APIS); arguments, options, durations, payloads and return values
 * are not part of a command's identity there and are not read. Handlers passed to `setHandler`
 * are not part of the main sequence.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { type FunctionNode, isFunctionNode } from '../analysis/message-handlers.js';
import { calledFunction, type ProjectFile } from '../analysis/project-functions.js';
import { stringValue, unwrapExpression } from '../analysis/syntax.js';
import { activityCall, constInitializer, exportNamed, objectShape, proxyOptions, WORKFLOW_MODULE, workflowApi } from '../analysis/temporal-calls.js';

export type CommandKind = 'activity' | 'local-activity' | 'timer' | 'child' | 'signal-external' | 'cancel-external' | 'search-attributes' | 'memo' | 'continue-as-new' | 'patch' | 'deprecate-patch';

export interface Command {
  readonly type: 'command';
  readonly kind: CommandKind;
  /** The activity type, child workflow type or patch id; '' when the command has none that replay compares (timers). */
  readonly key: string;
  /**
   * The id replay compares besides the type, when the code sets it: an activity's `activityId`, a
   * child's `workflowId` (as written). A child without one gets `uuid4()` from the workflow's
   * seeded random: then `draws` counts the draws from it before (sdk-typescript
   * packages/workflow/src/workflow.ts `addDefaultWorkflowOptions`: `workflowId: workflowId ?? uuid4()`;
   * `uuid4` and the sandbox's `Math.random` draw from the same seeded generator).
   */
  readonly id?: string;
  readonly draws?: number;
  /** Where it is written, in the workflow's own file (an inlined helper of another file: the call of it). */
  readonly node: TS.Node;
}

export interface Branch {
  readonly type: 'branch';
  readonly condition: string;
  readonly then: Step[];
  readonly else: Step[];
  readonly node: TS.Node;
}

export interface Loop {
  readonly type: 'loop';
  readonly header: string;
  /**
   * Each turn's first command is given before any turn waits (`xs.map(…)`, a loop that collects
   * promises without awaiting): they are in history side by side, in one workflow task.
   */
  readonly concurrent: boolean;
  readonly body: Step[];
  readonly node: TS.Node;
}

/** `if (patched('id')) { new } else { old }`: executions that started before the patch take `old`. */
export interface Patched {
  readonly type: 'patched';
  readonly id: string;
  readonly new: Step[];
  readonly old: Step[];
  readonly node: TS.Node;
}

export type Step = Command | Branch | Loop | Patched;

/**
 * `@temporalio/workflow` functions that produce a command, and which (sdk-typescript
 * packages/workflow/src/workflow.ts: `sleep` → startTimer, `condition` with a timeout → a timer
 * raced against the predicate, `executeChild`/`startChild` → startChildWorkflowExecution,
 * `patched`/`deprecatePatch` → a patch marker, `upsertSearchAttributes`, `upsertMemo`,
 * `continueAsNew`, `scheduleActivity`/`scheduleLocalActivity`).
 */
const COMMAND_APIS: Readonly<Record<string, CommandKind>> = {
  sleep: 'timer',
  executeChild: 'child',
  startChild: 'child',
  continueAsNew: 'continue-as-new',
  upsertSearchAttributes: 'search-attributes',
  upsertMemo: 'memo',
  scheduleActivity: 'activity',
  scheduleLocalActivity: 'local-activity',
  patched: 'patch',
  deprecatePatch: 'deprecate-patch',
};

/** Array methods whose callback runs once per element: a loop over it. */
const ITERATING_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find']);

/** How many helper calls deep the sequence follows (and a guard against recursion). */
const MAX_INLINE_DEPTH = 4;

/** The command tree of a workflow function; helpers it calls (in its file, or a project module) are inlined. */
export function commandSequence(fn: FunctionNode, project: ProjectFile | undefined): Step[] {
  const builder = new Builder(fn.getSourceFile(), project);
  return builder.function(fn, undefined, 0);
}

/** Whether a tree holds any command. */
export function hasCommands(steps: readonly Step[]): boolean {
  return steps.length > 0;
}

class Builder {
  private readonly inlining = new Set<FunctionNode>();
  /** Draws from the workflow's seeded random so far, in source order. */
  private draws = 0;

  constructor(
    private readonly home: TS.SourceFile,
    private readonly project: ProjectFile | undefined,
  ) {}

  function(fn: FunctionNode, site: TS.Node | undefined, depth: number): Step[] {
    if (!fn.body || this.inlining.has(fn) || depth > MAX_INLINE_DEPTH) return [];
    this.inlining.add(fn);
    const out: Step[] = [];
    // Code of another file is reported at the call of it in the workflow's file.
    const at = site ?? (fn.getSourceFile() === this.home ? undefined : fn);
    this.visit(fn.body, out, at, depth);
    this.inlining.delete(fn);
    return out;
  }

  private steps(node: TS.Node | undefined, site: TS.Node | undefined, depth: number): Step[] {
    const out: Step[] = [];
    if (node) this.visit(node, out, site, depth);
    return out;
  }

  private visit(node: TS.Node, out: Step[], site: TS.Node | undefined, depth: number): void {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isIfStatement(node)) return this.branch(node, node.expression, node.thenStatement, node.elseStatement, out, site, depth);
    if (ts.isConditionalExpression(node)) return this.branch(node, node.condition, node.whenTrue, node.whenFalse, out, site, depth);
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      this.visit(node.left, out, site, depth);
      return this.branch(node, node.left, node.right, undefined, out, site, depth, false);
    }
    if (ts.isForStatement(node)) return this.loop(node, [node.initializer, node.condition, node.incrementor], node.statement, out, site, depth);
    // A loop over a collection is known by the collection (`for (const x of xs)` and `xs.map(…)` alike).
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      this.visit(node.expression, out, site, depth);
      return this.loop(node, [node.expression], node.statement, out, site, depth);
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return this.loop(node, [node.expression], node.statement, out, site, depth);
    if (ts.isCallExpression(node)) return this.call(node, out, site, depth);
    ts.forEachChild(node, (child) => this.visit(child, out, site, depth));
  }

  private branch(node: TS.Node, condition: TS.Expression, whenTrue: TS.Node, whenFalse: TS.Node | undefined, out: Step[], site: TS.Node | undefined, depth: number, visitCondition = true): void {
    const test = unwrapExpression(condition);
    const patch = patchTest(test);
    if (patch) {
      const [yes, no] = [this.steps(whenTrue, site, depth), this.steps(whenFalse, site, depth)];
      out.push({ type: 'patched', id: patch.id, new: patch.negated ? no : yes, old: patch.negated ? yes : no, node: site ?? node });
      return;
    }
    if (visitCondition) this.visit(condition, out, site, depth);
    const then = this.steps(whenTrue, site, depth);
    const otherwise = this.steps(whenFalse, site, depth);
    if (then.length || otherwise.length) out.push({ type: 'branch', condition: textOf(condition), then, else: otherwise, node: site ?? node });
  }

  private loop(node: TS.Node, header: (TS.Node | undefined)[], body: TS.Node, out: Step[], site: TS.Node | undefined, depth: number): void {
    const steps = this.steps(body, site, depth);
    if (steps.length) out.push({ type: 'loop', header: header.map(textOf).join('; '), concurrent: !awaits(body), body: steps, node: site ?? node });
  }

  private call(call: TS.CallExpression, out: Step[], site: TS.Node | undefined, depth: number): void {
    const api = workflowApi(call);
    // Handlers run when a message comes, not in the main sequence.
    if (api === 'setHandler' || api === 'setDefaultSignalHandler' || api === 'setDefaultQueryHandler' || api === 'setDefaultUpdateHandler') return;
    const callee = unwrapExpression(call.expression);
    // Arguments are evaluated before the call: `await a(await b())` is b, then a.
    if (ts.isPropertyAccessExpression(callee)) this.visit(callee.expression, out, site, depth);
    const callbacks: FunctionNode[] = [];
    for (const argument of call.arguments) {
      const inner = unwrapExpression(argument);
      if (isFunctionNode(inner)) callbacks.push(inner);
      else this.visit(argument, out, site, depth);
    }
    if (api === 'uuid4' || isMathRandom(callee)) this.draws++;
    const command = this.command(call, api);
    if (command) {
      out.push({ type: 'command', ...command, node: site ?? call });
      return;
    }
    if (callbacks.length) {
      // Only callbacks that run now, in order, are part of the sequence; others (a compensation
      // pushed on a list, a handler) run when something else calls them.
      const runs = callbackRuns(callee);
      if (!runs) return;
      const body = callbacks.flatMap((fn) => this.function(fn, site, depth + 1));
      if (!body.length) return;
      if (runs === 'loop') out.push({ type: 'loop', header: textOf((callee as TS.PropertyAccessExpression).expression), concurrent: true, body, node: site ?? call });
      else out.push(...body);
      return;
    }
    const found = calledFunction(call.expression, this.project);
    if (found) out.push(...this.function(found.fn, site ?? (found.fn.getSourceFile() === this.home ? undefined : call), depth + 1));
  }

  private command(call: TS.CallExpression, api: string | undefined): Omit<Command, 'type' | 'node'> | undefined {
    const activity = activityCall(call);
    if (activity) {
      const id = proxyOptions(activity.proxy).properties.get('activityId');
      return { kind: activity.proxy.kind === 'proxyLocalActivities' ? 'local-activity' : 'activity', key: activity.activity, ...(id ? { id: textOf(id) } : {}) };
    }
    if (api === 'condition') return call.arguments.length >= 2 ? { kind: 'timer', key: '' } : undefined;
    const kind = api === undefined ? undefined : COMMAND_APIS[api];
    if (kind === 'child') {
      const id = objectShape(call.arguments[1]).properties.get('workflowId');
      return { kind, key: commandKey(kind, call), ...(id ? { id: textOf(id) } : { draws: this.draws }) };
    }
    if (kind) return { kind, key: commandKey(kind, call) };
    const external = externalCommand(call);
    return external ? { kind: external, key: '' } : undefined;
  }
}

/** Whether the code awaits, outside functions nested in it. */
function awaits(node: TS.Node): boolean {
  if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
  if (isFunctionNode(node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, awaits) ?? false;
}

function isMathRandom(callee: TS.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'random' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Math';
}

function commandKey(kind: CommandKind, call: TS.CallExpression): string {
  const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (kind === 'timer' || kind === 'search-attributes' || kind === 'memo' || !first) return '';
  if (kind === 'continue-as-new') return '';
  const literal = stringValue(first);
  if (literal !== undefined) return literal;
  // executeChild(orderWorkflow, …): the workflow type is the function's name.
  if (ts.isIdentifier(first)) return first.text;
  if (ts.isPropertyAccessExpression(first)) return first.name.text;
  return textOf(first);
}

/** How a call runs the callbacks passed to it: once per element (array methods), now (a cancellation scope, `then`), or unknown. */
function callbackRuns(callee: TS.Expression): 'loop' | 'now' | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (ITERATING_METHODS.has(callee.name.text)) return 'loop';
  if (callee.name.text === 'then' || callee.name.text === 'finally') return 'now';
  return exportNamed(callee.expression, WORKFLOW_MODULE) === 'CancellationScope' ? 'now' : undefined;
}

/** `handle.signal(…)` / `handle.cancel()` of `getExternalWorkflowHandle(…)` (sdk-typescript workflow.ts: signalExternalWorkflowExecution, requestCancelExternalWorkflowExecution). */
function externalCommand(call: TS.CallExpression): CommandKind | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method !== 'signal' && method !== 'cancel') return undefined;
  let handle = unwrapExpression(callee.expression);
  if (ts.isIdentifier(handle)) {
    const initializer = constInitializer(handle);
    if (initializer) handle = unwrapExpression(initializer);
  }
  if (ts.isAwaitExpression(handle)) handle = unwrapExpression(handle.expression);
  // `child.signal(proceed, …)` on a handle held anywhere (an array of started children): the signal is a definition or its name.
  if (method === 'signal' && isSignalReference(call.arguments[0])) return 'signal-external';
  if (!ts.isCallExpression(handle)) return undefined;
  const api = workflowApi(handle);
  if (api === 'getExternalWorkflowHandle' || api === 'startChild') return method === 'signal' ? 'signal-external' : 'cancel-external';
  return undefined;
}

function isSignalReference(argument: TS.Expression | undefined): boolean {
  const target = argument && unwrapExpression(argument);
  if (!target) return false;
  if (stringValue(target) !== undefined) return true;
  if (!ts.isIdentifier(target)) return false;
  const initializer = constInitializer(target);
  return Boolean(initializer && ts.isCallExpression(unwrapExpression(initializer)) && workflowApi(unwrapExpression(initializer) as TS.CallExpression) === 'defineSignal');
}

/** `patched('id')`, `!patched('id')`. */
function patchTest(test: TS.Expression): { id: string; negated: boolean } | undefined {
  let negated = false;
  let expression = test;
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    negated = true;
    expression = unwrapExpression(expression.operand);
  }
  if (!ts.isCallExpression(expression) || workflowApi(expression) !== 'patched') return undefined;
  const id = stringValue(expression.arguments[0] && unwrapExpression(expression.arguments[0]));
  return id === undefined ? undefined : { id, negated };
}

function isShortCircuit(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** Source text with whitespace collapsed: how conditions and loop headers are compared. */
function textOf(node: TS.Node | undefined): string {
  return node ? node.getText().replace(/\s+/g, ' ').trim() : '';
}

/**
 * Workflow functions pinned with `setWorkflowOptions({ versioningBehavior: 'PINNED' }, fn)`
 * (sdk-typescript packages/workflow/src/workflow.ts `setWorkflowOptions`): their executions stay on
 * the deployment version they started on and never replay on new code.
 */
export function pinnedWorkflows(sourceFile: TS.SourceFile): Set<string> {
  const pinned = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const call = unwrapExpression(statement.expression);
    if (!ts.isCallExpression(call) || workflowApi(call) !== 'setWorkflowOptions') continue;
    const [options, fn] = call.arguments.map((a) => unwrapExpression(a));
    if (!options || !fn || !ts.isObjectLiteralExpression(options) || !ts.isIdentifier(fn)) continue;
    for (const property of options.properties)
      if (ts.isPropertyAssignment(property) && property.name.getText() === 'versioningBehavior' && stringValue(unwrapExpression(property.initializer)) === 'PINNED') pinned.add(fn.text);
  }
  return pinned;
}
