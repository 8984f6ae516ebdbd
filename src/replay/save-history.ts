/**
 * `wfo replay --save <dir>`: each fetched history as a JSON file that `wfo replay <dir>` (and the
 * SDK's historyFromJSON, and Temporal's other tools) read back, so a team can commit them as
 * fixtures. Written atomically (a hidden temp file renamed into place), named by workflow id and
 * run id in characters every file system and shell takes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import { HISTORY_FILE_EXTENSION } from './history-files.js';

/** File names stay well under the 255 bytes most file systems allow. */
const MAX_ID_LENGTH = 150;

/** `<workflow id>_<run id>.json`, every character outside [A-Za-z0-9._-] (and a leading dot) percent-encoded. */
export function historyFileName(workflowId: string, runId: string): string {
  let id = safe(workflowId);
  // A cut id could meet another cut the same way: a digest of the whole id keeps them apart.
  if (id.length > MAX_ID_LENGTH) id = `${id.slice(0, MAX_ID_LENGTH)}~${createHash('sha256').update(workflowId).digest('hex').slice(0, 8)}`;
  return `${id}_${safe(runId)}${HISTORY_FILE_EXTENSION}`;
}

function safe(text: string): string {
  const encoded = [...text].map((ch) => (/[A-Za-z0-9._-]/.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
  // A leading dot would hide the file (and `wfo replay <dir>` skips hidden files).
  return encoded.replace(/^\./, '%2E') || '%00';
}

/** Writes `json` to `dir` under the history's name and returns the file's path. */
export function saveHistory(dir: string, workflowId: string, runId: string, json: string): string {
  const file = path.join(dir, historyFileName(workflowId, runId));
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, json.endsWith('\n') ? json : `${json}\n`);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new WfoError(`--save: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.Usage);
  }
  return file;
}
