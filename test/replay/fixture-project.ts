/**
 * The fixture project whose executions were recorded (test/fixtures/histories/project), copied to a
 * temp folder as it is or with its workflows changed the way a developer might change them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { linkNodeModules, writeProject } from '../support/temp-project.js';

export const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/histories/project');
export const RECORDED = path.resolve(import.meta.dirname, '../fixtures/histories/recorded');

/** The original `order`, and the same workflow with a step added before the charge. */
const ORIGINAL_ORDER = `  const receipt = await charge(orderId);\n`;
const CHANGES = {
  original: ORIGINAL_ORDER,
  'a step added': `  await ship(orderId);\n${ORIGINAL_ORDER}`,
} as const;

export type FixtureVersion = keyof typeof CHANGES;

export function fixtureProject(version: FixtureVersion): string {
  const files: Record<string, string> = {};
  for (const file of ['package.json', ...readdirSync(path.join(FIXTURE, 'src')).map((f) => `src/${f}`)]) {
    files[file] = readFileSync(path.join(FIXTURE, file), 'utf8');
  }
  if (!files['src/workflows.js']!.includes(ORIGINAL_ORDER)) throw new Error('the fixture workflows changed: update test/replay/fixture-project.ts');
  files['src/workflows.js'] = files['src/workflows.js']!.replace(ORIGINAL_ORDER, CHANGES[version]);
  const dir = writeProject(files, 'wfo-replay-fixture-');
  linkNodeModules(dir);
  return dir;
}
