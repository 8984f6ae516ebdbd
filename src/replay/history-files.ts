/**
 * Finding and reading recorded workflow histories: the JSON that `temporal workflow show --output
 * json` and the Web UI export (`{ "events": [...] }`, or a bare array of events), and the binary
 * protobuf form (`.binpb`, `.pb`). Anything else is a clear error naming the file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';

const JSON_EXTENSIONS = new Set(['.json']);
const BINARY_EXTENSIONS = new Set(['.binpb', '.pb']);

export interface HistoryFile {
  readonly file: string;
  /** The path as the user named it (relative to the working folder), for messages. */
  readonly shown: string;
  /** A `workflowId` field beside the events, as some exports carry; the started event may hold one too. */
  readonly workflowId: string | undefined;
  /** JSON histories are handed to the SDK's historyFromJSON as parsed; binary ones as bytes to decode. */
  readonly content: { readonly json: { readonly events: readonly unknown[] } } | { readonly binary: Buffer };
}

/** Where `--save` and the reader agree: a saved history is found and read like any exported one. */
export const HISTORY_FILE_EXTENSION = '.json';

/** History files named by `paths` (folders are searched, sorted by path). */
export function findHistoryFiles(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      throw new WfoError(`no such file or folder: ${given}`, ExitCode.Usage);
    }
    if (stat.isFile()) files.push(absolute);
    else {
      const found = walk(absolute);
      if (!found.length) throw new WfoError(`no history files (.json, .binpb, .pb) in ${given}`, ExitCode.Usage);
      files.push(...found);
    }
  }
  return [...new Set(files)];
}

function walk(dir: string): string[] {
  const found: string[] = [];
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      const extension = path.extname(entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && (JSON_EXTENSIONS.has(extension) || BINARY_EXTENSIONS.has(extension))) found.push(full);
    }
  }
  return found.sort();
}

export function readHistoryFile(file: string, cwd: string): HistoryFile {
  const shown = path.relative(cwd, file) || file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new WfoError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.Usage);
  }
  if (BINARY_EXTENSIONS.has(path.extname(file))) return { file, shown, workflowId: undefined, content: { binary: bytes } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new WfoError(`${shown} is not valid JSON: ${(error as Error).message}`, ExitCode.Usage);
  }
  const record = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const events = Array.isArray(parsed) ? parsed : record?.events;
  if (!Array.isArray(events) || !events.length || !events.every((e) => e && typeof e === 'object' && 'eventType' in e)) {
    throw new WfoError(`${shown} is not a workflow history: expected { "events": [...] } as exported by \`temporal workflow show --output json\``, ExitCode.Usage);
  }
  const workflowId = typeof record?.workflowId === 'string' ? record.workflowId : undefined;
  return { file, shown, workflowId, content: { json: { events: events.map(withStringIds) } } };
}

/** The SDK takes a history for JSON only when event ids are strings, as proto3 JSON writes int64s. */
function withStringIds(event: Record<string, unknown>): Record<string, unknown> {
  return typeof event.eventId === 'number' ? { ...event, eventId: String(event.eventId) } : event;
}
