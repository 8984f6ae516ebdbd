/**
 * SARIF 2.1.0, as GitHub code scanning reads it: every rule in `tool.driver.rules` with its help
 * (the rule's doc) and help URI, one result per finding with `ruleId`, `ruleIndex`, `level`, the
 * message and a region (URIs relative to the working directory). Files that could not be parsed are tool notifications, as ESLint reports
 * them. No timestamps and relative URIs, so the same project gives the same bytes everywhere.
 */
import path from 'node:path';
import type * as Sarif from 'sarif';
import { RULES } from '../../rules/index.js';
import type { Finding, LintReport } from '../lint/finding.js';
import { readRuleDoc } from '../lint/rule-docs.js';
import { type Rule, ruleDocsUrl } from '../lint/rule.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(report: LintReport, cwd: string, version: string): string {
  const rules = RULES.map((rule): Sarif.ReportingDescriptor => {
    const doc = readRuleDoc(rule.meta.id);
    return {
      id: rule.meta.id,
      name: rule.meta.id,
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: rule.meta.description },
      helpUri: ruleDocsUrl(rule.meta.id),
      help: { text: doc ?? `${rule.meta.description}\n\n${ruleDocsUrl(rule.meta.id)}`, ...(doc ? { markdown: doc } : {}) },
      defaultConfiguration: { level: rule.meta.severity === 'error' ? 'error' : 'warning' },
      properties: { tags: sarifTags(rule.meta.context), temporalDocs: rule.meta.temporalDocs },
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const { findings } of report.files) {
    for (const finding of findings) {
      if (finding.ruleId === null) notifications.push(notification(finding, cwd));
      else results.push(result(finding, ruleIndex.get(finding.ruleId), cwd));
    }
  }
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'wfo', version, semanticVersion: version, informationUri: 'https://github.com/wfo-dev/wfo', rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function result(finding: Finding, index: number | undefined, cwd: string): Sarif.Result {
  return {
    ruleId: finding.ruleId!,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity === 'error' ? 'error' : 'warning',
    message: { text: finding.chain ? `${finding.message} Workflow code via ${chainLinks(finding.chain, cwd)}${finding.calls ? `: ${finding.calls.join(' → ')}` : ''}.` : finding.calls ? `${finding.message} Workflow code: ${finding.calls.join(' → ')}.` : finding.message },
    locations: [location(finding, cwd)],
    ...(finding.chain
      ? {
          relatedLocations: finding.chain.map((file, id) => ({
            id,
            physicalLocation: { artifactLocation: artifact(file, cwd) },
            message: { text: id === 0 ? 'the workflow module' : 'imported from the previous file' },
          })),
        }
      : {}),
  };
}

/** `[a.ts](0) → [b.ts](1)`: SARIF's embedded links to the related locations, which GitHub renders. */
function chainLinks(chain: readonly string[], cwd: string): string {
  return chain.map((file, id) => `[${path.relative(cwd, file).split(path.sep).join('/')}](${id})`).join(' → ');
}

function notification(finding: Finding, cwd: string): Sarif.Notification {
  return { level: 'error', message: { text: finding.message }, locations: [location(finding, cwd)], descriptor: { id: 'wfo/fatal' } };
}

function location(finding: Finding, cwd: string): Sarif.Location {
  const region: Sarif.Region = { startLine: finding.line, startColumn: finding.column };
  if (finding.endLine !== undefined) region.endLine = finding.endLine;
  if (finding.endColumn !== undefined) region.endColumn = finding.endColumn;
  return { physicalLocation: { artifactLocation: artifact(finding.file, cwd), region } };
}

function artifact(file: string, cwd: string): Sarif.ArtifactLocation {
  const relative = path.relative(cwd, file);
  const outside = relative.startsWith('..') || path.isAbsolute(relative);
  if (outside) return { uri: pathToFileUrl(file) };
  // Relative to the directory wfo ran in (the checkout, in CI): GitHub resolves it against the
  // repository root, and no machine-specific absolute path enters the output.
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/') };
}

function pathToFileUrl(file: string): string {
  return `file://${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** What a rule is about, as code-scanning tags: the code it checks, and why it matters there. */
function sarifTags(context: Rule['meta']['context']): string[] {
  if (context === 'workflow') return ['determinism', 'workflow-code'];
  if (context === 'activity') return ['idempotency', 'activity-code'];
  return ['payloads', 'workflow-code', 'activity-code'];
}
