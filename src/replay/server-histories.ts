/**
 * Histories fetched from a Temporal server for `wfo replay --query`: the executions a visibility
 * query lists (`client.workflow.list({ query })`), each history through `fetchHistory()`, with the
 * `@temporalio/client` installed in the user's project, as replay uses their @temporalio/worker.
 * Server errors become one line that says what to check.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';
import type { HistorySource } from './replay.js';
import type { DecodedHistory } from './replay-sdk.js';
import { saveHistory } from './save-history.js';
import type { ServerTarget } from './server-connection.js';

/** The parts of @temporalio/client (and the @temporalio/common it depends on) that wfo uses. */
interface ClientSdk {
  readonly Connection: { connect(options: Record<string, unknown>): Promise<ClientConnection> };
  readonly Client: new (options: { connection: ClientConnection; namespace: string }) => {
    workflow: {
      list(options: { query: string; pageSize?: number }): AsyncIterable<ExecutionInfo>;
      getHandle(workflowId: string, runId: string): { fetchHistory(): Promise<DecodedHistory> };
    };
  };
  readonly historyToJSON: ((history: DecodedHistory) => string) | undefined;
}

interface ClientConnection {
  close(): Promise<void>;
}

interface ExecutionInfo {
  readonly workflowId: string;
  readonly runId: string;
}

/** gRPC status codes (grpc/include/grpc/impl/codegen/status.h) that say what to check. */
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAUTHENTICATED: 16 } as const;

/** Histories fetched at once: enough to hide latency, few enough to be gentle on a production server. */
const CONCURRENT_FETCHES = 4;
const CONNECT_TIMEOUT = '10s';

export interface ServerQuery {
  readonly query: string;
  readonly limit?: number;
  /** Where to write each history (`--save`), if anywhere. */
  readonly saveDir?: string;
}

export async function fetchServerHistories(options: { projectDir: string; target: ServerTarget; request: ServerQuery; cwd: string }): Promise<HistorySource[]> {
  const { target, request } = options;
  const sdk = loadClientSdk(options.projectDir);
  if (request.saveDir !== undefined && !sdk.historyToJSON) {
    throw new WfoError(`--save needs historyToJSON from @temporalio/common, which the SDK in ${options.projectDir} does not have; upgrade @temporalio/client`, ExitCode.Usage);
  }
  const connection = await connect(sdk, target);
  try {
    const client = new sdk.Client({ connection, namespace: target.namespace });
    const executions = await listExecutions(client.workflow, options);
    return await mapConcurrently(executions, CONCURRENT_FETCHES, async ({ workflowId, runId }) => {
      let history: DecodedHistory;
      try {
        history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      } catch (error) {
        throw new WfoError(`cannot fetch the history of ${workflowId} (run ${runId}): ${describe(error, target)}`, ExitCode.Usage);
      }
      const file = request.saveDir !== undefined ? saveHistory(path.resolve(options.cwd, request.saveDir), workflowId, runId, sdk.historyToJSON!(history)) : undefined;
      return { file, shown: file ? path.relative(options.cwd, file) : `${workflowId} (run ${runId})`, workflowId, runId, content: { decoded: history } };
    });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

function loadClientSdk(projectDir: string): ClientSdk {
  const fromProject = createRequire(path.join(projectDir, 'package.json'));
  let clientPath: string;
  try {
    clientPath = fromProject.resolve('@temporalio/client');
  } catch {
    throw new WfoError(`@temporalio/client is not installed in ${projectDir}; run \`npm i @temporalio/client\` (replay from a server fetches histories with your project's client)`, ExitCode.Usage);
  }
  try {
    const fromClient = createRequire(clientPath);
    const client = fromClient(clientPath) as Pick<ClientSdk, 'Connection' | 'Client'>;
    const utils = fromClient('@temporalio/common/lib/proto-utils') as Partial<Pick<ClientSdk, 'historyToJSON'>>;
    return { Connection: client.Connection, Client: client.Client, historyToJSON: utils.historyToJSON };
  } catch (error) {
    throw new WfoError(`cannot load @temporalio/client from ${projectDir}: ${(error as Error).message.split('\n')[0]}`, ExitCode.Usage);
  }
}

async function connect(sdk: ClientSdk, target: ServerTarget): Promise<ClientConnection> {
  try {
    return await sdk.Connection.connect({ address: target.address, connectTimeout: CONNECT_TIMEOUT, ...(target.tls ? { tls: target.tls } : {}), ...(target.apiKey ? { apiKey: target.apiKey } : {}) });
  } catch (error) {
    const tlsHint = target.tls ? ' (with TLS: is the server plain text? TEMPORAL_TLS=false turns it off)' : ' (a server that needs TLS or an API key: --tls, --api-key)';
    throw new WfoError(`cannot connect to Temporal at ${target.address}: ${firstLine(error)}; check --address${tlsHint}`, ExitCode.Usage);
  }
}

async function listExecutions(workflow: { list(options: { query: string; pageSize?: number }): AsyncIterable<ExecutionInfo> }, options: { target: ServerTarget; request: ServerQuery }): Promise<ExecutionInfo[]> {
  const { query, limit } = options.request;
  const executions: ExecutionInfo[] = [];
  try {
    for await (const info of workflow.list({ query, ...(limit ? { pageSize: Math.min(limit, 1000) } : {}) })) {
      executions.push({ workflowId: info.workflowId, runId: info.runId });
      if (limit && executions.length >= limit) break;
    }
  } catch (error) {
    if (grpcCode(error) === GRPC.INVALID_ARGUMENT) throw new WfoError(`the server rejected --query ${JSON.stringify(query)}: ${grpcDetails(error)}`, ExitCode.Usage);
    throw new WfoError(`cannot list workflow executions: ${describe(error, options.target)}`, ExitCode.Usage);
  }
  if (!executions.length) throw new WfoError(`no workflow executions in namespace ${options.target.namespace} at ${options.target.address} match --query ${JSON.stringify(query)}`, ExitCode.Usage);
  return executions;
}

function describe(error: unknown, target: ServerTarget): string {
  const code = grpcCode(error);
  if ((error as Error)?.name === 'NamespaceNotFoundError' || (code === GRPC.NOT_FOUND && /namespace/i.test(grpcDetails(error)))) return `namespace ${target.namespace} not found at ${target.address}; check --namespace`;
  if (code === GRPC.UNAUTHENTICATED || code === GRPC.PERMISSION_DENIED) return `${grpcDetails(error)}; check --api-key or the TLS client certificate (--tls-cert-path, --tls-key-path)`;
  return grpcDetails(error);
}

/** The SDK wraps gRPC errors in a ServiceError whose cause carries the status code and details. */
function grpcCode(error: unknown): number | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = cause?.code ?? (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function grpcDetails(error: unknown): string {
  const cause = (error as { cause?: { details?: unknown } })?.cause;
  return typeof cause?.details === 'string' && cause.details ? cause.details : firstLine(error);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
