/**
 * Recognises writes that repeat their effect when an activity is retried (the tables are in
 * src/domain/side-effects.ts), and whether the call carries what makes it safe: an idempotency
 * key, an upsert. Syntax only; where the options cannot be seen in full, nothing is claimed.
 */
import type { ts as TS } from 'ts-morph';
import { HTTP_CLIENTS, IDEMPOTENCY_HEADER, NON_IDEMPOTENT_METHODS, ORM_CREATES, SQL_INSERT, SQL_UPSERT, STRIPE_WRITES } from '../domain/side-effects.js';
import { ts } from '../ts.js';
import { isDeclaredInScope, stringValue, unwrapExpression } from './syntax.js';
import { constInitializer, objectShape } from './temporal-calls.js';

export interface Write {
  /** What the call is, for the message: "POST with fetch", "stripe …create()", "INSERT". */
  readonly what: string;
  /** How to make it safe to repeat. */
  readonly fix: string;
}

const SQL_CALLS = new Set(['query', 'execute', 'raw', 'run', 'exec', 'none', 'one', 'many', 'any', 'unsafe']);
/** Where the options argument of `client.post(url, …)` is, per package. */
const POST_OPTIONS_INDEX: Readonly<Record<string, number>> = { axios: 2, got: 1, ky: 1 };

export function nonIdempotentWrite(call: TS.CallExpression): Write | undefined {
  return httpWrite(call) ?? stripeWrite(call) ?? sqlWrite(call) ?? ormWrite(call);
}

export function sqlTaggedWrite(node: TS.TaggedTemplateExpression): Write | undefined {
  const tag = unwrapExpression(node.tag);
  if (!ts.isIdentifier(tag) || tag.text !== 'sql') return undefined;
  return insertWithoutUpsert(node.template.getText());
}

function httpWrite(call: TS.CallExpression): Write | undefined {
  const callee = unwrapExpression(call.expression);
  // fetch(url, { method: 'POST', headers }) — the global, or undici's / node-fetch's.
  if (ts.isIdentifier(callee) && callee.text === 'fetch' && (!isDeclaredInScope('fetch', callee) || importedFrom(callee, ['undici', 'node-fetch']))) {
    return requestOptions(call.arguments[1], 'fetch');
  }
  const client = httpClient(callee);
  if (!client) return undefined;
  if (client.method === undefined) return requestOptions(call.arguments[client.pkg === 'axios' ? 0 : 1], client.pkg);
  const method = client.method.toLowerCase();
  if (method === 'request') return requestOptions(call.arguments[0], client.pkg);
  if (!NON_IDEMPOTENT_METHODS.has(method)) return undefined;
  const options = call.arguments[POST_OPTIONS_INDEX[client.pkg] ?? 1];
  return hasIdempotencyHeader(options) === false ? { what: `${method.toUpperCase()} with ${client.pkg}`, fix: 'send an Idempotency-Key header' } : undefined;
}

/** `{ method: 'POST', headers: {…} }`: a write without a visible idempotency header. */
function requestOptions(options: TS.Expression | undefined, pkg: string): Write | undefined {
  if (!options) return undefined;
  const shape = objectShape(options);
  const method = stringValue(shape.properties.get('method'));
  if (!method || !NON_IDEMPOTENT_METHODS.has(method.toLowerCase())) return undefined;
  return hasIdempotencyHeader(options) === false ? { what: `${method.toUpperCase()} with ${pkg}`, fix: 'send an Idempotency-Key header' } : undefined;
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

/** `axios.post`, `got.post`, an `axios.create()` instance's `.post`, or `axios(…)` itself. */
function httpClient(callee: TS.Expression): { pkg: string; method: string | undefined } | undefined {
  if (ts.isIdentifier(callee)) {
    const pkg = packageOf(callee);
    return pkg && HTTP_CLIENTS[pkg]?.callable ? { pkg, method: undefined } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const base = unwrapExpression(callee.expression);
  if (!ts.isIdentifier(base)) return undefined;
  let pkg = packageOf(base);
  if (!pkg) {
    // const api = axios.create({ … })
    const init = constInitializer(base);
    const created = init && unwrapExpression(init);
    if (created && ts.isCallExpression(created) && ts.isPropertyAccessExpression(created.expression) && created.expression.name.text === 'create') {
      const factory = unwrapExpression(created.expression.expression);
      if (ts.isIdentifier(factory)) pkg = packageOf(factory);
    }
  }
  return pkg && HTTP_CLIENTS[pkg] ? { pkg, method: callee.name.text } : undefined;
}

function stripeWrite(call: TS.CallExpression): Write | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !STRIPE_WRITES.has(callee.name.text)) return undefined;
  const root = rootIdentifier(callee.expression);
  if (!root || !constructedFrom(root, 'stripe')) return undefined;
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

function ormWrite(call: TS.CallExpression): Write | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const fix = ORM_CREATES[method];
  if (!fix) return undefined;
  const receiver = unwrapExpression(callee.expression);
  const root = rootIdentifier(receiver);
  const prisma = (method === 'create' || method === 'createMany') && root && constructedFrom(root, '@prisma/client');
  const mongo = (method === 'insertOne' || method === 'insertMany') && /\.collection\s*\(/.test(receiver.getText()) || (root && isCollection(root));
  if (!prisma && !(mongo && (method === 'insertOne' || method === 'insertMany'))) return undefined;
  return { what: `${prisma ? 'Prisma' : 'MongoDB'} ${method}()`, fix: `use ${fix} keyed by an id the activity derives` };
}

function isCollection(identifier: TS.Identifier): boolean {
  const init = constInitializer(identifier);
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

/** `const stripe = new Stripe(…)` where Stripe comes from `pkg` (or the identifier is that import itself). */
function constructedFrom(identifier: TS.Identifier, pkg: string): boolean {
  if (packageOf(identifier) === pkg) return true;
  const init = constInitializer(identifier);
  const value = init && unwrapExpression(init);
  if (!value || !(ts.isNewExpression(value) || ts.isCallExpression(value))) return false;
  const ctor = unwrapExpression(value.expression);
  return ts.isIdentifier(ctor) && packageOf(ctor) === pkg;
}

/** The package an identifier is imported from (default, named or namespace import), if any. */
function packageOf(identifier: TS.Identifier): string | undefined {
  for (const statement of identifier.getSourceFile().statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const names = [clause.name?.text];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    else if (bindings) names.push(...bindings.elements.map((e) => e.name.text));
    if (names.includes(identifier.text)) return statement.moduleSpecifier.text;
  }
  return undefined;
}

function importedFrom(identifier: TS.Identifier, packages: readonly string[]): boolean {
  const pkg = packageOf(identifier);
  return pkg !== undefined && packages.includes(pkg);
}

