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
import { type FunctionNode, importedConstInitializer, isFunctionNode, resolveFunction } from '../analysis/message-handlers.js';
import { bindingOf, bindPattern, boundExpression, collectionKey, type Deferred, iteratedList, registeredFunctions, Scope } from './bindings.js';
import { drainedQueue } from './queue-drain.js';
import { type Literal, literalValue } from './constant-condition.js';
import { calledFunction, type ProjectFile } from '../analysis/project-functions.js';
import { stringValue, unwrapExpression } from '../analysis/syntax.js';
import { activityCall, activityReference, constInitializer, exportNamed, objectShape, proxyOptions, WORKFLOW_MODULE, workflowApi } from '../analysis/temporal-calls.js';

/** 'wait': `condition(fn)` without a timeout, which gives no command; kept so that a timeout given to it later is compared with it. */
export type CommandKind = 'wait' | 'activity' | 'local-activity' | 'timer' | 'child' | 'signal-external' | 'cancel-external' | 'search-attributes' | 'memo' | 'continue-as-new' | 'patch' | 'deprecate-patch';

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
  /**
   * Given in the same workflow task as the command before it: nothing was awaited in between
   * (`Promise.all([a(), b()])`, `const p = a(); b()`). History then holds both in one task.
   */
  readonly together: boolean;
  /**
   * A timer of `condition(fn, timeout)`: the predicate's text. The SDK cancels that timer when the
   * predicate becomes true first (sdk-typescript packages/workflow/src/workflow.ts `condition`:
   * `CancellationScope.cancellable` around a race of `sleep(timeout)` and the predicate, cancelled in
   * `finally`), and a cancellation is a command of its own (CancelTimer → TimerCanceled).
   */
  readonly cancelledWhen?: string;
  /** A condition timer awaited on its own (not raced or gathered with other commands). */
  readonly alone?: boolean;
  /** Inside a `try` block that has a `catch`: an error it throws there can be handled. */
  readonly guarded?: boolean;
  /** Where it is written, in the workflow's own file (an inlined helper of another file: the call of it). */
  readonly node: TS.Node;
}

export interface Branch {
  readonly type: 'branch';
  readonly condition: string;
  /**
   * A branch on whether `condition(fn, timeout)` was met (`if (!(await condition(fn, t)))`, or its
   * result held in a const): the predicate, and the arm taken when it was met rather than timed out.
   */
  readonly outcome?: { readonly predicate: string; readonly met: 'then' | 'else' };
  /** A `catch` clause: its arm runs when something in the `try` throws; `kind:key` of the first command there. */
  readonly catchOf?: string;
  /** A catch whose steps depend on how far the try got (compensations registered in it): its steps for a throw at each command. */
  readonly variants?: readonly CatchVariant[];
  /** The condition as written (absent for catch clauses). */
  readonly test?: TS.Expression;
  readonly then: Step[];
  readonly else: Step[];
  readonly node: TS.Node;
}

/** A catch's steps for a throw at the try's `at`-th command (0: its first) and later ones, up to the next variant. */
export interface CatchVariant {
  readonly at: number;
  readonly steps: Step[];
}

export interface Loop {
  readonly type: 'loop';
  /** As written: `const item of items`, `i < chosen.length; i++`. */
  readonly header: string;
  /** The header with the initializers of the consts it reads: what decides the turns and their elements. */
  readonly key: string;
  /** What decides only the number of turns (bindings.ts collectionKey); the key when unknown. */
  readonly collection: string;
  /**
   * Each turn's first command is given before any turn waits (`xs.map(…)`, a loop that collects
   * promises without awaiting): they are in history side by side, in one workflow task.
   */
  readonly concurrent: boolean;
  /** The queue this loop drains from the front, as queue-drain.ts defines it. */
  readonly drains?: string;
  /** Set by the comparison where the drain's batch size cannot change the commands (compare.ts drainsAlike). */
  readonly drained?: string;
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

/** A workflow function's commands, and the messages it handles (which history records). */
export interface WorkflowCommands {
  readonly steps: Step[];
  /** Signals and updates it registers handlers for (`signal 'approve'`), with the registration. */
  readonly handled: ReadonlyMap<string, TS.Node>;
  /** Whether a signal or update handler gives commands: they can come while the main code waits. */
  readonly handlersGiveCommands: boolean;
  /** The workflow function's parameters, in order, with their defaults when literal. */
  readonly parameters: readonly { readonly name: string; readonly default?: { readonly value: Literal } }[];
  /**
   * Whether the code it runs refers to `CancellationScope`: without one, a cancelled workflow's
   * commands all reject at once in its cancelled root scope, and give nothing (sdk-typescript
   * packages/workflow/src/cancellation-scope.ts; activities in workflow.ts scheduleActivityNextHandler).
   */
  readonly scopesCancellation: boolean;
}

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

/** Array methods that register a function on a list (to run later: a saga's compensations). */
const REGISTERING_METHODS = new Set(['push', 'unshift']);

/** How many helper calls deep the sequence follows (and a guard against recursion). */
const MAX_INLINE_DEPTH = 4;

/** The command tree of a workflow function; helpers it calls (in its file, or a project module) are inlined. */
export function commandSequence(fn: FunctionNode, project: ProjectFile | undefined): WorkflowCommands {
  const builder = new Builder(fn.getSourceFile(), project);
  const steps = builder.function(fn, undefined, 0, new Scope());
  const parameters = fn.parameters.map((parameter) => {
    const known = literalValue(parameter.initializer);
    return { name: ts.isIdentifier(parameter.name) ? parameter.name.text : '', ...(known ? { default: known } : {}) };
  });
  return {
    steps,
    handled: builder.handled,
    handlersGiveCommands: builder.handlers.some((handler) => new Builder(fn.getSourceFile(), project).function(handler, undefined, 1, new Scope()).length > 0),
    parameters,
    scopesCancellation: builder.scopesCancellation,
  };
}

class Builder {
  private readonly inlining = new Set<FunctionNode>();
  /** Draws from the workflow's seeded random so far, in source order. */
  private draws = 0;
  /** Whether something was awaited since the last command. */
  private waited = true;
  /** How many `try` blocks with a `catch` the code being read is in. */
  private guarded = 0;
  /** Commands given so far (markers aside): the clock of `registrations`. */
  private given = 0;
  /** `given` when something was last awaited or thrown: whether a `try` can throw after its last command. */
  private lastThrowAt = -1;
  private lastCommandAt = -1;
  /** Functions registered on lists (a saga's compensations), each with the commands given before it. */
  private readonly registrations: { readonly list: Deferred[]; readonly entry: Deferred; readonly given: number }[] = [];
  readonly handled = new Map<string, TS.Node>();
  readonly handlers: FunctionNode[] = [];
  scopesCancellation = false;

  constructor(
    private readonly home: TS.SourceFile,
    private readonly project: ProjectFile | undefined,
  ) {}

  function(fn: FunctionNode, site: TS.Node | undefined, depth: number, scope: Scope): Step[] {
    if (!fn.body || this.inlining.has(fn) || depth > MAX_INLINE_DEPTH) return [];
    this.inlining.add(fn);
    const out: Step[] = [];
    // Code of another file is reported at the call of it in the workflow's file.
    const at = site ?? (fn.getSourceFile() === this.home ? undefined : fn);
    this.visit(fn.body, out, at, depth, scope);
    this.inlining.delete(fn);
    return out;
  }

  private steps(node: TS.Node | undefined, site: TS.Node | undefined, depth: number, scope: Scope): Step[] {
    const out: Step[] = [];
    if (node) this.visit(node, out, site, depth, scope);
    return out;
  }

  private visit(node: TS.Node, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): void {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isIdentifier(node) && node.text === 'CancellationScope') this.scopesCancellation = true;
    if (ts.isBlock(node)) return this.statements(node.statements, out, site, depth, scope);
    if (ts.isIfStatement(node)) return this.branch(node, node.expression, node.thenStatement, node.elseStatement, out, site, depth, scope);
    if (ts.isConditionalExpression(node)) return this.branch(node, node.condition, node.whenTrue, node.whenFalse, out, site, depth, scope);
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      this.visit(node.left, out, site, depth, scope);
      return this.branch(node, node.left, node.right, undefined, out, site, depth, scope, false);
    }
    if (ts.isForStatement(node)) return this.loop(node, [node.initializer, node.condition, node.incrementor], node.condition, undefined, node.statement, out, site, depth, scope);
    // A loop over a collection is known by the collection (`for (const x of xs)` and `xs.map(…)` alike).
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      this.visit(node.expression, out, site, depth, scope);
      const over = ts.isForOfStatement(node) ? iteratedList(node.expression, scope) : undefined;
      const variable = loopVariable(node.initializer);
      const before = variable && over ? scope.get(variable) : undefined;
      if (variable && over) scope.set(variable, { kind: 'element', list: over.list, reversed: over.reversed });
      this.loop(node, [node.expression], node.expression, node.expression, node.statement, out, site, depth, scope, ts.isForOfStatement(node) ? drainedQueue(node) : undefined);
      if (variable && over) scope.set(variable, before);
      if (ts.isForOfStatement(node) && node.awaitModifier) this.waited = true;
      return;
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return this.loop(node, [node.expression], node.expression, undefined, node.statement, out, site, depth, scope, ts.isWhileStatement(node) ? drainedQueue(node) : undefined);
    if (ts.isCallExpression(node)) return this.call(node, out, site, depth, scope);
    if (ts.isTryStatement(node)) return this.tryStatement(node, out, site, depth, scope);
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, out, site, depth, scope);
    // `new Promise((resolve) => { … })`: the executor runs now.
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Promise' && node.arguments?.[0] && isFunctionNode(unwrapExpression(node.arguments[0]))) {
      out.push(...this.function(unwrapExpression(node.arguments[0]) as FunctionNode, site, depth + 1, scope.child()));
      return;
    }
    if (ts.isAwaitExpression(node)) {
      this.visit(node.expression, out, site, depth, scope);
      this.waited = true;
      this.lastThrowAt = this.given;
      return;
    }
    if (ts.isThrowStatement(node)) this.lastThrowAt = this.given;
    // `const { deps } = args`, `const acts = args.deps`: names for what a caller passed.
    if (ts.isVariableDeclaration(node) && node.initializer) {
      this.visit(node.initializer, out, site, depth, scope);
      if (!ts.isIdentifier(node.name)) this.visit(node.name, out, site, depth, scope);
      const passed = boundExpression(node.initializer, scope);
      if (passed && ts.isObjectBindingPattern(node.name)) bindPattern(node.name, passed, scope);
      else if (passed && ts.isIdentifier(node.name)) scope.set(node.name.text, bindingOf(passed));
      return;
    }
    ts.forEachChild(node, (child) => this.visit(child, out, site, depth, scope));
  }

  /**
   * A statement list. After `if (…) return;` (or throw, break, continue, continueAsNew) the rest of
   * the list runs only when the branch is not taken: it becomes the other arm, so a change of that
   * condition is a change of which commands run.
   */
  private statements(list: readonly TS.Statement[], out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): void {
    for (const [index, statement] of list.entries()) {
      if (ts.isIfStatement(statement) && !patchTest(unwrapExpression(statement.expression))) {
        const thenExits = exits(statement.thenStatement);
        const elseExits = statement.elseStatement !== undefined && exits(statement.elseStatement);
        if (thenExits !== elseExits) {
          const rest = list.slice(index + 1);
          this.visit(statement.expression, out, site, depth, scope);
          const arm = (node: TS.Statement | undefined, exiting: boolean): Step[] => {
            const steps = this.steps(node, site, depth, scope);
            if (!exiting) this.statements(rest, steps, site, depth, scope);
            return steps;
          };
          const then = arm(statement.thenStatement, thenExits);
          const otherwise = arm(statement.elseStatement, elseExits);
          if (then.length || otherwise.length) out.push({ type: 'branch', condition: textOf(statement.expression), test: statement.expression, ...timeoutOutcome(statement.expression), then, else: otherwise, node: site ?? statement });
          return;
        }
      }
      this.visit(statement, out, site, depth, scope);
      if (exits(statement)) return;
    }
  }

  private branch(node: TS.Node, condition: TS.Expression, whenTrue: TS.Node, whenFalse: TS.Node | undefined, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope, visitCondition = true): void {
    const test = unwrapExpression(condition);
    const patch = patchTest(test);
    if (patch) {
      const [yes, no] = [this.steps(whenTrue, site, depth, scope), this.steps(whenFalse, site, depth, scope)];
      // With another condition: where patched() lets it decide, a branch on it.
      const decided: Step[] = !patch.rest || (!yes.length && !no.length) ? yes : [{ type: 'branch', condition: textOf(patch.rest), then: yes, else: no, node: site ?? node }];
      out.push({ type: 'patched', id: patch.id, new: patch.negated ? no : decided, old: patch.negated ? decided : no, node: site ?? node });
      return;
    }
    if (visitCondition) this.visit(condition, out, site, depth, scope);
    const waited = this.waited;
    const then = this.steps(whenTrue, site, depth, scope);
    const waitedThen = this.waited;
    this.waited = waited;
    const otherwise = this.steps(whenFalse, site, depth, scope);
    // What follows is given together with a command of either arm unless both waited.
    this.waited &&= waitedThen;
    if (then.length || otherwise.length) out.push({ type: 'branch', condition: textOf(condition), test: condition, ...timeoutOutcome(condition), then, else: otherwise, node: site ?? node });
  }

  /**
   * `switch (x) { case A: … case B: … default: … }`: a chain of branches, `x === A` then `x === B`
   * and so on, the default last (cases without statements join the next one's condition; a case
   * that falls through is read as its own statements).
   */
  private switchStatement(node: TS.SwitchStatement, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): void {
    this.visit(node.expression, out, site, depth, scope);
    const subject = textOf(node.expression);
    const cases: { conditions: string[]; steps: Step[] }[] = [];
    let pending: string[] = [];
    let otherwise: Step[] = [];
    for (const clause of node.caseBlock.clauses) {
      const isDefault = ts.isDefaultClause(clause);
      if (!isDefault) pending.push(`${subject} === ${textOf(clause.expression)}`);
      if (!clause.statements.length) continue;
      const steps: Step[] = [];
      this.statements(clause.statements, steps, site, depth, scope);
      if (isDefault) otherwise = steps;
      else cases.push({ conditions: pending, steps });
      pending = [];
    }
    let chain = otherwise;
    for (const { conditions, steps } of cases.reverse())
      if (steps.length || chain.length) chain = [{ type: 'branch', condition: conditions.join(' || '), then: steps, else: chain, node: site ?? node }];
    out.push(...chain);
  }

  /** `try { … } catch { … } finally { … }`: the catch is a branch after the try block's commands, taken when one of them throws. */
  private tryStatement(node: TS.TryStatement, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): void {
    const start = out.length;
    const before = this.given;
    if (node.catchClause) this.guarded++;
    this.visit(node.tryBlock, out, site, depth, scope);
    if (node.catchClause) this.guarded--;
    if (node.catchClause) {
      const end = { given: this.given, thrownAfterLastCommand: this.lastThrowAt > this.lastCommandAt && this.lastThrowAt >= before };
      const handler = this.steps(node.catchClause.block, site, depth, scope);
      const variants = this.catchVariants(node.catchClause, before, end, site, depth, scope);
      const first = firstGiven(out.slice(start));
      const around = first ? `${first.kind}:${first.key}` : '';
      // Kept when it gives no command too: what it sets decides later branches (constant-condition.ts unsetFlags),
      // and the deployed code catching there is what makes a new catch's commands matter.
      out.push({ type: 'branch', condition: `catch after ${around || 'nothing'}`, catchOf: around, then: handler, else: [], ...(variants ? { variants } : {}), node: site ?? node.catchClause });
    }
    if (node.finallyBlock) this.visit(node.finallyBlock, out, site, depth, scope);
  }

  /**
   * The catch as a throw at each command of its try sees it, where functions registered in the try
   * (a saga's compensations) make it differ: a throw at a command finds on the list only what was
   * registered before that command. `at` counts the try's commands; a last variant, with all of
   * them registered, when something after the last command can throw (an await, a throw).
   */
  private catchVariants(
    clause: TS.CatchClause,
    before: number,
    end: { given: number; thrownAfterLastCommand: boolean },
    site: TS.Node | undefined,
    depth: number,
    scope: Scope,
  ): CatchVariant[] | undefined {
    const registered = this.registrations.filter((r) => r.given >= before && r.given <= end.given && r.list.includes(r.entry));
    if (!registered.length || end.given === before) return undefined;
    // Reading the catch again must leave the walk where the first reading left it.
    const { draws, waited, given, lastThrowAt, lastCommandAt } = this;
    const registrations = this.registrations.length;
    const last = end.thrownAfterLastCommand ? end.given : end.given - 1;
    const variants: CatchVariant[] = [];
    let shown = -1;
    for (let at = before; at <= last; at++) {
      const hidden = registered.filter((r) => r.given > at);
      if (hidden.length === shown) continue;
      shown = hidden.length;
      const removed = hidden.map((r) => ({ ...r, index: r.list.indexOf(r.entry) })).sort((a, b) => b.index - a.index);
      for (const { list, index } of removed) list.splice(index, 1);
      variants.push({ at: at - before, steps: this.steps(clause.block, site, depth, scope) });
      for (const { list, entry, index } of [...removed].reverse()) list.splice(index, 0, entry);
      this.draws = draws;
      this.waited = waited;
      this.given = given;
      this.lastThrowAt = lastThrowAt;
      this.lastCommandAt = lastCommandAt;
      this.registrations.length = registrations;
    }
    return variants;
  }

  /** `reads`: the expression whose consts decide the turns (a condition, a collection); `collection`: what a for-of or array method iterates. */
  private loop(node: TS.Node, header: (TS.Node | undefined)[], reads: TS.Expression | undefined, collection: TS.Expression | undefined, body: TS.Node, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope, drains?: string): void {
    const steps = this.steps(body, site, depth, scope);
    const text = header.map(textOf).join('; ');
    if (steps.length) out.push({ type: 'loop', ...loopKeys(text, reads, collection), concurrent: !awaits(body), ...(drains ? { drains } : {}), body: steps, node: site ?? node });
  }

  private call(call: TS.CallExpression, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): void {
    const api = workflowApi(call);
    // Handlers run when a message comes, not in the main sequence.
    if (api === 'setHandler' || api === 'setDefaultSignalHandler' || api === 'setDefaultUpdateHandler') return this.handler(call, api);
    if (api === 'setDefaultQueryHandler') return;
    const callee = unwrapExpression(call.expression);
    // Arguments are evaluated before the call: `await a(await b())` is b, then a.
    if (ts.isPropertyAccessExpression(callee)) this.visit(callee.expression, out, site, depth, scope);
    const callbacks: FunctionNode[] = [];
    for (const argument of call.arguments) {
      const inner = unwrapExpression(argument);
      if (isFunctionNode(inner)) callbacks.push(inner);
      else this.visit(argument, out, site, depth, scope);
    }
    if (api === 'uuid4' || isMathRandom(callee)) this.draws++;
    const command = this.command(call, api) ?? this.passedActivity(callee, scope);
    if (command) {
      // Patch markers are given with whatever follows and are not compared as steps of their own.
      const marker = command.kind === 'patch' || command.kind === 'deprecate-patch';
      out.push({ type: 'command', ...command, together: !marker && !this.waited, ...(this.guarded ? { guarded: true } : {}), node: site ?? call });
      if (!marker) {
        this.waited = false;
        this.lastCommandAt = this.given++;
      }
      return;
    }
    if (this.bound(call, out, site, depth, scope)) return;
    if (ts.isPropertyAccessExpression(callee) && REGISTERING_METHODS.has(callee.name.text) && ts.isIdentifier(unwrapExpression(callee.expression))) {
      const registered = call.arguments.flatMap((argument) => registeredFunctions(argument, scope));
      if (registered.length) {
        const list = scope.list((unwrapExpression(callee.expression) as TS.Identifier).text);
        if (callee.name.text === 'push') list.entries.push(...registered);
        else list.entries.unshift(...registered);
        for (const entry of registered) this.registrations.push({ list: list.entries, entry, given: this.given });
        return;
      }
    }
    const runs = callbacks.length ? callbackRuns(callee) : undefined;
    if (runs) {
      // Only callbacks that run now, in order, are part of the sequence; others (a compensation
      // pushed on a list, a handler) run when something else calls them.
      const over = runs === 'loop' ? iteratedList((callee as TS.PropertyAccessExpression).expression, scope) : undefined;
      const body = callbacks.flatMap((fn) => {
        const inner = scope.child();
        const variable = over && fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : undefined;
        if (variable && over) inner.set(variable, { kind: 'element', list: over.list, reversed: over.reversed });
        return this.function(fn, site, depth + 1, inner);
      });
      if (!body.length) return;
      if (runs === 'loop') {
        const collection = (callee as TS.PropertyAccessExpression).expression;
        out.push({ type: 'loop', ...loopKeys(textOf(collection), collection, collection), concurrent: true, body, node: site ?? call });
      } else out.push(...body);
      return;
    }
    const found = calledFunction(call.expression, this.project);
    if (found) out.push(...this.function(found.fn, site ?? (found.fn.getSourceFile() === this.home ? undefined : call), depth + 1, this.parameters(found.fn, call, scope)));
  }

  /** A call of a name bound to a callback (a helper's parameter, a member of an object it was passed) or of a list's element: what it runs. */
  private bound(call: TS.CallExpression, out: Step[], site: TS.Node | undefined, depth: number, scope: Scope): boolean {
    const callee = unwrapExpression(call.expression);
    const passed = boundExpression(callee, scope);
    const passedFunction = passed && unwrapExpression(passed.expression);
    if (passed && passedFunction && isFunctionNode(passedFunction)) {
      out.push(...this.function(passedFunction, site, depth + 1, passed.scope.child()));
      return true;
    }
    const head = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
    const binding = head && scope.get(head.text);
    if (!binding) return false;
    if (binding.kind === 'function' && head === callee) {
      out.push(...this.function(binding.fn, site, depth + 1, binding.scope.child()));
      return true;
    }
    if (binding.kind !== 'element') return false;
    // One entry per turn of the loop; `await c()` waits for each before the next.
    const awaited = ts.isAwaitExpression(skipParentheses(call).parent);
    const entries = binding.reversed ? [...binding.list.entries].reverse() : binding.list.entries;
    for (const entry of entries) {
      out.push(...this.function(entry.fn, site, depth + 1, entry.scope.child()));
      if (awaited) this.waited = true;
    }
    return true;
  }

  /** An activity stub a caller passed for a name, or in an object (`deps.charge()` with `deps: { charge }`). */
  private passedActivity(callee: TS.Expression, scope: Scope): Omit<Command, 'type' | 'node' | 'together'> | undefined {
    const passed = boundExpression(callee, scope);
    const activity = passed && activityReference(passed.expression);
    return activity && activityCommand(activity);
  }

  /** The scope a helper runs in: its parameters bound to the callbacks, lists and objects its caller passes. */
  private parameters(fn: FunctionNode, call: TS.CallExpression, scope: Scope): Scope {
    const inner = new Scope();
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      if (!argument || parameter.dotDotDotToken) return;
      const target = unwrapExpression(argument);
      const passed = boundExpression(target, scope) ?? { expression: target, scope };
      if (ts.isObjectBindingPattern(parameter.name)) return bindPattern(parameter.name, passed, inner);
      if (!ts.isIdentifier(parameter.name)) return;
      if (isFunctionNode(target)) inner.set(parameter.name.text, { kind: 'function', fn: target, scope });
      else if (ts.isIdentifier(target)) inner.set(parameter.name.text, scope.get(target.text) ?? (isArrayName(target) ? scope.list(target.text) : bindingOf(passed)));
      else if (ts.isObjectLiteralExpression(target) || ts.isPropertyAccessExpression(target)) inner.set(parameter.name.text, bindingOf(passed));
    });
    return inner;
  }

  private handler(call: TS.CallExpression, api: string): void {
    const [definition, handler] = api === 'setHandler' ? call.arguments : [undefined, call.arguments[0]];
    const fn = handler && resolveFunction(handler);
    if (fn) this.handlers.push(fn);
    const message = definition && messageName(definition, this.project);
    if (message && fn && hasStatements(fn)) this.handled.set(message, call);
  }

  private command(call: TS.CallExpression, api: string | undefined): Omit<Command, 'type' | 'node' | 'together'> | undefined {
    const activity = activityCall(call);
    if (activity) return activityCommand(activity);
    if (api === 'condition')
      return call.arguments.length >= 2
        ? { kind: 'timer', key: '', ...(predicateText(call.arguments[0]) === 'false' ? {} : { cancelledWhen: predicateText(call.arguments[0]) }), alone: awaitedAlone(call) }
        : { kind: 'wait', key: predicateText(call.arguments[0]), alone: awaitedAlone(call) };
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

/** An activity's command: local or not by its proxy, with the activityId its options give. */
function activityCommand(activity: NonNullable<ReturnType<typeof activityCall>>): Omit<Command, 'type' | 'node' | 'together'> {
  const id = proxyOptions(activity.proxy).properties.get('activityId');
  return { kind: activity.proxy.kind === 'proxyLocalActivities' ? 'local-activity' : 'activity', key: activity.activity, ...(id ? { id: textOf(id) } : {}) };
}

/** Whether control never goes past the statement: return, throw, break, continue, continueAsNew, or a block or `if` whose every way ends so. */
function exits(statement: TS.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakStatement(statement) || ts.isContinueStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.length > 0 && exits(statement.statements[statement.statements.length - 1]!);
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && exits(statement.thenStatement) && exits(statement.elseStatement);
  if (ts.isExpressionStatement(statement)) {
    let expression = unwrapExpression(statement.expression);
    if (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
    return ts.isCallExpression(expression) && workflowApi(expression) === 'continueAsNew';
  }
  return false;
}

function loopKeys(header: string, reads: TS.Expression | undefined, collection: TS.Expression | undefined): Pick<Loop, 'header' | 'key' | 'collection'> {
  const consts = constsRead(reads).map(textOf);
  const key = consts.length ? `${header} | ${consts.join(' | ')}` : header;
  return { header, key, collection: collection ? collectionKey(collection) : key };
}

/**
 * The initializers of the consts a loop condition reads (`i < items.length` with `const items =
 * all.slice(0, 1)`): a bound that changes through them changes the loop.
 */
function constsRead(condition: TS.Expression | undefined): TS.Node[] {
  const found: TS.Node[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const initializer = constInitializer(node);
      if (initializer && !found.includes(initializer)) found.push(initializer);
    }
    ts.forEachChild(node, visit);
  };
  if (condition) visit(condition);
  return found;
}

function loopVariable(initializer: TS.ForInitializer): string | undefined {
  if (ts.isVariableDeclarationList(initializer)) {
    const name = initializer.declarations[0]?.name;
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }
  return ts.isIdentifier(initializer) ? initializer.text : undefined;
}

/** A name declared as an empty array in the code around it: a list things can be registered on. */
function isArrayName(identifier: TS.Identifier): boolean {
  const initializer = constInitializer(identifier);
  return initializer !== undefined && ts.isArrayLiteralExpression(unwrapExpression(initializer));
}

/** The text of a condition's predicate: its expression body or returned expression. */
function predicateText(argument: TS.Expression | undefined): string {
  const fn = argument && unwrapExpression(argument);
  if (!fn || !isFunctionNode(fn) || !fn.body) return textOf(fn);
  if (!ts.isBlock(fn.body)) return textOf(fn.body);
  const only = fn.body.statements.length === 1 ? fn.body.statements[0] : undefined;
  return only && ts.isReturnStatement(only) && only.expression ? textOf(only.expression) : textOf(fn.body);
}

/** `await condition(…)` as a statement or a value of its own, not an element of Promise.race/all. */
function awaitedAlone(call: TS.CallExpression): boolean {
  const awaited = skipParentheses(call).parent;
  if (!ts.isAwaitExpression(awaited)) return false;
  let node: TS.Node = skipParentheses(awaited);
  // `!(await condition(…))`: only its outcome is tested.
  while (ts.isPrefixUnaryExpression(node.parent) && node.parent.operator === ts.SyntaxKind.ExclamationToken) node = skipParentheses(node.parent);
  const parent = node.parent;
  return ts.isExpressionStatement(parent) || ts.isVariableDeclaration(parent) || ts.isReturnStatement(parent) || ts.isIfStatement(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken);
}

/** The outermost parenthesized expression around a node (the node itself when there is none). */
function skipParentheses(node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** `await condition(fn, t)`, `!(await condition(fn, t))`, or a const holding the first: which arm runs when the condition was met. */
function timeoutOutcome(condition: TS.Expression): { outcome: NonNullable<Branch['outcome']> } | undefined {
  let expression = unwrapExpression(condition);
  let negated = false;
  while (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    negated = !negated;
    expression = unwrapExpression(expression.operand);
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(expression);
    if (initializer) expression = unwrapExpression(initializer);
  }
  if (ts.isAwaitExpression(expression)) expression = unwrapExpression(expression.expression);
  if (!ts.isCallExpression(expression) || workflowApi(expression) !== 'condition' || expression.arguments.length < 2) return undefined;
  return { outcome: { predicate: predicateText(expression.arguments[0]), met: negated ? 'else' : 'then' } };
}

function hasStatements(fn: FunctionNode): boolean {
  return fn.body !== undefined && (!ts.isBlock(fn.body) || fn.body.statements.length > 0);
}

/** `signal 'approve'` / `update 'setPrice'` for a definition (`defineSignal('approve')`, a const bound to one, an import of one) or a name. */
function messageName(definition: TS.Expression, project: ProjectFile | undefined): string | undefined {
  let target = unwrapExpression(definition);
  const literal = stringValue(target);
  if (literal !== undefined) return `signal '${literal}'`;
  if (ts.isIdentifier(target)) {
    const initializer = constInitializer(target) ?? (project && importedConstInitializer(project, target.text, undefined));
    if (!initializer) return undefined;
    target = unwrapExpression(initializer);
  } else if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
    const initializer = project && importedConstInitializer(project, target.expression.text, target.name.text);
    if (!initializer) return undefined;
    target = unwrapExpression(initializer);
  }
  if (!ts.isCallExpression(target)) return undefined;
  const api = workflowApi(target);
  const name = stringValue(target.arguments[0] && unwrapExpression(target.arguments[0]));
  if (name === undefined || (api !== 'defineSignal' && api !== 'defineUpdate')) return undefined;
  return `${api === 'defineSignal' ? 'signal' : 'update'} '${name}'`;
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

/**
 * `patched('id')`, `!patched('id')`, a const holding one, or one of them `&&` another condition
 * (`rest`): executions that started before the patch see `patched()` false.
 */
function patchTest(test: TS.Expression): { id: string; negated: boolean; rest?: TS.Expression } | undefined {
  if (ts.isBinaryExpression(test) && test.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    const [left, right] = [unwrapExpression(test.left), unwrapExpression(test.right)];
    const patch = patchTest(left) ?? patchTest(right);
    return patch && !patch.rest ? { ...patch, rest: patchTest(left) ? right : left } : undefined;
  }
  let negated = false;
  let expression = test;
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    negated = true;
    expression = unwrapExpression(expression.operand);
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(expression);
    if (initializer) expression = unwrapExpression(initializer);
  }
  if (!ts.isCallExpression(expression) || workflowApi(expression) !== 'patched') return undefined;
  const id = stringValue(expression.arguments[0] && unwrapExpression(expression.arguments[0]));
  return id === undefined ? undefined : { id, negated };
}

function isShortCircuit(kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** Source text with whitespace collapsed: how conditions and loop headers are compared. */
/** The first command of steps, looking into branches, loops and patch guards (a `try` whose commands are all in an `if`). */
function firstGiven(steps: readonly Step[]): Command | undefined {
  for (const step of steps) {
    const found = step.type === 'command' ? step : firstGiven(step.type === 'branch' ? [...step.then, ...step.else] : step.type === 'loop' ? step.body : [...step.new, ...step.old]);
    if (found) return found;
  }
  return undefined;
}

export function textOf(node: TS.Node | undefined): string {
  return node ? node.getText().replace(/\s+/g, ' ').trim() : '';
}

/**
 * The versioning behaviour workflow functions declare with `setWorkflowOptions({ versioningBehavior },
 * fn)` (sdk-typescript packages/workflow/src/workflow.ts `setWorkflowOptions`): 'PINNED' executions
 * stay on the deployment version they started on and never replay on new code; 'AUTO_UPGRADE' ones
 * move, even when the worker pins by default.
 */
export function versioningBehaviors(sourceFile: TS.SourceFile): Map<string, 'PINNED' | 'AUTO_UPGRADE'> {
  const behaviors = new Map<string, 'PINNED' | 'AUTO_UPGRADE'>();
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const call = unwrapExpression(statement.expression);
    if (!ts.isCallExpression(call) || workflowApi(call) !== 'setWorkflowOptions') continue;
    const [options, fn] = call.arguments.map((a) => unwrapExpression(a));
    if (!options || !fn || !ts.isObjectLiteralExpression(options) || !ts.isIdentifier(fn)) continue;
    for (const property of options.properties) {
      if (!ts.isPropertyAssignment(property) || property.name.getText() !== 'versioningBehavior') continue;
      const value = unwrapExpression(property.initializer);
      const name = (stringValue(value) ?? (ts.isPropertyAccessExpression(value) ? value.name.text : ''))?.toUpperCase();
      if (name === 'PINNED' || name === 'AUTO_UPGRADE') behaviors.set(fn.text, name);
    }
  }
  return behaviors;
}
