/**
 * npm packages that do I/O, read the host or generate randomness outside Temporal's control.
 * Imported into workflow code they either fail in the sandbox or make replay diverge; the fix is
 * always the same: do the work in an activity. Matched as `name` or `name/…`; entries ending in
 * `/` match every package of that scope.
 */
export interface IoPackage {
  readonly name: string;
  readonly what: string;
  /** A workflow-safe replacement, when there is one better than "move it to an activity". */
  readonly instead?: string;
  /** What happens in workflow code, when it was checked (bundled and replayed with @temporalio/worker 1.24). */
  readonly fails?: string;
  /** Exports that do none of it (`uuid`'s name-based v5): an import of only these is fine. */
  readonly safeExports?: readonly string[];
  /** Subpaths that do none of it (an ORM's schema builders), matched as `name/<subpath>` or below. */
  readonly safeSubpaths?: readonly string[];
}

/** Checked with bundleWorkflowCode of @temporalio/worker 1.24: the bundler rejects the Node built-ins these import. */
const BUNDLE_FAILS = (builtins: string): string => `it imports ${builtins}, so bundling the workflows fails ("importing the following disallowed modules")`;

export const IO_PACKAGES: readonly IoPackage[] = [
  // HTTP clients
  ...['axios', 'node-fetch', 'got', 'undici', 'ky', 'superagent', 'request', 'request-promise', 'cross-fetch', 'isomorphic-fetch', 'needle', 'phin', 'ofetch'].map((name) => ({ name, what: 'an HTTP client' })),
  { name: 'graphql-request', what: 'an HTTP client', fails: 'it bundles, and a request then throws "ReferenceError: Headers is not defined": the sandbox has no fetch or Headers' },
  // Databases, caches and ORMs
  // drizzle-orm's dialect `*-core` modules only declare tables and enums (no driver, no connection):
  // workflow code that shares a schema module for its types runs them (seen in dittofeed, whose
  // workflows re-export two schema values); the drivers are its other subpaths.
  { name: 'drizzle-orm', what: 'a database or cache client', safeSubpaths: ['pg-core', 'mysql-core', 'sqlite-core', 'singlestore-core', 'gel-core'] },
  ...['pg', 'pg-promise', 'postgres', 'mysql', 'mysql2', 'mariadb', 'mssql', 'tedious', 'oracledb', 'sqlite3', 'better-sqlite3', 'mongodb', 'mongoose', 'redis', 'ioredis', '@redis/client', 'memcached', '@prisma/client', 'typeorm', 'sequelize', 'knex', 'kysely', '@mikro-orm/core', 'objection', 'cassandra-driver', 'neo4j-driver', '@elastic/elasticsearch', '@opensearch-project/opensearch', 'dynamoose', 'firebase-admin', '@supabase/supabase-js', '@planetscale/database', '@neondatabase/serverless'].map((name) => ({ name, what: 'a database or cache client' })),
  // Cloud SDKs
  ...['aws-sdk', '@aws-sdk/', '@google-cloud/', '@azure/', 'googleapis', '@octokit/rest', '@octokit/core', 'firebase'].map((name) => ({ name, what: 'a cloud SDK' })),
  // Message brokers
  ...['kafkajs', '@confluentinc/kafka-javascript', 'amqplib', 'amqp-connection-manager', 'nats', 'mqtt', 'bullmq', 'bull', '@google-cloud/pubsub', 'zeromq', 'rhea'].map((name) => ({ name, what: 'a message broker client' })),
  // Mail, payments and other SaaS APIs
  ...['nodemailer', '@sendgrid/mail', 'mailgun.js', 'postmark', 'stripe', 'twilio', '@slack/web-api', '@slack/bolt', 'openai', '@anthropic-ai/sdk', 'resend', 'braintree', '@paypal/checkout-server-sdk'].map((name) => ({ name, what: 'a client for an external API' })),
  // Files, processes and the host
  ...['fs-extra', 'graceful-fs', 'glob', 'fast-glob', 'globby', 'chokidar', 'rimraf', 'mkdirp', 'execa', 'cross-spawn', 'shelljs', 'ws', 'socket.io-client', 'socket.io', 'express', 'fastify', 'koa', 'pino', 'winston'].map((name) => ({ name, what: 'a package that uses the file system, processes, sockets or the host' })),
  { name: 'dotenv', what: 'a package that reads the environment and the file system', instead: 'pass configuration in as workflow arguments' },
  { name: 'config', what: 'a package that reads configuration files', fails: BUNDLE_FAILS('node:fs, node:os and node:path'), instead: 'pass configuration in as workflow arguments' },
  ...['bunyan', 'log4js'].map((name) => ({ name, what: 'a logger that writes to files and streams', fails: BUNDLE_FAILS('fs, os and path'), instead: "use log from @temporalio/workflow, which the worker's Runtime.logger receives" })),
  // Randomness and ids outside Temporal's deterministic random source
  {
    name: 'uuid',
    what: 'an id generator that uses host randomness',
    fails: 'v4() (like v1, v6 and v7) throws "ReferenceError: crypto is not defined" in the workflow sandbox, which has no crypto',
    instead: 'use uuid4() from @temporalio/workflow',
    // Name-based ids (a hash of their input) and the helpers are deterministic, and work in the sandbox.
    safeExports: ['v3', 'v5', 'validate', 'version', 'parse', 'stringify', 'NIL', 'MAX', 'v1ToV6', 'v6ToV1'],
  },
  { name: 'ksuid', what: 'an id generator that uses host randomness and the clock', fails: BUNDLE_FAILS("Node's crypto"), instead: 'use uuid4() from @temporalio/workflow' },
  { name: 'hyperid', what: 'an id generator that uses host randomness', fails: BUNDLE_FAILS("Node's buffer"), instead: 'use uuid4() from @temporalio/workflow' },
  { name: 'nanoid', what: 'an id generator that uses host randomness', instead: 'use uuid4() from @temporalio/workflow' },
  { name: 'cuid', what: 'an id generator that uses host randomness and the clock', instead: 'use uuid4() from @temporalio/workflow' },
  { name: '@paralleldrive/cuid2', what: 'an id generator that uses host randomness', instead: 'use uuid4() from @temporalio/workflow' },
  { name: 'ulid', what: 'an id generator that uses host randomness', instead: 'use uuid4() from @temporalio/workflow' },
  { name: 'shortid', what: 'an id generator that uses host randomness', instead: 'use uuid4() from @temporalio/workflow' },
];

export function findIoPackage(specifier: string, extra: readonly string[] = []): IoPackage | undefined {
  const matches = (name: string): boolean => (name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`));
  const known = IO_PACKAGES.find((p) => matches(p.name));
  if (known?.safeSubpaths?.some((sub) => specifier === `${known.name}/${sub}` || specifier.startsWith(`${known.name}/${sub}/`))) return undefined;
  if (known) return known;
  const configured = extra.find(matches);
  return configured ? { name: configured, what: 'a package your configuration marks as unsafe in workflows' } : undefined;
}
