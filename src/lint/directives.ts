/**
 * Inline suppressions, as ESLint spells them:
 *   // wfo-disable-next-line rule-a, rule-b -- reason
 *   foo(); // wfo-disable-line rule-a -- reason
 *   /* wfo-disable rule-a *\/ … /* wfo-enable rule-a *\/
 * and ESLint's own `eslint-disable…` comments naming `wfo/<rule-id>` (or no rule at all).
 * No rule list means every rule.
 */
import type { ts as TS } from 'ts-morph';
import { ts } from '../ts.js';
import type { Finding } from './finding.js';

type DirectiveKind = 'next-line' | 'line' | 'disable' | 'enable';

interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids without the `wfo/` prefix; empty means all rules. */
  readonly rules: string[];
  readonly reason: string | undefined;
  /** `wfo-…` or `eslint-…`: an ESLint directive naming no wfo rule belongs to ESLint. */
  readonly eslint: boolean;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

const PATTERN = /^\s*(wfo|eslint)-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

export interface DirectiveOptions {
  readonly reportUnused: boolean;
  readonly requireReason: boolean;
  /** Leave `eslint-disable…` comments alone: inside ESLint (the plugin), ESLint applies them itself. */
  readonly wfoCommentsOnly?: boolean;
}

/**
 * Drops the findings that a directive covers. Adds a finding for a wfo directive that lacks a
 * required reason (it then suppresses nothing) and, when asked, for directives that suppress nothing.
 */
export function applyDirectives(sourceFile: TS.SourceFile, findings: Finding[], options: DirectiveOptions): Finding[] {
  const text = sourceFile.text;
  if (!text.includes('wfo-') && !text.includes('eslint-')) return findings;
  const directives = parseDirectives(sourceFile).filter((d) => !(options.wfoCommentsOnly && d.eslint));
  if (!directives.length) return findings;
  const problems: Finding[] = [];
  const active = directives.filter((d) => {
    if (!options.requireReason || d.eslint || d.kind === 'enable' || d.reason) return true;
    problems.push(directiveFinding(sourceFile.fileName, d, 'error', 'A wfo suppression needs a reason here (`-- why this is safe`): determinism waivers are read by the next person to change this code.'));
    return false;
  });
  const used = new Set<Directive>();
  const kept = findings.filter((finding) => {
    const by = finding.ruleId ? coveringDirective(active, finding.ruleId, finding.line) : undefined;
    if (by) used.add(by);
    return !by;
  });
  if (options.reportUnused) {
    for (const d of active) {
      if (d.kind === 'enable' || used.has(d) || (d.eslint && !d.rules.length)) continue;
      const names = d.rules.length ? ` for ${d.rules.map((r) => `'${r}'`).join(', ')}` : '';
      problems.push(directiveFinding(sourceFile.fileName, d, 'error', `Unused ${d.eslint ? 'eslint' : 'wfo'}-${d.kind === 'line' || d.kind === 'next-line' ? `disable-${d.kind}` : 'disable'} directive (no problems were reported${names}).`));
    }
  }
  return [...kept, ...problems];
}

function coveringDirective(directives: Directive[], ruleId: string, line: number): Directive | undefined {
  const names = (d: Directive): boolean => !d.rules.length || d.rules.includes(ruleId);
  for (const d of directives) {
    if (d.kind === 'next-line' && d.endLine + 1 === line && names(d)) return d;
    if (d.kind === 'line' && d.line === line && names(d)) return d;
  }
  // Block form: the last disable/enable for this rule before the line decides.
  let block: Directive | undefined;
  for (const d of directives) {
    if (d.line > line) break;
    if ((d.kind === 'disable' || d.kind === 'enable') && names(d)) block = d.kind === 'disable' ? d : undefined;
  }
  return block;
}

function parseDirectives(sourceFile: TS.SourceFile): Directive[] {
  const directives: Directive[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, sourceFile.text);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.SingleLineCommentTrivia && token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const raw = scanner.getTokenText();
    const body = token === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
    const match = PATTERN.exec(body);
    if (!match) continue;
    const eslint = match[1] === 'eslint';
    const kind = ({ 'disable-next-line': 'next-line', 'disable-line': 'line', disable: 'disable', enable: 'enable' } as const)[match[2] as 'disable'];
    // A `/* wfo-disable */` on a line of its own is a block; `//` forms cannot be.
    if (token === ts.SyntaxKind.SingleLineCommentTrivia && (kind === 'disable' || kind === 'enable')) continue;
    const [list, ...reason] = match[3]!.split(/\s--\s?/);
    const ids = list!.split(',').map((s) => s.trim()).filter(Boolean);
    const rules = eslint ? ids.filter((r) => r.startsWith('wfo/')).map((r) => r.slice(4)) : ids.map((r) => r.replace(/^wfo\//, ''));
    if (eslint && ids.length && !rules.length) continue; // an ESLint directive for other plugins' rules
    const start = sourceFile.getLineAndCharacterOfPosition(scanner.getTokenStart());
    const end = sourceFile.getLineAndCharacterOfPosition(scanner.getTokenEnd());
    directives.push({
      kind,
      rules,
      reason: reason.join(' -- ').trim() || undefined,
      eslint,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    });
  }
  return directives;
}

function directiveFinding(file: string, d: Directive, severity: 'error' | 'warn', message: string): Finding {
  return { file, ruleId: null, messageId: undefined, severity, message, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, chain: undefined };
}
