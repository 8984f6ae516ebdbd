/**
 * Ways activities are registered with a worker besides `Worker.create({ activities })`, as data.
 */
import type { ReferenceSummary } from '../project/module-summary.js';

/**
 * NestJS Temporal integrations that register a provider class's methods as activities because the
 * class carries their decorator (the worker is created inside the integration, from the classes
 * it discovers), by package: the class decorator.
 * Sources: KurtzL/nestjs-temporal lib/temporal.explorer.ts (`handleActivities`: providers marked
 * `@Activities()`, each `@Activity()` method bound to its instance and registered by name;
 * `activityClasses` only narrows the providers); nestjs-temporal-core (jinvillaz/hmake98,
 * README and decorators/activity.decorator.ts: `@Activity()` on the class, `@ActivityMethod()` on
 * each method, as in iamhafa/nest-microservices-temporal); @unique-ag/nestjs-temporal, a fork of
 * nestjs-temporal named in wfo's issue 15 with the same decorators (its source was not at hand).
 */
export const ACTIVITY_CLASS_DECORATORS: Readonly<Record<string, string>> = {
  'nestjs-temporal': 'Activities',
  '@unique-ag/nestjs-temporal': 'Activities',
  'nestjs-temporal-core': 'Activity',
};

const DECORATOR_BY_PACKAGE = new Map(Object.entries(ACTIVITY_CLASS_DECORATORS));

/**
 * The class decorator a module imports by value from a NestJS Temporal integration (a decorator is
 * a value use, so such an import is kept by the compiler): its classes are activity code.
 */
export function activityClassDecorator(references: readonly ReferenceSummary[]): { readonly decorator: string; readonly pkg: string } | undefined {
  for (const reference of references) {
    // Looked up in a Map: every module's every specifier asks, and an object keyed by arbitrary strings is slow to read.
    const decorator = DECORATOR_BY_PACKAGE.get(reference.specifier);
    if (decorator && !reference.erased && reference.imported.includes(decorator)) return { decorator, pkg: reference.specifier };
  }
  return undefined;
}
