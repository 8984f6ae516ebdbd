/**
 * What the project model needs to know of a module, as plain data: enough to compute workflow
 * and activity context without parsing the file again. The lint cache stores these.
 */
import type { CallFacts } from './call-facts.js';
import type { BundlerExclusions, ReferenceKind } from './module-facts.js';

export interface ParseProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface ReferenceSummary {
  readonly specifier: string;
  readonly kind: ReferenceKind;
  /** TypeScript drops it: it never reaches the workflow bundle. */
  readonly erased: boolean;
  /** Local names it binds (to map `activities: acts` back to the module). */
  readonly locals: string[];
  /** The exported name each of `locals` binds: a name, `default`, or `*` for a namespace. */
  readonly imported: string[];
}

export interface ModuleSummary {
  /** In the order of the parsed module's `facts.references`. */
  readonly references: ReferenceSummary[];
  /** Absolute paths named by `workflowsPath`, with the `ignoreModules` of the same options. */
  readonly workflowsPaths: { readonly target: string; readonly ignoreModules: BundlerExclusions; readonly pinnedByDefault: boolean; readonly buildId: string | undefined }[];
  /** Absolute paths of the workflow interceptor modules a worker or bundle loads into the sandbox. */
  readonly interceptorModules?: string[];
  /** Local names that make up the `activities` of `Worker.create`. */
  readonly activityNames: string[];
  /** Modules this file's bundler settings keep out of the workflow bundle. */
  readonly bundlerExclusions: BundlerExclusions;
  /** Sets a `webpackConfigHook`: the bundler's webpack configuration is adjusted (it may add resolvers such as a tsconfig paths plugin). */
  readonly webpackConfigHook?: true;
  /** Top-level functions and classes, what they and the top level refer to, and the exports. */
  readonly calls: CallFacts;
  /** Names in `proxyActivities<typeof x>` and specifiers in `proxyActivities<typeof import('x')>`. */
  readonly proxyTypeNames: string[];
  readonly proxyTypeSpecifiers: string[];
  /**
   * Its top-level interfaces, type aliases and classes are plain data, as JSON carries it, and name
   * no imported type (type-facts.ts): a rule reading payload types has nothing to find in them.
   */
  readonly plainDataTypes?: true;
  /** Set when the file is not valid source: rules are not run on it. */
  readonly problem: ParseProblem | undefined;
}

/**
 * How many `export * from` barrels deep a rule may follow an import (to an activity's
 * implementation), and so how deep the lint cache looks for changes a file's findings depend on.
 */
export const MAX_BARREL_DEPTH = 4;
