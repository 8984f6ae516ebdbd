import type { ts as TS } from 'ts-morph';
import { runsOnlyOutsideWorkflow } from '../src/analysis/sandbox-guards.js';
import { calleeName, unwrapExpression } from '../src/analysis/syntax.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

/** Date methods whose result depends on the worker's time zone. getSeconds/getMilliseconds do not. */
const LOCAL_TIME_METHODS = new Set([
  'getFullYear', 'getYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getTimezoneOffset',
  'setFullYear', 'setYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'toDateString', 'toTimeString',
]);
const LOCALE_METHODS = new Set(['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']);
/** Only Dates have these, so the receiver need not be shown to be one. */
const DATE_ONLY_LOCALE_METHODS = new Set(['toLocaleDateString', 'toLocaleTimeString']);

export default defineRule({
  meta: {
    id: 'no-local-time',
    description: "Results that depend on the worker's time zone or locale (local Date getters, toLocale*String, Intl defaults)",
    context: 'workflow',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/core-application#workflow-logic-requirements',
    messages: {
      localGetter: "'{{method}}()' reads local time: two workers in different time zones compute different values, so replay on another worker can diverge. Use the UTC form ('{{utc}}()'), or pass the time zone in as workflow input.",
      locale: "'{{method}}()' without an explicit locale and timeZone formats with the worker's settings: replay on another worker can diverge. Pass both, e.g. {{method}}('en-US', { timeZone: 'UTC' }).",
      intl: "This Intl call uses the worker's default time zone and locale: workers in different zones replay differently. Pass an explicit locale and `timeZone`.",
    },
  },
  create(context) {
    // Only files that call a local-time method pay for the walk that finds their Date names.
    let dateNames: Set<string> | undefined;
    const isDate = (expression: TS.Expression): boolean => isDateExpression(expression, (dateNames ??= collectDateNames(context.sourceFile)));
    // Host code (`if (!inWorkflowContext())`) is never replayed: the worker's zone cannot make it diverge.
    const report: typeof context.report = (descriptor) => {
      if (!runsOnlyOutsideWorkflow(descriptor.node)) context.report(descriptor);
    };
    return {
      CallExpression(call: TS.CallExpression) {
        const method = calleeName(call);
        if (!method || !ts.isPropertyAccessExpression(call.expression)) return;
        const receiver = unwrapExpression(call.expression.expression);
        if (LOCAL_TIME_METHODS.has(method) && isDate(receiver)) {
          report({ node: call, messageId: 'localGetter', data: { method, utc: utcForm(method) } });
        } else if (LOCALE_METHODS.has(method) && !hasLocaleAndTimeZone(call.arguments)) {
          if (DATE_ONLY_LOCALE_METHODS.has(method) || isDate(receiver) || call.arguments.length === 0) {
            report({ node: call, messageId: 'locale', data: { method } });
          }
        } else if (method === 'resolvedOptions' && isIntlConstruction(receiver) && !hasLocaleAndTimeZone(intlArguments(receiver))) {
          report({ node: call, messageId: 'intl' });
        }
      },
      NewExpression(node: TS.NewExpression) {
        if (isIntlConstruction(node) && intlName(node) === 'DateTimeFormat' && !hasTimeZoneOption(node.arguments ?? ts.factory.createNodeArray())) {
          if (!isResolvedOptionsReceiver(node)) report({ node, messageId: 'intl' });
        }
      },
    };
  },
});

function utcForm(method: string): string {
  if (method === 'getTimezoneOffset') return 'getUTCHours';
  if (method === 'toDateString' || method === 'toTimeString') return 'toISOString';
  return method.replace(/^(get|set)/, '$1UTC').replace('UTCYear', 'UTCFullYear');
}

function hasLocaleAndTimeZone(args: readonly TS.Expression[]): boolean {
  return args.length >= 2 && hasTimeZoneOption(args);
}

function hasTimeZoneOption(args: readonly TS.Expression[]): boolean {
  const options = args[1] ? unwrapExpression(args[1]) : undefined;
  if (!options) return false;
  if (!ts.isObjectLiteralExpression(options)) return true; // options built elsewhere: do not guess
  return options.properties.some((p) => ts.isSpreadAssignment(p) || (p.name && ts.isIdentifier(p.name) && p.name.text === 'timeZone'));
}

function intlName(node: TS.NewExpression | TS.CallExpression): string | undefined {
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Intl' ? callee.name.text : undefined;
}

function isIntlConstruction(node: TS.Expression): node is TS.NewExpression | TS.CallExpression {
  return (ts.isNewExpression(node) || ts.isCallExpression(node)) && intlName(node) !== undefined;
}

function intlArguments(node: TS.NewExpression | TS.CallExpression): readonly TS.Expression[] {
  return node.arguments ?? [];
}

function isResolvedOptionsReceiver(node: TS.NewExpression): boolean {
  const parent = node.parent;
  return ts.isPropertyAccessExpression(parent) && parent.name.text === 'resolvedOptions';
}

/** Whether an expression is known, from this file alone, to be a Date. */
function isDateExpression(expression: TS.Expression, dateNames: ReadonlySet<string>): boolean {
  if (ts.isNewExpression(expression)) return ts.isIdentifier(expression.expression) && expression.expression.text === 'Date';
  if (ts.isIdentifier(expression)) return dateNames.has(expression.text);
  if (ts.isPropertyAccessExpression(expression)) return dateNames.has(expression.name.text);
  return false;
}

/** Names declared in this file as Dates: `= new Date(…)` or a `: Date` annotation. */
function collectDateNames(sourceFile: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const pending: TS.Node[] = [sourceFile];
  while (pending.length) {
    const node = pending.pop()!;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) && ts.isIdentifier(node.name)) {
      const type = node.type;
      const init = 'initializer' in node ? node.initializer : undefined;
      const typedDate = type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Date';
      const newDate = init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'Date';
      if (typedDate || newDate) names.add(node.name.text);
    }
    ts.forEachChild(node, (child) => void pending.push(child));
  }
  return names;
}
