/**
 * Durations as the SDK reads them in activity and workflow options: a number of milliseconds, or a
 * string in the `ms` package's format ('30s', '1 minute', '2 days'), which @temporalio/common turns
 * into milliseconds (msToNumber in packages/common/src/time.ts). The pattern and the units are ms's
 * own (ms 3, `parse`).
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import { unwrapExpression } from './syntax.js';
import { constInitializer } from './temporal-calls.js';

const PATTERN = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(milliseconds?|msecs?|ms)$/, 1],
  [/^(seconds?|secs?|s)$/, SECOND],
  [/^(minutes?|mins?|m)$/, MINUTE],
  [/^(hours?|hrs?|h)$/, HOUR],
  [/^(days?|d)$/, DAY],
  [/^(weeks?|w)$/, 7 * DAY],
  [/^(years?|yrs?|y)$/, 365.25 * DAY],
];

/** The string form: '30s' → 30000; undefined when ms would not read it. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const factor = UNITS.find(([pattern]) => pattern.test(unit))?.[1];
  return factor === undefined ? undefined : parseFloat(match[1]!) * factor;
}

/**
 * The milliseconds an options value stands for, when the file shows it: a string or number literal,
 * a `const` holding one, or a product of numbers (`5 * 60 * 1000`). Undefined otherwise.
 */
export function durationValue(expression: TS.Expression | undefined, depth = 0): number | undefined {
  if (!expression || depth > 4) return undefined;
  const value = unwrapExpression(expression);
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return parseDuration(value.text);
  if (ts.isNumericLiteral(value)) return Number(value.text.replace(/_/g, ''));
  if (ts.isIdentifier(value)) return durationValue(constInitializer(value), depth + 1);
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const left = numberValue(value.left, depth + 1);
    const right = numberValue(value.right, depth + 1);
    return left !== undefined && right !== undefined ? left * right : undefined;
  }
  return undefined;
}

/** A number the file spells out: a literal, a `const` holding one, or a product of them. */
function numberValue(expression: TS.Expression, depth: number): number | undefined {
  const value = unwrapExpression(expression);
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return undefined;
  return durationValue(value, depth);
}
