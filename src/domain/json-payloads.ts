/**
 * What Temporal's default payload converter makes of values JSON cannot carry. Payloads that are
 * not `undefined` or a `Uint8Array` go through JsonPayloadConverter (@temporalio/common,
 * packages/common/src/converter/payload-converter.ts): `JSON.stringify` on the way out,
 * `JSON.parse` on the way in. So a Date (its toJSON) becomes an ISO string, a Map or Set (no
 * enumerable own properties) `{}`, a function disappears, a class instance becomes a plain object,
 * and a bigint makes JSON.stringify throw, so `toPayload` finds no converter and the call fails
 * with a ValueError.
 */

/** Built-in types by name, and what arrives in their place. */
export const JSON_CHANGED_TYPES: Readonly<Record<string, string>> = {
  Date: 'arrives as an ISO string',
  Map: 'arrives as {}, its entries lost',
  ReadonlyMap: 'arrives as {}, its entries lost',
  WeakMap: 'arrives as {}',
  Set: 'arrives as {}, its elements lost',
  ReadonlySet: 'arrives as {}, its elements lost',
  WeakSet: 'arrives as {}',
};

/** Generic types whose arguments are the values that travel (`Promise<T>` for results, arrays, utility types). */
export const PAYLOAD_CONTAINERS: ReadonlySet<string> = new Set(['Promise', 'PromiseLike', 'Array', 'ReadonlyArray', 'Partial', 'Required', 'Readonly', 'NonNullable', 'Pick', 'Omit']);
