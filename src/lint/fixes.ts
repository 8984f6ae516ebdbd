/** Applying rules' fixes to a file's text, ESLint's way: in order, skipping any that overlap. */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { Finding } from './finding.js';

/** The fixed text, or undefined when no fix applies. */
export function applyFixes(text: string, findings: readonly Finding[]): string | undefined {
  const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : [])).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (!fixes.length) return undefined;
  let out = '';
  let at = 0;
  for (const { range, text: replacement } of fixes) {
    if (range[0] < at) continue; // overlaps the previous fix: left for a later run
    out += text.slice(at, range[0]) + replacement;
    at = range[1];
  }
  out += text.slice(at);
  return out === text ? undefined : out;
}

export function readText(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Replaces a file through a temporary file and a rename, keeping its mode, so that a crash leaves
 * the old contents or the new, never half of them. A byte-order mark the file had is kept.
 */
export function writeFileAtomically(file: string, text: string): void {
  const original = readFileSync(file);
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf ? '\ufeff' : '';
  const temp = `${file}.wfo-${process.pid}.tmp`;
  writeFileSync(temp, bom + text, { mode: statSync(file).mode });
  renameSync(temp, file);
}
