/**
 * Writes that are not idempotent unless the caller makes them so, by library. Sources: the HTTP
 * semantics of RFC 9110 §9.2.2 (POST and PATCH are not idempotent; PUT and DELETE are), the IETF
 * Idempotency-Key header draft (draft-ietf-httpapi-idempotency-key-header), each client's README
 * for where its request options go (axios `post(url, data, config)`, got/ky `post(url, options)`,
 * undici `request(url, options)`), Stripe's API reference ("Idempotent requests": the
 * `idempotencyKey` request option), and the upsert forms of SQL and the common ORMs.
 */

/** HTTP methods that repeat their effect when retried. */
export const NON_IDEMPOTENT_METHODS = new Set(['post', 'patch']);

/** Header names that carry an idempotency key (compared case-insensitively). */
export const IDEMPOTENCY_HEADER = /^(idempotency[-_]?key|x-idempotency-key|x-request-id|x-amz-client-token)$/i;

export interface HttpClient {
  /** Where `{ method, headers }` may be when the package's default export is called: `axios(config)`, `axios(url, config)`, `got(url, options)`. */
  readonly call: readonly number[];
  /** `client.post(…)`-style methods and where their options (with the headers) are. */
  readonly writes: Readonly<Record<string, number>>;
  /** Exports that take `{ method }` options, and where: `axios.request(config)`, undici's `request(url, options)`. */
  readonly requests: Readonly<Record<string, number>>;
  /** Methods that make a configured instance of the client: `axios.create()`, `got.extend()`. */
  readonly factories: readonly string[];
}

/** HTTP client packages (fetch itself is the global, undici's or node-fetch's). */
export const HTTP_CLIENTS: Readonly<Record<string, HttpClient>> = {
  axios: { call: [0, 1], writes: { post: 2, patch: 2 }, requests: { request: 0 }, factories: ['create'] },
  got: { call: [1, 0], writes: { post: 1, patch: 1 }, requests: {}, factories: ['extend'] },
  ky: { call: [1], writes: { post: 1, patch: 1 }, requests: {}, factories: ['create', 'extend'] },
  undici: { call: [], writes: {}, requests: { request: 1, fetch: 1 }, factories: [] },
  'node-fetch': { call: [1], writes: {}, requests: {}, factories: [] },
};

/** Stripe resource methods that create or move money, which take `{ idempotencyKey }` as request options. */
export const STRIPE_WRITES = new Set(['create', 'confirm', 'capture']);

/** Methods of database clients (pg, mysql2, knex, better-sqlite3, pg-promise, postgres.js…) that run the SQL text they are given. */
export const SQL_CALLS = new Set(['query', 'execute', 'raw', 'run', 'exec', 'none', 'one', 'many', 'any', 'unsafe']);

/** SQL that inserts, and the forms that make an insert safe to repeat. */
export const SQL_INSERT = /\binsert\s+into\b/i;
export const SQL_UPSERT = /\bon\s+conflict\b|\bon\s+duplicate\s+key\b|\bmerge\s+into\b|\binsert\s+or\s+(ignore|replace)\b|\binsert\s+ignore\b/i;

/** ORM writes that create a row where the same library has an upsert (Prisma Client, the MongoDB driver). */
export const ORM_CREATES: Readonly<Record<string, string>> = {
  create: 'upsert()',
  createMany: 'createMany({ skipDuplicates: true }) or upsert()',
  insertOne: 'updateOne(filter, update, { upsert: true })',
  insertMany: 'bulkWrite with updateOne upserts',
};

/**
 * Query builders whose insert repeats its row on a retry unless an upsert clause follows it in the
 * chain: Knex (`knex('t').insert(row)`; `.onConflict(columns).ignore()` or `.merge()`, knexjs.org,
 * "onConflict"). Keyed by the package the client is made from.
 */
export const QUERY_BUILDER_INSERTS: Readonly<Record<string, { readonly label: string; readonly insert: string; readonly upsert: readonly string[]; readonly fix: string }>> = {
  knex: { label: 'Knex', insert: 'insert', upsert: ['onConflict'], fix: 'add .onConflict(key).ignore() (or .merge()) on a key the activity derives' },
};

/**
 * Property and header names that carry an idempotency key: HTTP headers, Stripe's option, AWS SDK
 * client tokens. Not X-Request-Id: most services take it as a trace id, fresh per request by design.
 */
export const IDEMPOTENCY_KEY_NAME = /^(idempotency[-_]?key|x-idempotency-key|idempotencytoken|clienttoken|client_token)$/i;

/** Calls whose value is new on every activity attempt: node:crypto, uuid, nanoid, cuid, ulid, the clock, Math.random. */
export const FRESH_EVERY_ATTEMPT = /\b(randomUUID|uuid|uuidv4|v4|nanoid|cuid|ulid|createId)\s*\(|\bDate\.now\s*\(|\bMath\.random\s*\(|\bnew\s+Date\s*\(|\bperformance\.now\s*\(|\brandomBytes\s*\(/;
