/**
 * The rule documentation shipped with the package (`docs/rules/<id>.md`): what `wfo rules <id>`
 * prints and what SARIF carries as help text. One source: the same files the README links to.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

const DOCS_DIR = path.join(packageRoot(), 'docs', 'rules') + path.sep;

export function ruleDocPath(id: string): string {
  return `${DOCS_DIR}${id}.md`;
}

/** The doc's markdown, or undefined when the package ships none for `id`. */
export function readRuleDoc(id: string): string | undefined {
  const file = ruleDocPath(id);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
