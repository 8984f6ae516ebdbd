/**
 * wfo as a library: the same core the CLI calls. `lint()` never prints and never exits; the
 * formatters turn its report into the CLI's outputs.
 */
export { lint, type LintOptions, type LintResult } from './lint/lint.js';
export type { Finding, FileReport, LintReport } from './lint/finding.js';
export { formatJson } from './format/json.js';
export { formatSarif } from './format/sarif.js';
export { formatGithub } from './format/github.js';
export { RULES } from '../rules/index.js';
export { WfoError } from './errors.js';
