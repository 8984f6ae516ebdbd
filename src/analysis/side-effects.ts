/**
 * Recognises writes that repeat their effect when an activity is retried (the tables are in
 * src/domain/side-effects.ts), and whether the call carries what makes it safe: an idempotency
 * key, an upsert. Syntax only, and the project model to follow a client made once in another
 * module (`export const prisma = new PrismaClient()`, `export default axios.create(…)`) to where it
 * is made; where the options cannot be seen in full, nothing is claimed.
 */
import type { ts as TS } from 'ts-morph';
import { HTTP_CLIENTS, type HttpClient, IDEMPOTENCY_HEADER, NON_IDEMPOTENT_METHODS, ORM_CREATES, QUERY_BUILDER_INSERTS, SQL_CALLS, SQL_INSERT, SQL_UPSERT, STRIPE_WRITES } from '../domain/side-effects.js';
import { ts } from '../ts.js';
import { isDeclaredInScope, stringValue, unwrapExpression } from './syntax.js';
import { boundValue, type ProjectFile } from './project-functions.js';
import { objectShape } from './temporal-calls.js';

export interface Write {
  /** What the call is, for the message: "POST with fetch", "stripe …create()", "INSERT". */
  readonly what: string;
  /** How to make it safe to repeat. */
  readonly fix: string;
}

/** `project`: the file being linted, so that clients imported from its project's modules are followed there. */
export function nonIdempotentWrite(call: TS.CallExpression, project?: ProjectFile): Write | undefined {
  return httpWrite(call, project) ?? stripeWrite(call, project) ?? sqlWrite(call) ?? ormWrite(call, project) ?? queryBuilderInsert(call, project);
}

export function sqlTaggedWrite(node: TS.TaggedTemplateExpression): Write | undefined {
  const tag = unwrapExpression(node.tag);
  if (!ts.isIdentifier(tag) || tag.text !== 'sql') return undefined;
  return insertWithoutUpsert(node.template.getText());
}

const HEADER_FIX = 'send an Idempotency-Key header';

function httpWrite(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
  const callee = unwrapExpression(call.expression);
  // fetch(url, { method: 'POST', headers }): the global fetch (undici's and node-fetch's come through the table).
  if (ts.isIdentifier(callee) && callee.text === 'fetch' && !isDeclaredInScope('fetch', callee) && !importOf(callee)) {
    return requestOptions(call.arguments[1], 'fetch');
  }
  const target = httpClient(callee, project);
  if (!target) return undefined;
  const { pkg, client, member } = target;
  if (member === undefined) return firstWrite(client.call.map((index) => requestOptions(call.arguments[index], pkg)));
  const requestIndex = client.requests[member];
  if (requestIndex !== undefined) return requestOptions(call.arguments[requestIndex], pkg);
  const writeIndex = client.writes[member];
  if (writeIndex === undefined) return undefined;
  return hasIdempotencyHeader(call.arguments[writeIndex]) === false ? { what: `${member.toUpperCase()} with ${pkg}`, fix: HEADER_FIX } : undefined;
}

function firstWrite(writes: readonly (Write | undefined)[]): Write | undefined {
  return writes.find((write) => write !== undefined);
}

/** `{ method: 'POST', headers: {…} }`: a write without a visible idempotency header. */
function requestOptions(options: TS.Expression | undefined, pkg: string): Write | undefined {
  if (!options) return undefined;
  const method = stringValue(objectShape(options).properties.get('method'));
  if (!method || !NON_IDEMPOTENT_METHODS.has(method.toLowerCase())) return undefined;
  return hasIdempotencyHeader(options) === false ? { what: `${method.toUpperCase()} with ${pkg}`, fix: HEADER_FIX } : undefined;
}

/** true / false when the headers can be seen; undefined when they cannot (a variable, a Headers object). */
function hasIdempotencyHeader(options: TS.Expression | undefined): boolean | undefined {
  if (!options) return false;
  const shape = objectShape(options);
  if (!shape.complete) return undefined;
  const headers = shape.properties.get('headers');
  if (!headers) return false;
  const headerShape = objectShape(headers);
  if ([...headerShape.properties.keys()].some((name) => IDEMPOTENCY_HEADER.test(name))) return true;
  return headerShape.complete ? false : undefined;
}

interface ClientCall {
  readonly pkg: string;
  readonly client: HttpClient;
  /** The method called on the client or the named export called (`post`, `request`); undefined when the client itself is called. */
  readonly member: string | undefined;
}

/** `axios(…)`, `axios.post(…)`, `request(…)` from undici, or the same on an instance from `axios.create()` / `got.extend()`. */
function httpClient(callee: TS.Expression, project: ProjectFile | undefined): ClientCall | undefined {
  if (ts.isIdentifier(callee)) {
    const imported = importOf(callee);
    const client = imported && HTTP_CLIENTS[imported.pkg];
    if (!imported || !client) return undefined;
    const member = imported.name === 'default' ? undefined : imported.name;
    return member === undefined || client.requests[member] !== undefined ? { pkg: imported.pkg, client, member } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const base = unwrapExpression(callee.expression);
  if (!ts.isIdentifier(base)) return undefined;
  const pkg = clientPackage(base, project);
  const client = pkg && HTTP_CLIENTS[pkg];
  return pkg && client ? { pkg, client, member: callee.name.text } : undefined;
}

/**
 * The HTTP client package an identifier is: its default or namespace import, or `const api =
 * axios.create(…)` in the file or in the project module it is imported from.
 */
function clientPackage(identifier: TS.Identifier, project?: ProjectFile): string | undefined {
  const imported = importOf(identifier);
  if (imported && HTTP_CLIENTS[imported.pkg]) return imported.name === 'default' || imported.name === '*' ? imported.pkg : undefined;
  const init = boundValue(identifier, project);
  const created = init && unwrapExpression(init);
  if (!created || !ts.isCallExpression(created) || !ts.isPropertyAccessExpression(created.expression)) return undefined;
  const factory = unwrapExpression(created.expression.expression);
  const pkg = ts.isIdentifier(factory) ? clientPackage(factory) : undefined;
  return pkg && HTTP_CLIENTS[pkg]?.factories.includes(created.expression.name.text) ? pkg : undefined;
}

function stripeWrite(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !STRIPE_WRITES.has(callee.name.text)) return undefined;
  const root = rootIdentifier(callee.expression);
  if (!root || !constructedFrom(root, 'stripe', project)) return undefined;
  const hasKey = call.arguments.some((argument) => objectShape(argument).properties.has('idempotencyKey'));
  if (hasKey) return undefined;
  return { what: `Stripe ${callee.expression.getText().replace(/^\w+\./, '')}.${callee.name.text}()`, fix: 'pass { idempotencyKey } as the request options' };
}

function sqlWrite(call: TS.CallExpression): Write | undefined {
  const callee = unwrapExpression(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!name || !SQL_CALLS.has(name)) return undefined;
  const text = call.arguments[0];
  if (!text || !(ts.isStringLiteral(text) || ts.isNoSubstitutionTemplateLiteral(text) || ts.isTemplateExpression(text))) return undefined;
  return insertWithoutUpsert(text.getText());
}

function insertWithoutUpsert(sql: string): Write | undefined {
  if (!SQL_INSERT.test(sql) || SQL_UPSERT.test(sql)) return undefined;
  return { what: 'SQL INSERT', fix: 'make it an upsert (INSERT … ON CONFLICT (key) DO NOTHING / ON DUPLICATE KEY UPDATE) on a key the activity derives' };
}

function ormWrite(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const fix = ORM_CREATES[method];
  if (!fix) return undefined;
  const receiver = unwrapExpression(callee.expression);
  const root = rootIdentifier(receiver);
  const prisma = (method === 'create' || method === 'createMany') && root && constructedFrom(root, '@prisma/client', project);
  const mongo = (method === 'insertOne' || method === 'insertMany') && /\.collection\s*\(/.test(receiver.getText()) || (root && isCollection(root, project));
  if (!prisma && !(mongo && (method === 'insertOne' || method === 'insertMany'))) return undefined;
  return { what: `${prisma ? 'Prisma' : 'MongoDB'} ${method}()`, fix: `use ${fix} keyed by an id the activity derives` };
}

/** `db('uploads').insert(row)` on a Knex client, with no `.onConflict(…)` after it in the chain. */
function queryBuilderInsert(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const root = rootIdentifier(callee.expression);
  if (!root) return undefined;
  for (const [pkg, builder] of Object.entries(QUERY_BUILDER_INSERTS)) {
    if (callee.name.text !== builder.insert || !constructedFrom(root, pkg, project)) continue;
    // The rest of the chain: `.insert(row).returning('id').onConflict('id').ignore()`.
    for (let node: TS.Node = call; (ts.isPropertyAccessExpression(node.parent) || ts.isCallExpression(node.parent)) && node.parent.expression === node; node = node.parent) {
      if (ts.isPropertyAccessExpression(node.parent) && builder.upsert.includes(node.parent.name.text)) return undefined;
    }
    return { what: `${builder.label} ${builder.insert}()`, fix: builder.fix };
  }
  return undefined;
}

function isCollection(identifier: TS.Identifier, project: ProjectFile | undefined): boolean {
  const init = boundValue(identifier, project);
  return Boolean(init && /\.collection\s*\(/.test(init.getText()));
}

/** `a.b.c(…).d` → `a`. */
function rootIdentifier(expression: TS.Expression): TS.Identifier | undefined {
  let current = unwrapExpression(expression);
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
    else return undefined;
  }
}

/**
 * `const stripe = new Stripe(…)` where Stripe comes from `pkg` (or the identifier is that import
 * itself), in the file or in the project module the identifier is imported from.
 */
function constructedFrom(identifier: TS.Identifier, pkg: string, project?: ProjectFile): boolean {
  if (packageOf(identifier) === pkg) return true;
  const init = boundValue(identifier, project);
  const value = init && unwrapExpression(init);
  if (!value || !(ts.isNewExpression(value) || ts.isCallExpression(value))) return false;
  const ctor = unwrapExpression(value.expression);
  return ts.isIdentifier(ctor) && packageOf(ctor) === pkg;
}

/** Where an identifier is imported from and as what: 'default', '*' or the exported name. */
function importOf(identifier: TS.Identifier): { pkg: string; name: string } | undefined {
  for (const statement of identifier.getSourceFile().statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const pkg = statement.moduleSpecifier.text;
    if (clause.name?.text === identifier.text) return { pkg, name: 'default' };
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === identifier.text) return { pkg, name: '*' };
    if (bindings && ts.isNamedImports(bindings)) {
      const element = bindings.elements.find((e) => e.name.text === identifier.text);
      if (element) return { pkg, name: (element.propertyName ?? element.name).text };
    }
  }
  return undefined;
}

function packageOf(identifier: TS.Identifier): string | undefined {
  return importOf(identifier)?.pkg;
}
