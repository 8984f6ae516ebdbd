/**
 * Recognises writes that repeat their effect when an activity is retried (the tables are in
 * src/domain/side-effects.ts), and whether the call carries what makes it safe: an idempotency
 * key, an upsert. Syntax only, and the project model to follow a client made once in another
 * module (`export const prisma = new PrismaClient()`, `export default axios.create(…)`) to where it
 * is made; where the options cannot be seen in full, nothing is claimed.
 */
import type { ts as TS } from 'ts-morph';
import { HTTP_CLIENTS, type HttpClient, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_NAME, NON_IDEMPOTENT_METHODS, ORM_CREATES, QUERY_BUILDER_INSERTS, SQL_CALLS, SQL_INSERT, SQL_UPSERT, STRIPE_WRITES } from '../domain/side-effects.js';
import { ts } from '../ts.js';
import { forEachDescendant, isDeclaredInScope, stringValue, unwrapExpression } from './syntax.js';
import { boundValue, type ProjectFile } from './project-functions.js';
import { constInitializer, objectShape } from './temporal-calls.js';
import { isFunctionNode } from './message-handlers.js';

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

/**
 * POST endpoints that read: search and query APIs take their filters as a body (Elasticsearch
 * `_search`/`_msearch`/`_count`/`_mget`, HubSpot CRM `…/search` and `…/batch/read`, Algolia
 * `…/query` and `…/queries`, Typesense `multi_search`), and an OAuth 2.0 token request (RFC 6749
 * §4.1.3, §6) issues a token, no record of the caller's. Matched on the end of the URL's path.
 * (A table of domain facts; it belongs beside the others in src/domain/side-effects.ts.)
 */
const READ_STYLE_POST = /\/(?:_?search|_msearch|multi_search|_count|_mget|query|queries|lookup|batch\/read)\/?$|\/oauth2?(?:\/[^/]+)*\/token\/?$/i;

/** Header names some services take as their idempotency key, besides the standard one (PayPal's REST API: PayPal-Request-Id). */
const VENDOR_IDEMPOTENCY_HEADER = /^paypal-request-id$/i;

function httpWrite(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
  const write = httpRequestWrite(call, project);
  return write && !readsByUrl(call) && !bodyCarriesKey(call) ? write : undefined;
}

/** The call's URL ends in a read-style endpoint's path (query string and fragment aside). */
function readsByUrl(call: TS.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return false;
  const shape = ts.isObjectLiteralExpression(unwrapExpression(first)) ? objectShape(first) : undefined;
  const ending = urlEnding(shape ? shape.properties.get('url') : first);
  return ending !== undefined && READ_STYLE_POST.test(ending.split(/[?#]/)[0]!);
}

/** The last part of a URL the file spells out: a literal, the tail of a template or of a `+`, through `const`s. */
function urlEnding(expression: TS.Expression | undefined, depth = 0): string | undefined {
  if (!expression || depth > 4) return undefined;
  const value = unwrapExpression(expression);
  const literal = stringValue(value);
  if (literal !== undefined) return literal;
  if (ts.isTemplateExpression(value)) {
    const tail = value.templateSpans[value.templateSpans.length - 1]!.literal.text;
    return tail || undefined;
  }
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) return urlEnding(value.right, depth + 1);
  if (ts.isIdentifier(value)) return urlEnding(constInitializer(value), depth + 1);
  return undefined;
}

/**
 * An idempotency key in the request's body (Square's `idempotency_key`, AWS's `clientToken`…):
 * axios's data argument, or the `data`, `json`, `body` (through JSON.stringify) or `form` of the options.
 */
function bodyCarriesKey(call: TS.CallExpression): boolean {
  return call.arguments.some((argument) => {
    const shape = objectShape(argument);
    const bodies = [shape, ...['data', 'json', 'body', 'form'].map((name) => objectShape(jsonOf(shape.properties.get(name))))];
    return bodies.some((body) => [...body.properties.keys()].some((name) => IDEMPOTENCY_KEY_NAME.test(name)));
  });
}

/** `JSON.stringify(x)` → x. */
function jsonOf(expression: TS.Expression | undefined): TS.Expression | undefined {
  const value = expression && unwrapExpression(expression);
  if (value && ts.isCallExpression(value) && value.expression.getText() === 'JSON.stringify') return value.arguments[0];
  return value;
}

function httpRequestWrite(call: TS.CallExpression, project: ProjectFile | undefined): Write | undefined {
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
  // Headers set on the objects after they are made: `headers['Idempotency-Key'] = key`.
  const later = [options, headers].map((held) => laterWrites(held)).reduce<boolean | undefined>((a, b) => (a === true || b === true ? true : a === undefined || b === undefined ? undefined : false), false);
  if (later !== false) return later;
  if (!headers) return false;
  const headerShape = objectShape(headers);
  if ([...headerShape.properties.keys()].some(isIdempotencyHeader)) return true;
  return headerShape.complete ? false : undefined;
}

function isIdempotencyHeader(name: string): boolean {
  return IDEMPOTENCY_HEADER.test(name) || VENDOR_IDEMPOTENCY_HEADER.test(name);
}

/**
 * What the function that holds `const x = {…}` writes into x after making it (`x[name] = …`,
 * `x.headers.name = …`, `x.set(name, …)`, `Object.assign(x, {…})`): true when one of the names is an
 * idempotency header, undefined when a name cannot be read, false when none is (or nothing is written).
 */
function laterWrites(held: TS.Expression | undefined): boolean | undefined {
  const value = held && unwrapExpression(held);
  if (!value || !ts.isIdentifier(value) || !constInitializer(value)) return false;
  let scope: TS.Node | undefined = value.parent;
  while (scope && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  const names: (string | undefined)[] = [];
  const rootedAt = (target: TS.Expression): boolean => {
    let current = unwrapExpression(target);
    while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
    return ts.isIdentifier(current) && current.text === value.text;
  };
  forEachDescendant(scope, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = unwrapExpression(node.left);
      if (ts.isElementAccessExpression(target) && rootedAt(target)) names.push(stringValue(unwrapExpression(target.argumentExpression)));
      // `config.headers = other` replaces what the literal showed.
      else if (ts.isPropertyAccessExpression(target) && rootedAt(target)) names.push(target.name.text === 'headers' ? undefined : target.name.text);
    } else if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'set' || callee.name.text === 'append') && rootedAt(callee.expression)) names.push(stringValue(node.arguments[0] && unwrapExpression(node.arguments[0])));
      else if (callee.getText() === 'Object.assign' && node.arguments[0] && rootedAt(node.arguments[0])) {
        for (const source of node.arguments.slice(1)) {
          const shape = objectShape(source);
          names.push(...shape.properties.keys());
          if (!shape.complete) names.push(undefined);
        }
      }
    }
  });
  if (names.some((name) => name !== undefined && isIdempotencyHeader(name))) return true;
  return names.includes(undefined) ? undefined : false;
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
