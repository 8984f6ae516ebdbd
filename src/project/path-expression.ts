/**
 * Evaluates the handful of expression shapes that name a module on disk in worker code:
 * `require.resolve('./workflows')`, `path.join(__dirname, 'workflows')`, `__filename`,
 * `new URL('./workflows.js', import.meta.url)` (and `.pathname`, `fileURLToPath(…)`),
 * `path.join(path.dirname(fileURLToPath(import.meta.url)), '../workflows')`, `import.meta.dirname`,
 * string literals and templates such as `${__dirname}/workflows`, and consts of the file holding one.
 */
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { calleeName, unwrapExpression } from '../analysis/syntax.js';
import { constInitializer } from '../analysis/temporal-calls.js';
import { ts } from '../ts.js';

/** The absolute path an expression evaluates to, or undefined when it cannot be known statically. */
export function evaluatePath(expression: TS.Expression, file: string): string | undefined {
  const value = evaluate(unwrapExpression(expression), file);
  return value === undefined ? undefined : path.resolve(path.dirname(file), value);
}

const MAX_CONST_DEPTH = 4;

function evaluate(node: TS.Expression, file: string, depth = 0): string | undefined {
  node = unwrapExpression(node);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) {
    if (node.text === '__dirname') return path.dirname(file);
    if (node.text === '__filename') return file;
    // A const of the same file (`const workflowsPathUrl = new URL(…, import.meta.url)`), a few deep.
    const initializer = depth < MAX_CONST_DEPTH ? constInitializer(node) : undefined;
    return initializer && evaluate(initializer, file, depth + 1);
  }
  if (ts.isTemplateExpression(node)) return evaluateTemplate(node, file, depth);
  // `import.meta.url` as `fileURLToPath` reads it; `import.meta.dirname` and `.filename` (Node 20.11+).
  if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
    if (node.name.text === 'url' || node.name.text === 'filename') return file;
    if (node.name.text === 'dirname') return path.dirname(file);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'pathname') return evaluate(node.expression, file, depth);
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') return evaluateUrl(node, file, depth);
  if (ts.isCallExpression(node)) return evaluateCall(node, file, depth);
  return undefined;
}

function evaluateCall(call: TS.CallExpression, file: string, depth: number): string | undefined {
  const name = calleeName(call);
  const args = call.arguments;
  if (name === 'resolve' && isRequireResolve(call.expression)) return args[0] ? evaluate(args[0], file, depth) : undefined;
  if (name === 'fileURLToPath' && args[0]) return evaluate(args[0], file, depth);
  if (name === 'dirname' && args[0]) {
    const value = evaluate(args[0], file, depth);
    return value === undefined ? undefined : path.dirname(path.resolve(path.dirname(file), value));
  }
  if (name === 'join' || name === 'resolve') {
    const parts = args.map((a) => evaluate(a, file, depth));
    if (parts.some((p) => p === undefined)) return undefined;
    return name === 'join' ? path.join(...(parts as string[])) : path.resolve(path.dirname(file), ...(parts as string[]));
  }
  return undefined;
}

function isRequireResolve(callee: TS.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require';
}

/** `new URL(spec, import.meta.url)`: relative to the file itself. */
function evaluateUrl(node: TS.NewExpression, file: string, depth: number): string | undefined {
  const [spec, base] = node.arguments ?? [];
  if (!spec || !base || !isImportMetaUrl(base)) return undefined;
  const value = evaluate(spec, file, depth);
  return value === undefined ? undefined : path.resolve(path.dirname(file), value);
}

function isImportMetaUrl(node: TS.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.name.text === 'url';
}

/**
 * Templates: `${__dirname}/x` evaluates; a substitution that only picks an extension
 * (`./workflows${path.extname(import.meta.url)}`) is dropped, leaving extension resolution to the resolver.
 */
function evaluateTemplate(node: TS.TemplateExpression, file: string, depth: number): string | undefined {
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const expression = unwrapExpression(span.expression);
    const isExtension = ts.isCallExpression(expression) && calleeName(expression) === 'extname';
    if (!isExtension) {
      const value = evaluate(expression, file, depth);
      if (value === undefined) return undefined;
      text += value;
    }
    text += span.literal.text;
  }
  return text;
}
