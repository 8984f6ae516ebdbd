/**
 * Writes that are not idempotent unless the caller makes them so, by library. Sources: the HTTP
 * semantics of RFC 9110 §9.2.2 (POST and PATCH are not idempotent; PUT and DELETE are), the IETF
 * Idempotency-Key header draft (draft-ietf-httpapi-idempotency-key-header), Stripe's API reference
 * ("Idempotent requests": the `idempotencyKey` request option), and the upsert forms of SQL and the
 * common ORMs.
 */

/** HTTP methods that repeat their effect when retried. */
export const NON_IDEMPOTENT_METHODS = new Set(['post', 'patch']);

/** Header names that carry an idempotency key (compared case-insensitively). */
export const IDEMPOTENCY_HEADER = /^(idempotency[-_]?key|x-idempotency-key|x-request-id|x-amz-client-token)$/i;

/** HTTP client packages and the exports that send a request. */
export const HTTP_CLIENTS: Readonly<Record<string, { readonly methods: readonly string[]; readonly callable: boolean }>> = {
  axios: { methods: ['post', 'patch', 'request'], callable: true },
  got: { methods: ['post', 'patch'], callable: true },
  ky: { methods: ['post', 'patch'], callable: true },
  undici: { methods: ['request', 'fetch'], callable: false },
  'node-fetch': { methods: [], callable: true },
};

/** Stripe resource methods that create or move money, which take `{ idempotencyKey }` as request options. */
export const STRIPE_WRITES = new Set(['create', 'confirm', 'capture']);

/** SQL that inserts, and the forms that make an insert safe to repeat. */
export const SQL_INSERT = /\binsert\s+into\b/i;
export const SQL_UPSERT = /\bon\s+conflict\b|\bon\s+duplicate\s+key\b|\bmerge\s+into\b|\binsert\s+or\s+(ignore|replace)\b|\binsert\s+ignore\b/i;

/** ORM writes that create a row where the same library has an upsert. */
export const ORM_CREATES: Readonly<Record<string, string>> = {
  create: 'upsert()',
  createMany: 'createMany({ skipDuplicates: true }) or upsert()',
  insertOne: 'updateOne(filter, update, { upsert: true })',
  insertMany: 'bulkWrite with updateOne upserts',
};
