/**
 * Compares the command tree of a workflow as deployed with the tree of the same workflow type now,
 * as replay does: sdk-core matches each command event in history, in order, against the next
 * command the new code produces (core/src/worker/workflow/machines/workflow_machines.rs,
 * `handle_command_event`), so inserting, removing, reordering or changing a command before the
 * point an execution has reached fails its replay. Commands appended after the last one are seen
 * only by executions that have not reached them yet: they replay. Patch markers follow
 * sdk-typescript packages/workflow/src/workflow.ts (`patched` is false on replay of a history
 * without its marker; `deprecatePatch` markers are not required to match).
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { unwrapExpression } from '../analysis/syntax.js';
import { workflowApi } from '../analysis/temporal-calls.js';
import { type Command, type Loop, type Step, textOf, type WorkflowCommands } from './command-sequence.js';
import { decidedCondition, type Literal, unsetFlags } from './constant-condition.js';

export interface BreakingChange {
  /** Where it shows in the new code; undefined: at the workflow function itself. */
  readonly node: TS.Node | undefined;
  /** What changed, e.g. "activity 'chargeCard' was inserted before activity 'shipOrder'". */
  readonly change: string;
  /** What the history of an execution started on the deployed code holds there. */
  readonly history: string;
  /** How to make it safe: a `patched()` guard with a concrete id. */
  readonly guard: string;
}

/** The first change of `now` against `deployed` that fails the replay of a running execution, if any. */
export function firstBreakingChange(workflow: string, deployed: WorkflowCommands, now: WorkflowCommands): BreakingChange | undefined {
  const patches: Patches = {
    old: patchIds(deployed.steps),
    new: patchIds(now.steps),
    deprecatedBefore: deprecatedIds(deployed.steps),
    deprecatedNow: deprecatedIds(now.steps),
    addedTimeouts: addedTimeouts(deployed.steps, now.steps),
    ...deployedCatches(deployed.steps),
    cancelledGiveNothing: !deployed.scopesCancellation && !commandsOf(deployed.steps).some((c) => c.kind === 'child'),
    // Parameters the workflow gained with a literal default: deployed executions were started without them.
    defaults: new Map(now.parameters.slice(deployed.parameters.length).flatMap((p) => (p.name && p.default ? [[p.name, p.default.value] as const] : []))),
  };
  // An update accepted while the code waits is a command event too (WorkflowExecutionUpdateAccepted).
  const quiet = (side: WorkflowCommands): boolean => !side.handlersGiveCommands && ![...side.handled.keys()].some((message) => message.startsWith('update '));
  const context: Context = { workflow, quietWaits: quiet(deployed) && quiet(now) };
  const old = normalise(deployed.steps, 'old', patches, context.quietWaits, []);
  return compareSequences(context, old, normalise(now.steps, 'new', patches, context.quietWaits, []), { tail: true }) ?? unhandledMessage(workflow, deployed, now);
}

interface Context {
  readonly workflow: string;
  /** No handler gives commands: while the main code waits, history records no command. */
  readonly quietWaits: boolean;
}

/** Where a list of steps sits: at the end of every path (what follows it, nothing), and the loop it ends, if it ends one at the end. */
interface Place {
  readonly tail: boolean;
  /** The header of the loop whose body this is, when the loop is at the tail (its last turn is followed by nothing). */
  readonly loopAtTail?: string;
  /** What comes after these steps, outside them (the branch's next step): what history has after the last of them. */
  readonly next?: Step;
}

interface Patches {
  readonly old: ReadonlySet<string>;
  readonly new: ReadonlySet<string>;
  /** Ids the deployed code calls deprecatePatch with: their markers are in history (deprecated), so patched() is true again. */
  readonly deprecatedBefore: ReadonlySet<string>;
  readonly deprecatedNow: ReadonlySet<string>;
  /**
   * Predicates of waits the new code gives a timeout: no execution of the deployed code ever timed
   * out there (the server never had that timer), so a branch on the outcome takes its met arm.
   */
  readonly addedTimeouts: ReadonlySet<string>;
  /** The deployed code's catch clauses (by what they follow), and its commands an error there can be handled after. */
  readonly catches: ReadonlySet<string>;
  readonly guarded: ReadonlySet<string>;
  /** What deployed executions see of the parameters the new code added with a literal default. */
  readonly defaults: ReadonlyMap<string, Literal>;
  /** The deployed code gives no command once the workflow is cancelled (no CancellationScope, no children). */
  readonly cancelledGiveNothing: boolean;
}

/** `isCancellation(err)` of `@temporalio/workflow`. */
function isCancellationTest(test: TS.Expression): boolean {
  const call = unwrapExpression(test);
  return ts.isCallExpression(call) && workflowApi(call) === 'isCancellation';
}

function deployedCatches(steps: readonly Step[]): { catches: Set<string>; guarded: Set<string> } {
  const catches = new Set<string>();
  const visit = (list: readonly Step[]): void => {
    for (const step of list) {
      if (step.type === 'branch') {
        if (step.catchOf !== undefined) catches.add(step.catchOf);
        visit([...step.then, ...step.else]);
      } else if (step.type === 'loop') visit(step.body);
      else if (step.type === 'patched') visit([...step.new, ...step.old]);
    }
  };
  visit(steps);
  const guarded = new Set(commandsOf(steps).filter((c) => c.guarded).map((c) => `${c.kind}:${c.key}`));
  return { catches, guarded };
}

/** Predicates that the deployed code waits on without a timeout and the new code with one. */
function addedTimeouts(deployed: readonly Step[], now: readonly Step[]): Set<string> {
  const before = commandsOf(deployed);
  const had = new Set(before.filter((c) => c.cancelledWhen !== undefined).map((c) => c.cancelledWhen));
  const waited = new Set(before.filter((c) => c.kind === 'wait').map((c) => c.key));
  return new Set(
    commandsOf(now)
      .map((c) => c.cancelledWhen)
      .filter((p): p is string => p !== undefined && waited.has(p) && !had.has(p)),
  );
}

/** Every command of a tree, in every arm. */
function commandsOf(steps: readonly Step[], found: Command[] = []): Command[] {
  for (const step of steps) {
    if (step.type === 'command') found.push(step);
    else if (step.type === 'branch') commandsOf([...step.then, ...step.else], found);
    else if (step.type === 'loop') commandsOf(step.body, found);
    else commandsOf([...step.new, ...step.old], found);
  }
  return found;
}

/**
 * What each side looks like to an execution started on the deployed code (sdk-core
 * patch_state_machine.rs, the table at its top): a patch new in the new code takes its old branch
 * (no marker in that history); a patch the new code deprecates took its new branch, and so does a
 * patch whose deprecated marker the deployed code wrote; deprecatePatch markers need not match, so
 * they are left out. continueAsNew ends a run: an open execution has not recorded it yet, so it is
 * left out too (what comes before it is compared; changing it for a return is not a change).
 */
function normalise(steps: readonly Step[], side: 'old' | 'new', patches: Patches, quiet: boolean, unrun: TS.Node[], known: ReadonlyMap<string, boolean> = new Map()): Step[] {
  const out: Step[] = [];
  const inner = (list: readonly Step[]): Step[] => normalise(list, side, patches, quiet, unrun, known);
  // Inside `if (patched(id))`, another `patched(id)` has the same answer (the SDK asks Core once per
  // id and remembers it: sdk-typescript packages/workflow/src/internals.ts, patchInternal).
  const arm = (list: readonly Step[], id: string, value: boolean): Step[] => normalise(list, side, patches, quiet, unrun, new Map([...known, [id, value]]));
  for (const step of steps) {
    if (step.type === 'command') {
      // patched() outside an if: it records a marker only where its history has one (or on a first
      // run); one deprecated on either side need not match (deprecatePatch of the same id in the
      // same code asks for the same marker: sdk-typescript internals.ts patchInternal).
      const unrecorded =
        step.kind === 'patch' && (known.has(step.key) || patches.deprecatedNow.has(step.key) || patches.deprecatedBefore.has(step.key) || (side === 'new' && !patches.old.has(step.key)));
      // A wait raced or gathered with other commands is not where a timeout could be added to it.
      const ignored = step.kind === 'deprecate-patch' || step.kind === 'continue-as-new' || (step.kind === 'wait' && !step.alone);
      if (!ignored && !unrecorded) out.push(step);
    } else if (step.type === 'patched') {
      const value = known.get(step.id);
      if (value !== undefined) out.push(...arm(value ? step.new : step.old, step.id, value));
      else if (side === 'new' && patches.deprecatedBefore.has(step.id)) out.push(...arm(step.new, step.id, true));
      else if (side === 'new' && !patches.old.has(step.id)) out.push(...arm(step.old, step.id, false));
      else if (side === 'old' && patches.deprecatedNow.has(step.id)) out.push(...arm(step.new, step.id, true));
      else out.push({ ...step, new: arm(step.new, step.id, true), old: arm(step.old, step.id, false) });
    } else if (step.type === 'branch') {
      // What deployed executions hold: parameters at their new defaults, flags only unrun code sets.
      const known = side === 'new' && step.test ? new Map([...patches.defaults, ...(unrun.length ? unsetFlags(step.test, unrun) : [])]) : undefined;
      const decided = known?.size ? decidedCondition(step.test!, known) : undefined;
      if (typeof decided === 'boolean') out.push(...inner(decided ? step.then : step.else));
      else if (decided && decided !== step.test) out.push({ ...step, condition: textOf(decided), then: inner(step.then), else: inner(step.else) });
      else if (side === 'new' && step.outcome && patches.addedTimeouts.has(step.outcome.predicate)) out.push(...inner(step.outcome.met === 'then' ? step.then : step.else));
      // `if (isCancellation(err))`: a deployed execution got there only once cancelled, and where the
      // deployed code neither scopes cancellation nor starts children (whose cancellation reaches a
      // parent that goes on) it gave no command after that: what either version's arm gives comes
      // after its history.
      else if (patches.cancelledGiveNothing && step.test && isCancellationTest(step.test)) out.push(...inner(step.else));
      // A new catch around commands nothing caught around before: a deployed execution that threw
      // there failed, or its task fails over and over; either way it recorded nothing after.
      else if (side === 'new' && step.catchOf !== undefined && !patches.catches.has(step.catchOf) && !patches.guarded.has(step.catchOf)) unrun.push(step.node);
      else out.push({ ...step, then: inner(step.then), else: inner(step.else), ...(step.variants ? { variants: step.variants.map((v) => ({ at: v.at, steps: inner(v.steps) })) } : {}) });
    }
    else {
      const body = inner(step.body);
      // Commands that do not depend on the element: the same commands over any collection of as many
      // elements, in any order (a copy, a reordering, a list filled one element per turn of another).
      const key = body.every((b) => b.type === 'command') ? step.collection : step.key;
      out.push({ ...step, key, body: quiet ? drainsAlike(body) : body });
    }
  }
  return out.filter((step) => step.type === 'command' || (step.type === 'branch' ? hasCommand(step.then) || hasCommand(step.else) : step.type === 'loop' ? hasCommand(step.body) : true));
}

/**
 * A loop whose only commands are those of a front drain of a queue, taken one item after another
 * (queue-drain.ts): however many items each turn takes, the items' commands come in the order the
 * items came: two such drains of one queue are the same loop (`drained`). Only where no handler
 * gives commands or accepts an update: otherwise where a turn ends could move one of theirs among
 * the items'.
 */
function drainsAlike(body: Step[]): Step[] {
  // The command-giving steps, looking into branches (`if (queue.length === 0) break;` makes the rest
  // of the turn a branch's arm).
  const giving: Step[] = [];
  const collect = (steps: readonly Step[]): void => {
    for (const step of steps) {
      if (step.type === 'branch') collect([...step.then, ...step.else]);
      else if (hasCommand([step])) giving.push(step);
    }
  };
  collect(body);
  const [drain] = giving;
  if (giving.length !== 1 || drain?.type !== 'loop' || !drain.drains || drain.concurrent) return body;
  const replace = (steps: readonly Step[]): Step[] =>
    steps.map((step) => (step === drain ? { ...drain, drained: drain.drains } : step.type === 'branch' ? { ...step, then: replace(step.then), else: replace(step.else) } : step));
  return replace(body);
}

/**
 * A catch whose try gave commands: the steps just before it are the try's, and it is not what
 * follows them. An execution that got past them did not throw in the try, and one that threw went
 * to the catch before getting there. (A catch of a try without commands can follow anything.)
 */
function closesTry(step: Step): boolean {
  return step.type === 'branch' && step.catchOf !== undefined && step.catchOf !== '';
}

/** Whether steps give a command (waits give none). */
function hasCommand(steps: readonly Step[]): boolean {
  return firstCommand(steps) !== undefined;
}

function compareSequences(context: Context, old: readonly Step[], now: readonly Step[], place: Place): BreakingChange | undefined {
  const change = compareAligned(context, old, now, place);
  if (!change) return undefined;
  // An `if` put around commands, or taken away: compare each way it can go (an execution took
  // one). The change stands only if one of them breaks too.
  const unmatched = (steps: readonly Step[], other: readonly Step[]): number => {
    const signatures = new Set(other.map(signature));
    return steps.findIndex((step) => step.type === 'branch' && !signatures.has(signature(step)));
  };
  const oldBranch = unmatched(old, now);
  if (oldBranch >= 0) {
    const branch = old[oldBranch] as Extract<Step, { type: 'branch' }>;
    const taking = (steps: Step[]): Step[] => [...old.slice(0, oldBranch), ...steps, ...old.slice(oldBranch + 1)];
    return compareSequences(context, taking(branch.then), now, place) || compareSequences(context, taking(branch.else), now, place) ? change : undefined;
  }
  const newBranch = unmatched(now, old);
  if (newBranch >= 0) {
    const branch = now[newBranch] as Extract<Step, { type: 'branch' }>;
    const taking = (steps: Step[]): Step[] => [...now.slice(0, newBranch), ...steps, ...now.slice(newBranch + 1)];
    return compareSequences(context, old, taking(branch.then), place) || compareSequences(context, old, taking(branch.else), place) ? change : undefined;
  }
  return change;
}

function compareAligned(context: Context, old: readonly Step[], now: readonly Step[], place: Place): BreakingChange | undefined {
  const { workflow } = context;
  const pairs = alignment(old.map(signature), now.map(signature));
  let i = 0;
  let j = 0;
  for (const [oi, nj] of [...pairs, [old.length, now.length] as const]) {
    const [removed, inserted] = withoutWaits(context, old.slice(i, oi), now.slice(j, nj));
    const nextOld = old[oi];
    const nextNew = now[nj];
    // Nothing that gives a command comes after this step (a catch of its try does not).
    const final = !old.slice(oi + 1).some((o) => hasCommand([o]) && !closesTry(o));
    const last = place.tail && final;
    if (removed.length && inserted.length) {
      const change = replaced(context, removed[0]!, inserted[0]!, { tail: place.tail && !old.slice(oi).some((o) => hasCommand([o])) });
      if (change) return change;
    } else if (inserted.length) {
      // After the last command of the deployed code: executions have not reached it.
      const step = inserted[0]!;
      const following = old.slice(oi).find((o) => hasCommand([o]) && !closesTry(o)) ?? place.next;
      const timeoutAdded = step.type === 'command' && step.cancelledWhen !== undefined && old.slice(i, oi).some((o) => o.type === 'command' && o.kind === 'wait' && o.key === step.cancelledWhen);
      if (timeoutAdded && (following || !place.tail))
        return {
          node: step.node,
          change: `the wait for \`${step.cancelledWhen}\` now has a timeout, and its timer is a command`,
          history: 'history has the commands that handlers gave (or the updates they accepted) while it waited next',
          guard: guardFor(workflow, step, 'insert'),
        };
      if (following || !place.tail) {
        const moved = old.some((o) => signature(o) === signature(step));
        return {
          node: step.node,
          change: following ? `${describe(step)} was ${moved ? 'moved' : 'inserted'} before ${describe(following)}` : `${describe(step)} was inserted`,
          history: following ? `history has ${describe(following)} next` : 'history has the next iteration or what follows',
          guard: guardFor(workflow, step, 'insert'),
        };
      }
    } else if (removed.length) {
      const step = removed[0]!;
      if (step.type === 'patched') return removedPatch(step, nextNew?.node);
      if (nextNew && now.some((n) => signature(n) === signature(step)))
        return { node: nextNew.node, change: `${describe(nextNew)} was moved before ${describe(step)}`, history: `history has ${describe(step)} next`, guard: guardFor(workflow, nextNew, 'change') };
      return {
        node: nextNew?.node,
        change: `${describe(step)} was removed${nextNew ? ` before ${describe(nextNew)}` : ''}`,
        history: `history has ${describe(step)} next`,
        guard: guardFor(workflow, step, 'remove'),
      };
    }
    if (nextOld && nextNew) {
      const after = old.slice(oi + 1).find((o) => hasCommand([o]) && !closesTry(o)) ?? place.next;
      const inner = compareInside(context, nextOld, nextNew, { tail: last, loopAtTail: last ? undefined : place.loopAtTail && final ? place.loopAtTail : undefined, ...(after ? { next: after } : {}) });
      if (inner) return inner;
    }
    i = oi + 1;
    j = nj + 1;
  }
  return undefined;
}

/**
 * The steps between two matched ones, without waits (`condition(fn)` gives no command). A wait
 * that now has a timeout, awaited on its own where nothing else gives commands while it waits,
 * leaves no trace either: when the condition is met the SDK cancels the timer before any other
 * command is recorded, and Core drops a timer cancelled before its command was matched (sdk-core
 * timer_state_machine.rs: cancelling in the Created state issues no command). Both are dropped.
 */
function withoutWaits(context: Context, removed: readonly Step[], inserted: readonly Step[]): [Step[], Step[]] {
  const left = [...removed];
  const right = inserted.filter((step) => {
    if (!context.quietWaits || step.type !== 'command' || step.kind !== 'timer' || !step.alone || step.cancelledWhen === undefined) return true;
    const wait = left.findIndex((o) => o.type === 'command' && o.kind === 'wait' && o.alone && o.key === step.cancelledWhen);
    if (wait < 0) return true;
    left.splice(wait, 1);
    return false;
  });
  const isWait = (step: Step): boolean => step.type === 'command' && step.kind === 'wait';
  return [left.filter((step) => !isWait(step)), right.filter((step) => !isWait(step))];
}

/** Matched steps of the same shape: their insides. */
function compareInside(context: Context, old: Step, now: Step, place: Place): BreakingChange | undefined {
  if (old.type === 'branch' && now.type === 'branch') {
    // A catch, for a throw at each command of the try both have: what it gives then (the
    // compensations registered by that point). A throw at a command only the new try has came
    // from no deployed execution.
    if (old.variants && now.variants) {
      for (const variant of old.variants) {
        const counterpart = [...now.variants].reverse().find((v) => v.at <= variant.at);
        const change = counterpart && compareSequences(context, variant.steps, counterpart.steps, place);
        // Nothing left in the new catch for that throw: shown where the catch gives its commands.
        if (change) return change.node ? change : { ...change, node: now.then.find((step) => hasCommand([step]))?.node ?? now.node };
      }
      return undefined;
    }
    return compareSequences(context, old.then, now.then, place) ?? compareSequences(context, old.else, now.else, place);
  }
  if (old.type === 'loop' && now.type === 'loop') {
    // Commands given side by side, now one after another: history has the next turn's command where the code waits.
    if (old.concurrent && !now.concurrent)
      return { node: now.node, change: `the turns of the loop around ${describeInside(now)} now run one after another instead of side by side`, history: `history has the next turn's ${describeInside(old)} given with the first`, guard: guardFor(context.workflow, now, 'change') };
    // A turn is followed by the next turn or what follows the loop: no single next step.
    const inner = compareSequences(context, old.body, now.body, { tail: false, ...(place.tail ? { loopAtTail: now.header } : {}) });
    // A step removed at the end of the body shows at the loop.
    return inner && inner.node === undefined ? { ...inner, node: now.node } : inner;
  }
  if (old.type === 'patched' && now.type === 'patched') return compareSequences(context, old.new, now.new, place) ?? compareSequences(context, old.old, now.old, place);
  if (old.type === 'command' && now.type === 'command') return compareCommands(context, old, now, place);
  return undefined;
}

/** Two commands of the same kind, type and id: how they are given. */
function compareCommands(context: Context, old: Command, now: Command, place: Place): BreakingChange | undefined {
  if (old.kind === 'wait') return undefined;
  // History holds this command in the workflow task of the one before; the new code waits first.
  if (old.together && !now.together)
    return { node: now.node, change: `${describe(now)} is now given after waiting for what comes before it, not together with it`, history: `history has ${describe(now)} given in the same workflow task as the command before it`, guard: guardFor(context.workflow, now, 'change') };
  if ((old.cancelledWhen === undefined) === (now.cancelledWhen === undefined)) return undefined;
  // A cancellation when the condition wins is a command; nothing follows it at the end of the workflow, or at the end of a loop that the same condition ends.
  const predicate = (old.cancelledWhen ?? now.cancelledWhen)!;
  if (place.tail || (place.loopAtTail !== undefined && negates(place.loopAtTail, predicate))) return undefined;
  return old.cancelledWhen !== undefined
    ? { node: now.node, change: `the timer is no longer cancelled when \`${predicate}\` becomes true first`, history: 'history has its cancellation (TimerCanceled) next', guard: guardFor(context.workflow, now, 'change') }
    : { node: now.node, change: `the timer is now cancelled when \`${predicate}\` becomes true first, and a cancellation is a command`, history: 'history has the command after the wait next', guard: guardFor(context.workflow, now, 'change') };
}

/** Whether a loop header is the negation of a predicate (`while (!done)` and `() => done`). */
function negates(header: string, predicate: string): boolean {
  const strip = (text: string): string => text.replace(/^\((.*)\)$/, '$1');
  return strip(header) === `!${predicate}` || strip(header) === `!(${predicate})` || strip(predicate) === `!${header}` || strip(predicate) === `!(${header})`;
}

function replaced(context: Context, old: Step, now: Step, place: Place): BreakingChange | undefined {
  const { workflow } = context;
  const history = `history has ${describe(old)} next`;
  if (old.type === 'patched' && now.type !== 'patched') return removedPatch(old, now.node);
  // An `if` put in front of the old one (an early return before it), or taken away.
  if (now.type === 'branch' && armsHold(now, old)) {
    // The old commands in the `then` (a new `if` around them): executions where it does not hold
    // now skip them, and keep them behind `!patched(id) ||`. In the `else` (an early exit put
    // before them): executions where it holds leave, and go on behind `patched(id) &&`.
    const wrapped = armsHold({ ...now, else: [] }, old) && !armsHold({ ...now, then: [] }, old);
    const id = `${kebab(workflow)}-${kebab(now.condition).slice(0, 40).replace(/-$/, '')}`;
    return {
      node: now.node,
      change: wrapped ? `\`if (${now.condition})\` was put around ${describe(old)}` : `\`if (${now.condition})\` was inserted before ${describe(old)}`,
      history: `history has ${wrapped ? describe(old) : 'the commands that follow it'}, for executions where it ${wrapped ? 'does not hold' : 'now holds'}`,
      guard: wrapped ? `\`if (!patched('${id}') || ${now.condition})\`` : `\`if (patched('${id}') && ${now.condition})\``,
    };
  }
  if (old.type === 'branch' && armsHold(old, now))
    return { node: now.node, change: `\`if (${old.condition})\` was removed before ${describe(now)}`, history: `history has what its arms gave next`, guard: guardFor(workflow, old, 'remove') };
  if (old.type === 'branch' && now.type === 'branch' && old.condition !== now.condition) {
    // An execution may now take the other way: from the old `then` to the new `else`, or the reverse.
    const flips = reachableFlips(old.condition, now.condition);
    const flipped = (flips.toElse && compareSequences(context, old.then, now.else, place)) || (flips.toThen && compareSequences(context, old.else, now.then, place));
    if (!flipped) return undefined;
    return { node: now.node, change: `the condition around ${describeInside(now)} changed from \`${old.condition}\` to \`${now.condition}\``, history: 'history follows the old condition', guard: guardFor(workflow, now, 'change') };
  }
  if (old.type === 'loop' && now.type === 'loop' && old.key !== now.key) {
    // More turns over the same elements, at the end: the new turns come after every recorded command.
    if (place.tail && extends_(now.key, old.key) && !compareSequences(context, old.body, now.body, { tail: false })) return undefined;
    // The same queue drained from the front, in batches of another size (drainsAlike).
    if (old.drained !== undefined && old.drained === now.drained && !compareSequences(context, old.body, now.body, { tail: false })) return undefined;
    const shown = (loop: Loop): string => (old.header === now.header ? loop.key : loop.header);
    return { node: now.node, change: `the loop around ${describeInside(now)} changed from \`${shown(old)}\` to \`${shown(now)}\``, history: 'history has as many iterations as the old loop made', guard: guardFor(workflow, now, 'change') };
  }
  if (old.type === 'command' && now.type === 'command' && old.kind === now.kind && old.key === now.key) {
    const change =
      old.id !== now.id
        ? `the id of ${describe(now)} changed from ${old.id === undefined ? 'the default' : `\`${old.id}\``} to ${now.id === undefined ? 'the default' : `\`${now.id}\``}`
        : `${describe(now)} gets another default workflow id: it is drawn from the workflow's seeded random, and the draws before it (Math.random(), uuid4()) changed`;
    return { node: now.node, change, history: `history has ${describe(old)} with its old id next, and Temporal compares ids`, guard: guardFor(workflow, now, 'change') };
  }
  return { node: now.node, change: `${describe(old)} was replaced by ${describe(now)}`, history, guard: guardFor(workflow, now, 'change') };
}

/** Whether a branch's arms hold (at their start) a step like `inner`. */
function armsHold(outer: Extract<Step, { type: 'branch' }>, inner: Step): boolean {
  return [outer.then[0], outer.else[0]].some((step) => step !== undefined && signature(step) === signature(inner));
}

/** `[...xs, extra]`, `xs.concat(…)`: the elements of `xs`, in order, then more. */
function extends_(header: string, old: string): boolean {
  return header.startsWith(`[...${old}, `) || header.startsWith(`${old}.concat(`);
}

/**
 * Which way an execution can switch when a condition changes: from the old `then` to the new
 * `else` (toElse), or the reverse. Conditions that compare one name with a constant are read as
 * sets of values: `status !== APPROVED` → `status === TIMED_OUT` never sends an approved execution
 * (the old else) into the new then. A counter compared for equality with the number it stops at
 * (`if (iteration === 3) return`, a continue-as-new chain) never went past it: raising it only
 * makes the old last turn go on, lowering it makes an earlier turn stop. Thresholds (`<`, `>=`…)
 * move one way. Anything else: both ways.
 */
function reachableFlips(old: string, now: string): { toElse: boolean; toThen: boolean } {
  const a = comparison(old);
  const b = comparison(now);
  if (!a || !b || a.subject !== b.subject) return { toElse: true, toThen: true };
  const numeric = a.number !== undefined && b.number !== undefined;
  if (numeric && a.operator === b.operator && a.operator !== '!==') {
    if (a.number === b.number) return { toElse: false, toThen: false };
    const raised = b.number! > a.number!;
    // `===`, `>`, `>=`: raising the value takes executions out of then; `<`, `<=`: into it.
    return a.operator === '<' || a.operator === '<=' ? { toElse: !raised, toThen: raised } : { toElse: raised, toThen: !raised };
  }
  if (!isEquality(a.operator) || !isEquality(b.operator)) return { toElse: true, toThen: true };
  const thenOld = { equal: a.operator === '===', value: a.value };
  const thenNew = { equal: b.operator === '===', value: b.value };
  const not = (set: { equal: boolean; value: string }): { equal: boolean; value: string } => ({ equal: !set.equal, value: set.value });
  return { toElse: overlaps(thenOld, not(thenNew)), toThen: overlaps(not(thenOld), thenNew) };
}

/** Whether `= x` / `≠ x` sets share a value (names with more than two values). */
function overlaps(a: { equal: boolean; value: string }, b: { equal: boolean; value: string }): boolean {
  if (a.equal && b.equal) return a.value === b.value;
  if (a.equal || b.equal) return a.value !== b.value;
  return true;
}

function isEquality(operator: string): boolean {
  return operator === '===' || operator === '!==';
}

/** `name op constant`: a number, a string, or a dotted name such as an enum member. */
function comparison(condition: string): { subject: string; operator: string; value: string; number?: number } | undefined {
  const match = /^([A-Za-z_$][\w$.]*) (===|==|!==|!=|>=|>|<=|<) (-?\d+(?:\.\d+)?|'[^']*'|"[^"]*"|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)$/.exec(condition);
  if (!match) return undefined;
  const operator = match[2] === '==' ? '===' : match[2] === '!=' ? '!==' : match[2]!;
  const value = match[3]!;
  const number = /^-?\d/.test(value) ? Number(value) : undefined;
  if (number === undefined && !isEquality(operator)) return undefined;
  return { subject: match[1]!, operator, value, ...(number !== undefined ? { number } : {}) };
}

/**
 * A signal or update the deployed code handled and the new code does not: histories hold those
 * messages (WorkflowExecutionSignaled, update acceptance), and on replay they no longer reach a
 * handler, so what the handler changed, and the commands that followed from it, are gone.
 */
function unhandledMessage(workflow: string, deployed: WorkflowCommands, now: WorkflowCommands): BreakingChange | undefined {
  const gone = [...deployed.handled.keys()].find((message) => !now.handled.has(message));
  if (!gone) return undefined;
  const added = [...now.handled].find(([message]) => !deployed.handled.has(message));
  return {
    node: added?.[1],
    change: added ? `the handler of ${gone} now handles ${added[0]}` : `${gone} is no longer handled`,
    history: `histories hold ${gone} messages, which now reach no handler, so the commands that followed from them are not given`,
    guard: `keep a handler for ${gone} as long as executions that received one are running`,
  };
}

function removedPatch(old: Extract<Step, { type: 'patched' }>, node: TS.Node | undefined): BreakingChange {
  return {
    node,
    change: `patched('${old.id}') was removed`,
    history: `histories written before the patch have the commands of its old branch, and later ones its marker`,
    guard: `keep the branch and call \`deprecatePatch('${old.id}')\` first, deploy that, and remove it only when no execution that started before the patch is running`,
  };
}

/**
 * The longest common subsequence of two signature lists, as index pairs in order. Sequences of a
 * workflow are short (tens of steps), so the quadratic table is fine.
 */
function alignment(a: readonly string[], b: readonly string[]): [number, number][] {
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** What identifies a step to replay: a command's kind and type; a branch's condition; a loop's header; a patch's id. */
function signature(step: Step): string {
  switch (step.type) {
    case 'command':
      return `${step.kind}:${step.key}:${step.id ?? ''}:${step.draws ?? ''}`;
    case 'branch':
      return `if:${step.condition}`;
    case 'loop':
      return `loop:${step.key}`;
    case 'patched':
      return `patched:${step.id}`;
  }
}

const KIND_NAMES: Readonly<Record<Command['kind'], string>> = {
  wait: 'a wait for a condition',
  activity: 'activity',
  'local-activity': 'local activity',
  timer: 'a timer',
  child: 'child workflow',
  'signal-external': 'a signal to another workflow',
  'cancel-external': 'a cancellation of another workflow',
  'search-attributes': 'upsertSearchAttributes',
  memo: 'upsertMemo',
  'continue-as-new': 'continueAsNew',
  patch: 'patch marker',
  'deprecate-patch': 'deprecated patch marker',
};

export function describe(step: Step): string {
  switch (step.type) {
    case 'command':
      return commandName(step.kind, step.key);
    case 'branch':
      if (step.catchOf !== undefined) return `${describeInside(step)} in the \`catch\` ${step.catchOf ? `after ${describeKey(step.catchOf)}` : 'of a `try` without commands'}`;
      return `the branch \`if (${step.condition})\` around ${describeInside(step)}`;
    case 'loop':
      return `the loop \`${step.header}\` around ${describeInside(step)}`;
    case 'patched':
      return `patched('${step.id}')`;
  }
}

/** `activity:charge` (a catch's `catchOf`) as a message says it: activity 'charge'. */
function describeKey(kindAndKey: string): string {
  const colon = kindAndKey.indexOf(':');
  const kind = kindAndKey.slice(0, colon) as Command['kind'];
  const key = kindAndKey.slice(colon + 1);
  return kind in KIND_NAMES ? commandName(kind, key) : kindAndKey;
}

function commandName(kind: Command['kind'], key: string): string {
  return key ? `${KIND_NAMES[kind]} '${key}'` : KIND_NAMES[kind];
}

function describeInside(step: Step): string {
  const first = firstCommand([step]);
  return first ? describe(first) : 'commands';
}

function firstCommand(steps: readonly Step[]): Command | undefined {
  for (const step of steps) {
    if (step.type === 'command') {
      if (step.kind !== 'wait') return step;
      continue;
    }
    const inner = firstCommand(step.type === 'branch' ? [...step.then, ...step.else] : step.type === 'loop' ? step.body : [...step.new, ...step.old]);
    if (inner) return inner;
  }
  return undefined;
}

function guardFor(workflow: string, step: Step, how: 'insert' | 'remove' | 'change'): string {
  const command = firstCommand([step]);
  const what = command?.key || command?.kind || 'change';
  const id = `${kebab(workflow)}-${how === 'remove' ? 'remove-' : ''}${kebab(what)}`;
  if (how === 'insert') return `\`if (patched('${id}')) { <the new code> }\``;
  if (how === 'remove') return `\`if (!patched('${id}')) { <the removed code> }\``;
  return `\`if (patched('${id}')) { <the new code> } else { <the old code> }\``;
}

function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

function patchIds(steps: readonly Step[], ids = new Set<string>()): Set<string> {
  for (const step of steps) {
    if (step.type === 'command' && (step.kind === 'patch' || step.kind === 'deprecate-patch')) ids.add(step.key);
    else if (step.type === 'patched') {
      ids.add(step.id);
      patchIds(step.new, ids);
      patchIds(step.old, ids);
    } else if (step.type === 'branch') {
      patchIds(step.then, ids);
      patchIds(step.else, ids);
    } else if (step.type === 'loop') patchIds(step.body, ids);
  }
  return ids;
}

function deprecatedIds(steps: readonly Step[]): Set<string> {
  return new Set(commandsOf(steps).filter((c) => c.kind === 'deprecate-patch').map((c) => c.key));
}
