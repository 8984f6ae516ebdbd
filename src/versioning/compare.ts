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
import type { Command, Step } from './command-sequence.js';

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
export function firstBreakingChange(workflow: string, deployed: readonly Step[], now: readonly Step[]): BreakingChange | undefined {
  const patches: Patches = { old: patchIds(deployed), new: patchIds(now), deprecatedBefore: deprecatedIds(deployed), deprecatedNow: deprecatedIds(now) };
  return compareSequences(workflow, normalise(deployed, 'old', patches), normalise(now, 'new', patches), true);
}

interface Patches {
  readonly old: ReadonlySet<string>;
  readonly new: ReadonlySet<string>;
  /** Ids the deployed code calls deprecatePatch with: their markers are in history (deprecated), so patched() is true again. */
  readonly deprecatedBefore: ReadonlySet<string>;
  readonly deprecatedNow: ReadonlySet<string>;
}

/**
 * What each side looks like to an execution started on the deployed code (sdk-core
 * patch_state_machine.rs, the table at its top): a patch new in the new code takes its old branch
 * (no marker in that history); a patch the new code deprecates took its new branch, and so does a
 * patch whose deprecated marker the deployed code wrote; deprecatePatch markers need not match, so
 * they are left out. continueAsNew ends a run: an open execution has not recorded it yet, so it is
 * left out too (what comes before it is compared; changing it for a return is not a change).
 */
function normalise(steps: readonly Step[], side: 'old' | 'new', patches: Patches): Step[] {
  const out: Step[] = [];
  const inner = (list: readonly Step[]): Step[] => normalise(list, side, patches);
  for (const step of steps) {
    if (step.type === 'command') {
      // patched() outside an if: it records a marker only where its history has one (or on a first run).
      const unrecorded = step.kind === 'patch' && (side === 'new' ? !patches.old.has(step.key) : patches.deprecatedNow.has(step.key));
      if (step.kind !== 'deprecate-patch' && step.kind !== 'continue-as-new' && !unrecorded) out.push(step);
    } else if (step.type === 'patched') {
      if (side === 'new' && patches.deprecatedBefore.has(step.id)) out.push(...inner(step.new));
      else if (side === 'new' && !patches.old.has(step.id)) out.push(...inner(step.old));
      else if (side === 'old' && patches.deprecatedNow.has(step.id)) out.push(...inner(step.new));
      else out.push({ ...step, new: inner(step.new), old: inner(step.old) });
    } else if (step.type === 'branch') out.push({ ...step, then: inner(step.then), else: inner(step.else) });
    else {
      const body = inner(step.body);
      // Iterating in another order over the same elements gives the same commands when they do not depend on the element.
      const header = body.every((b) => b.type === 'command') ? step.header.replace(REORDERING, '') : step.header;
      out.push({ ...step, header, body });
    }
  }
  return out.filter((step) => step.type === 'command' || (step.type === 'branch' ? step.then.length || step.else.length : step.type === 'loop' ? step.body.length : true));
}

/** Calls at the end of a loop's collection that only reorder it. */
const REORDERING = /(\.(reverse|toReversed)\(\)|\.(sort|toSorted)\([^)]*\))+$/;

function compareSequences(workflow: string, old: readonly Step[], now: readonly Step[], tail: boolean): BreakingChange | undefined {
  const change = compareAligned(workflow, old, now, tail);
  if (!change) return undefined;
  // An `if` put around commands, or taken away: compare each way it can go (an execution took one).
  const oldBranch = now.some((n) => n.type === 'branch') ? -1 : old.findIndex((o) => o.type === 'branch');
  if (oldBranch >= 0) {
    const branch = old[oldBranch] as Extract<Step, { type: 'branch' }>;
    const taking = (steps: Step[]): Step[] => [...old.slice(0, oldBranch), ...steps, ...old.slice(oldBranch + 1)];
    return compareSequences(workflow, taking(branch.then), now, tail) ?? compareSequences(workflow, taking(branch.else), now, tail);
  }
  const newBranch = old.some((o) => o.type === 'branch') ? -1 : now.findIndex((n) => n.type === 'branch');
  if (newBranch >= 0) {
    const branch = now[newBranch] as Extract<Step, { type: 'branch' }>;
    const taking = (steps: Step[]): Step[] => [...now.slice(0, newBranch), ...steps, ...now.slice(newBranch + 1)];
    return compareSequences(workflow, old, taking(branch.then), tail) ?? compareSequences(workflow, old, taking(branch.else), tail);
  }
  return change;
}

function compareAligned(workflow: string, old: readonly Step[], now: readonly Step[], tail: boolean): BreakingChange | undefined {
  const pairs = alignment(old.map(signature), now.map(signature));
  let i = 0;
  let j = 0;
  for (const [oi, nj] of [...pairs, [old.length, now.length] as const]) {
    const removed = old.slice(i, oi);
    const inserted = now.slice(j, nj);
    const nextOld = old[oi];
    const nextNew = now[nj];
    if (removed.length && inserted.length) return replaced(workflow, removed[0]!, inserted[0]!);
    if (inserted.length) {
      // After the last command of the deployed code: executions have not reached it.
      if (nextOld || !tail) {
        const step = inserted[0]!;
        const moved = old.some((o) => signature(o) === signature(step));
        return {
          node: step.node,
          change: nextOld ? `${describe(step)} was ${moved ? 'moved' : 'inserted'} before ${describe(nextOld)}` : `${describe(step)} was inserted`,
          history: nextOld ? `history has ${describe(nextOld)} next` : 'history has the next iteration or what follows',
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
      const inner = compareInside(workflow, nextOld, nextNew, tail && oi === old.length - 1);
      if (inner) return inner;
    }
    i = oi + 1;
    j = nj + 1;
  }
  return undefined;
}

/** Matched steps of the same shape: their insides. */
function compareInside(workflow: string, old: Step, now: Step, tail: boolean): BreakingChange | undefined {
  if (old.type === 'branch' && now.type === 'branch') return compareSequences(workflow, old.then, now.then, tail) ?? compareSequences(workflow, old.else, now.else, tail);
  if (old.type === 'loop' && now.type === 'loop') {
    // Commands given side by side, now one after another: history has the next turn's command where the code waits.
    if (old.concurrent && !now.concurrent)
      return { node: now.node, change: `the turns of the loop around ${describeInside(now)} now run one after another instead of side by side`, history: `history has the next turn's ${describeInside(old)} given with the first`, guard: guardFor(workflow, now, 'change') };
    return compareSequences(workflow, old.body, now.body, false);
  }
  if (old.type === 'patched' && now.type === 'patched') return compareSequences(workflow, old.new, now.new, tail) ?? compareSequences(workflow, old.old, now.old, tail);
  return undefined;
}

function replaced(workflow: string, old: Step, now: Step): BreakingChange {
  const history = `history has ${describe(old)} next`;
  if (old.type === 'patched' && now.type !== 'patched') return removedPatch(old, now.node);
  if (old.type === 'branch' && now.type === 'branch' && old.condition !== now.condition)
    return { node: now.node, change: `the condition around ${describeInside(now)} changed from \`${old.condition}\` to \`${now.condition}\``, history: 'history follows the old condition', guard: guardFor(workflow, now, 'change') };
  if (old.type === 'loop' && now.type === 'loop' && old.header !== now.header)
    return { node: now.node, change: `the loop around ${describeInside(now)} changed from \`${old.header}\` to \`${now.header}\``, history: 'history has as many iterations as the old loop made', guard: guardFor(workflow, now, 'change') };
  if (old.type === 'command' && now.type === 'command' && old.kind === now.kind && old.key === now.key) {
    const change =
      old.id !== now.id
        ? `the id of ${describe(now)} changed from ${old.id === undefined ? 'the default' : `\`${old.id}\``} to ${now.id === undefined ? 'the default' : `\`${now.id}\``}`
        : `${describe(now)} gets another default workflow id: it is drawn from the workflow's seeded random, and the draws before it (Math.random(), uuid4()) changed`;
    return { node: now.node, change, history: `history has ${describe(old)} with its old id next, and Temporal compares ids`, guard: guardFor(workflow, now, 'change') };
  }
  return { node: now.node, change: `${describe(old)} was replaced by ${describe(now)}`, history, guard: guardFor(workflow, now, 'change') };
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
      return `loop:${step.header}`;
    case 'patched':
      return `patched:${step.id}`;
  }
}

const KIND_NAMES: Readonly<Record<Command['kind'], string>> = {
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
      return step.key ? `${KIND_NAMES[step.kind]} '${step.key}'` : KIND_NAMES[step.kind];
    case 'branch':
      return `the branch \`if (${step.condition})\` around ${describeInside(step)}`;
    case 'loop':
      return `the loop \`${step.header}\` around ${describeInside(step)}`;
    case 'patched':
      return `patched('${step.id}')`;
  }
}

function describeInside(step: Step): string {
  const first = firstCommand([step]);
  return first ? describe(first) : 'commands';
}

function firstCommand(steps: readonly Step[]): Command | undefined {
  for (const step of steps) {
    if (step.type === 'command') return step;
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

function deprecatedIds(steps: readonly Step[], ids = new Set<string>()): Set<string> {
  for (const step of steps) {
    if (step.type === 'command' && step.kind === 'deprecate-patch') ids.add(step.key);
    else if (step.type === 'patched') {
      deprecatedIds(step.new, ids);
      deprecatedIds(step.old, ids);
    } else if (step.type === 'branch') {
      deprecatedIds(step.then, ids);
      deprecatedIds(step.else, ids);
    } else if (step.type === 'loop') deprecatedIds(step.body, ids);
  }
  return ids;
}
