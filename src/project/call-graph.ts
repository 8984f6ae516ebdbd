/**
 * Links the modules' call facts (call-facts.ts) into what the sandbox actually runs: from every
 * workflow function, every module's top level and the SDK's entry points, the top-level functions
 * and classes that code refers to, across modules and through re-exports. A unit nothing there
 * refers to is bundled but never run in a workflow, as Go's workflowcheck reasons from functions
 * rather than packages.
 */
import type { Callback, CodeUnit, ExportEntry } from './call-facts.js';
import type { ModuleSummary } from './module-summary.js';
import type { Resolution } from './module-resolver.js';

/** What the graph needs of a module. */
export interface GraphModule {
  readonly path: string;
  readonly summary: ModuleSummary;
  readonly resolutions: readonly Resolution[];
}

/** Where an exported name is declared: a local of `file`, or all of `file` (a namespace). */
export type Declaration = { readonly file: string; readonly local: string } | { readonly file: string; readonly local: '*' };

/** Re-export chains longer than this are not followed (a cycle guard as much as a bound). */
const MAX_EXPORT_DEPTH = 8;

/**
 * Exported names to declarations, memoised per graph: `export { a as b } from`, `export *`,
 * `export * as ns`, `export default x` and local export lists.
 */
export class ExportIndex {
  private readonly memo = new Map<string, Map<string, Declaration | null>>();
  private readonly allMemo = new Map<string, ReadonlyMap<string, Declaration>>();
  /** Per module, built on first use: its units and export entries by name, and the declarations handed out. */
  private readonly indexes = new Map<string, ModuleIndex>();
  /** Module → the modules that re-export from it, built on first use. */
  private reExporters: Map<string, Set<string>> | undefined;

  constructor(private readonly modules: ReadonlyMap<string, GraphModule>) {}

  module(file: string): GraphModule | undefined {
    return this.modules.get(file);
  }

  /** The top-level function or class `name` of `file`. */
  unit(file: string, name: string): CodeUnit | undefined {
    return this.indexOf(file)?.units.get(name);
  }

  /** The declaration `name` exported from `file` stands for; undefined when it cannot be seen. */
  resolve(file: string, name: string, depth = 0): Declaration | undefined {
    if (depth > MAX_EXPORT_DEPTH) return undefined;
    // Most exports are the module's own declarations: answered without the memo.
    const index = this.indexOf(file);
    if (!index) return undefined;
    const direct = index.exportsByName.get(name);
    if (direct?.local !== undefined) return index.declaration(direct.local);
    // A name the module neither exports nor could get through `export *`: most lookups, no memo needed.
    if (!direct && (!index.exportsStar || name === 'default')) return undefined;
    let memo = this.memo.get(file);
    if (!memo) this.memo.set(file, (memo = new Map()));
    const known = memo.get(name);
    if (known !== undefined) return known ?? undefined;
    memo.set(name, null);
    const found = this.search(file, name, depth);
    memo.set(name, found ?? null);
    return found;
  }

  private indexOf(file: string): ModuleIndex | undefined {
    let index = this.indexes.get(file);
    if (!index) {
      const module = this.modules.get(file);
      if (!module) return undefined;
      this.indexes.set(file, (index = new ModuleIndex(module)));
    }
    return index;
  }

  /** Every name `file` exports (through `export *`, which never re-exports `default`), with its declaration. */
  all(file: string): ReadonlyMap<string, Declaration> {
    let names = this.allMemo.get(file);
    if (!names) {
      // Set before it is worked out: a cycle of `export *` meets the names found so far, not itself again.
      const found = new Map<string, Declaration>();
      this.allMemo.set(file, found);
      this.collectAll(file, found);
      names = found;
    }
    return names;
  }

  /** Each barrel a barrel re-exports is worked out once (through `all`), however many barrels name it. */
  private collectAll(file: string, names: Map<string, Declaration>): void {
    const module = this.modules.get(file);
    if (!module) return;
    for (const entry of module.summary.calls.exports) {
      if (entry.exported === '*') {
        const target = this.target(module, entry);
        if (target) for (const [name, declaration] of this.all(target)) if (name !== 'default' && !names.has(name)) names.set(name, declaration);
        continue;
      }
      const declaration = this.resolve(file, entry.exported);
      if (declaration) names.set(entry.exported, declaration);
    }
  }

  /** The declaration a module-level name used in `file` stands for: a local, or an import followed to its module. */
  resolveLocal(file: string, ref: string): Declaration | undefined {
    const moduleIndex = this.indexOf(file);
    if (!moduleIndex) return undefined;
    const module = moduleIndex.module;
    const dot = ref.indexOf('.');
    const local = dot < 0 ? ref : ref.slice(0, dot);
    const index = moduleIndex.importIndex(local);
    if (index < 0) return moduleIndex.declaration(local);
    const resolution = module.resolutions[index];
    if (resolution?.kind !== 'file') return undefined;
    const imported = importedName(module, index, local);
    if (imported === '*') return dot < 0 ? { file: resolution.file, local: '*' } : this.resolve(resolution.file, ref.slice(dot + 1));
    return imported === undefined ? undefined : this.resolve(resolution.file, imported);
  }

  private search(file: string, name: string, depth: number): Declaration | undefined {
    const index = this.indexOf(file);
    if (!index) return undefined;
    const module = index.module;
    const direct = index.exportsByName.get(name);
    if (direct) {
      if (direct.local !== undefined) return index.declaration(direct.local);
      const target = this.target(module, direct);
      if (!target) return undefined;
      return direct.imported === '*' ? { file: target, local: '*' } : this.resolve(target, direct.imported ?? name, depth + 1);
    }
    if (name === 'default' || !index.exportsStar) return undefined;
    // Through `export *`: every name of a barrel is worked out once, rather than each barrel
    // entry asked for each name (a barrel of hundreds of modules, looked up from thousands).
    return this.all(file).get(name);
  }

  /** Whether `file` re-exports names of other modules (`export … from`, or exports an import). */
  reExports(file: string): boolean {
    return this.modules.get(file)?.summary.calls.exports.some((e) => e.reference !== undefined) ?? false;
  }

  /** `files` and every module that re-exports from one of them, through any number of barrels. */
  withReExporters(files: Iterable<string>): Set<string> {
    if (!this.reExporters) {
      this.reExporters = new Map();
      for (const module of this.modules.values()) {
        for (const entry of module.summary.calls.exports) {
          const target = this.target(module, entry);
          if (!target) continue;
          let from = this.reExporters.get(target);
          if (!from) this.reExporters.set(target, (from = new Set()));
          from.add(module.path);
        }
      }
    }
    const found = new Set(files);
    for (const file of found) for (const reExporter of this.reExporters.get(file) ?? []) found.add(reExporter);
    return found;
  }

  private target(module: GraphModule, entry: ExportEntry): string | undefined {
    const resolution = entry.reference === undefined ? undefined : module.resolutions[entry.reference];
    return resolution?.kind === 'file' ? resolution.file : undefined;
  }
}

/** What the graph looks up of one module, built once: lookups are by the thousand per module on large projects. */
class ModuleIndex {
  readonly units: Map<string, CodeUnit>;
  /** The first export entry of each name (not `*`). */
  readonly exportsByName = new Map<string, ExportEntry>();
  /** Has an `export * from` (not `export * as ns`): its names are not all in exportsByName. */
  readonly exportsStar: boolean = false;
  private importsByLocal: Map<string, number> | undefined;
  private readonly declarations = new Map<string, Declaration>();

  constructor(readonly module: GraphModule) {
    this.units = new Map(module.summary.calls.units.map((u) => [u.name, u]));
    for (const entry of module.summary.calls.exports) {
      if (entry.exported === '*') this.exportsStar = true;
      else if (!this.exportsByName.has(entry.exported)) this.exportsByName.set(entry.exported, entry);
    }
  }

  /** The module's own declaration `local`, the same object each time. */
  declaration(local: string): Declaration {
    let declaration = this.declarations.get(local);
    if (!declaration) this.declarations.set(local, (declaration = { file: this.module.path, local }));
    return declaration;
  }

  /** The index of the reference that binds `local`, or -1 when the module declares it. */
  importIndex(local: string): number {
    if (!this.importsByLocal) {
      const byLocal = new Map<string, number>();
      this.module.summary.references.forEach((reference, index) => {
        for (const name of reference.locals) if (!byLocal.has(name)) byLocal.set(name, index);
      });
      this.importsByLocal = byLocal;
    }
    return this.importsByLocal.get(local) ?? -1;
  }
}

function importedName(module: GraphModule, index: number, local: string): string | undefined {
  const reference = module.summary.references[index]!;
  return reference.imported?.[reference.locals.indexOf(local)];
}

/** Whether `offset` is inside one of `regions` (`[start, end]`, sorted, disjoint). */
export function inRegions(regions: readonly (readonly [number, number])[], offset: number): boolean {
  let low = 0;
  let high = regions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = regions[middle]!;
    if (offset < start) high = middle - 1;
    else if (offset >= end) low = middle + 1;
    else return true;
  }
  return false;
}

/** The unit whose code holds offset `offset`, if any (the module's top level otherwise). */
export function unitAt(units: readonly CodeUnit[], offset: number): CodeUnit | undefined {
  let low = 0;
  let high = units.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const unit = units[middle]!;
    if (offset < unit.start) high = middle - 1;
    else if (offset >= unit.end) low = middle + 1;
    else return unit;
  }
  return undefined;
}

/** Whether a unit calls a workflow-only API or an activity stub, in its own body or through a stub it imports. */
export function callsWorkflowApi(index: ExportIndex, file: string, unit: CodeUnit): boolean {
  if (unit.callsWorkflowApi) return true;
  return unit.refs.some((ref) => {
    const declaration = index.resolveLocal(file, ref);
    if (!declaration || declaration.local === '*' || declaration.file === file) return false;
    return index.module(declaration.file)?.summary.calls.stubs.includes(declaration.local) ?? false;
  });
}

/** A unit reached from a workflow, with the call chain that reaches it (`workflow order`, `formatRef()`). */
export type Reached = Map<string, Map<string, string[]>>;

export interface Entry {
  readonly file: string;
  readonly unit: string;
  readonly label: string;
}

export interface Reach {
  readonly reached: Reached;
  /** Reached units (by file) whose returned functions never run: only callees that never call them get them. */
  readonly returnedNeverRun: Map<string, Set<string>>;
}

/**
 * Breadth-first from the entries and from the top level of every module in `bundled`: each unit
 * referred to by code that runs gets the shortest chain of calls from an entry. Only modules in
 * `bundled` take part: a worker or test that calls a helper of a workflow module does not make
 * it run in the sandbox. What a unit returns (CodeUnit.returned) runs when the unit is referred to
 * other than by a call whose result goes to a callee that never calls it (`runs` false for that
 * Callback.result).
 */
export function reachUnits(index: ExportIndex, bundled: ReadonlySet<string>, entries: readonly Entry[], runs: (file: string, callback: Callback) => boolean): Reach {
  const reached: Reached = new Map();
  /** `${file}\0${unit}` of units whose returned functions run. */
  const whole = new Set<string>();
  const queue: { file: string; unit: CodeUnit; chain: string[]; returned: boolean }[] = [];
  /** Marks a unit reached by `chain` plus one more step (`step` names it; the unit's own name when absent). */
  const mark = (file: string, name: string, chain: readonly string[], withReturned: boolean, step?: string): void => {
    const unit = bundled.has(file) ? index.unit(file, name) : undefined;
    if (!unit) return;
    let units = reached.get(file);
    if (!units) reached.set(file, (units = new Map()));
    let full = units.get(name);
    if (!full) {
      full = [...chain, step ?? (unit.kind === 'class' ? name : `${name}()`)];
      units.set(name, full);
      queue.push({ file, unit, chain: full, returned: false });
    }
    const key = `${file}\0${name}`;
    if (withReturned && unit.returned && !whole.has(key)) {
      whole.add(key);
      queue.push({ file, unit, chain: full, returned: true });
    }
  };
  const follow = (file: string, refs: readonly string[], chain: readonly string[], withReturned = true): void => {
    for (const ref of refs) {
      const declaration = index.resolveLocal(file, ref);
      if (!declaration) continue;
      if (declaration.local !== '*') {
        mark(declaration.file, declaration.local, chain, withReturned);
        continue;
      }
      // A namespace used as a whole value: every function it exports may run.
      for (const [name, target] of index.all(declaration.file)) if (target.local !== '*') mark(target.file, target.local, chain, withReturned, `${ref}.${name}`);
    }
  };
  /** Callbacks by file, then owner (empty: the top level), with whether their callee runs them. */
  const callbacks = new Map<string, Map<string, { callback: Callback; runs: boolean }[]>>();
  for (const file of bundled) {
    const owned = index.module(file)?.summary.calls.callbacks;
    if (!owned?.length) continue;
    const byOwner = new Map<string, { callback: Callback; runs: boolean }[]>();
    callbacks.set(file, byOwner);
    for (const callback of owned) {
      const owner = callback.owner ?? '';
      let list = byOwner.get(owner);
      if (!list) byOwner.set(owner, (list = []));
      list.push({ callback, runs: runs(file, callback) });
    }
  }
  const followWithCallbacks = (file: string, owner: string, refs: readonly string[], chain: readonly string[], returned: boolean): void => {
    follow(file, refs, chain);
    for (const { callback, runs } of callbacks.get(file)?.get(owner) ?? []) {
      if (Boolean(callback.returned) !== returned) continue;
      // A call whose result is handed on runs where it is written; what it returns runs only if the callee calls it.
      if (callback.result) follow(file, callback.refs, chain, runs);
      else if (runs) follow(file, callback.refs, chain);
    }
  };
  for (const entry of entries) mark(entry.file, entry.unit, [], true, entry.label);
  for (const file of [...bundled].sort()) followWithCallbacks(file, '', index.module(file)?.summary.calls.topLevelRefs ?? [], [], false);
  for (let i = 0; i < queue.length; i++) {
    const { file, unit, chain, returned } = queue[i]!;
    followWithCallbacks(file, unit.name, returned ? (unit.returnedRefs ?? []) : unit.refs, chain, returned);
  }
  const returnedNeverRun = new Map<string, Set<string>>();
  for (const [file, units] of reached) {
    for (const name of units.keys()) {
      if (!index.unit(file, name)?.returned || whole.has(`${file}\0${name}`)) continue;
      let names = returnedNeverRun.get(file);
      if (!names) returnedNeverRun.set(file, (names = new Set()));
      names.add(name);
    }
  }
  return { reached, returnedNeverRun };
}
