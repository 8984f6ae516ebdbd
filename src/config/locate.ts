/**
 * Which configuration applies to a project, and its raw contents: `wfo.config.json`, or a "wfo"
 * key in package.json, in the project folder or above it (up to the repository root). Kept apart
 * from resolving it against the rules, so that a repeated cached run can tell the configuration
 * has not changed without loading any rule (see lint/previous-run.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { stripJsonc } from '../project/jsonc.js';
import { loadTypeScript } from '../ts.js';

const CONFIG_FILE = 'wfo.config.json';

export interface LocatedConfig {
  /** The file it came from (package.json for a "wfo" key), or undefined for the defaults. */
  readonly file: string | undefined;
  /** That file's text, as read. */
  readonly text: string | undefined;
  /** The configuration object: the whole file, or its "wfo" key. */
  readonly raw: unknown;
  /** Where `raw` sits in the file: [] or ['wfo']. */
  readonly keyPath: string[];
}

export function locateConfig(root: string, explicitFile?: string): LocatedConfig {
  if (explicitFile) {
    if (!existsSync(explicitFile)) throw new WfoError(`config file not found: ${explicitFile}`, ExitCode.Usage);
    const { text, json } = readJson(explicitFile);
    return path.basename(explicitFile) === 'package.json'
      ? { file: explicitFile, text, raw: (json as { wfo?: unknown } | null)?.wfo ?? {}, keyPath: ['wfo'] }
      : { file: explicitFile, text, raw: json, keyPath: [] };
  }
  for (let dir = root; ; dir = path.dirname(dir)) {
    const own = path.join(dir, CONFIG_FILE);
    if (existsSync(own)) {
      const { text, json } = readJson(own);
      return { file: own, text, raw: json, keyPath: [] };
    }
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { text, json } = readJson(manifest);
      if (json && typeof json === 'object' && 'wfo' in json) return { file: manifest, text, raw: (json as { wfo: unknown }).wfo, keyPath: ['wfo'] };
    }
    if (path.dirname(dir) === dir || existsSync(path.join(dir, '.git'))) return { file: undefined, text: undefined, raw: {}, keyPath: [] };
  }
}

/** JSON (with comments); a syntax error is reported with its line and column. */
function readJson(file: string): { text: string; json: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WfoError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return { text, json: JSON.parse(stripJsonc(text)) };
  } catch (error) {
    throw new WfoError(`${file}:${jsonErrorPosition(text)}: invalid JSON: ${(error as Error).message}`, ExitCode.Usage);
  }
}

/** Where the JSON syntax error is; TypeScript's JSON parser knows, and is only loaded on this error path. */
function jsonErrorPosition(text: string): string {
  const ts = loadTypeScript();
  const parsed = ts.parseJsonText('config.json', text) as unknown as { parseDiagnostics?: { start: number }[] };
  const start = parsed.parseDiagnostics?.[0]?.start ?? 0;
  const before = text.slice(0, start).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
