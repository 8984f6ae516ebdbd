/**
 * Which Temporal server `wfo replay --query` fetches histories from, and how it connects: the
 * Temporal CLI's connection flags and the environment variables it reads (`temporal options` of
 * CLI 1.9: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*), flags first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, WfoError } from '../errors.js';

export interface ServerFlags {
  readonly address?: string;
  readonly namespace?: string;
  readonly apiKey?: string;
  readonly tls?: boolean;
  readonly tlsCertPath?: string;
  readonly tlsKeyPath?: string;
  readonly tlsCaPath?: string;
  readonly tlsServerName?: string;
}

/** What @temporalio/client's Connection.connect takes (ConnectionOptions), and the namespace. */
export interface ServerTarget {
  readonly address: string;
  readonly namespace: string;
  readonly apiKey?: string;
  readonly tls?: {
    readonly serverNameOverride?: string;
    readonly serverRootCACertificate?: Buffer;
    readonly clientCertPair?: { readonly crt: Buffer; readonly key: Buffer };
  };
}

/** Each flag, its Temporal CLI environment variable. */
const VARIABLES: Readonly<Record<keyof ServerFlags, string>> = {
  address: 'TEMPORAL_ADDRESS',
  namespace: 'TEMPORAL_NAMESPACE',
  apiKey: 'TEMPORAL_API_KEY',
  tls: 'TEMPORAL_TLS',
  tlsCertPath: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  tlsKeyPath: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  tlsCaPath: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  tlsServerName: 'TEMPORAL_TLS_SERVER_NAME',
};

const FLAGS: Readonly<Record<keyof ServerFlags, string>> = {
  address: '--address',
  namespace: '--namespace',
  apiKey: '--api-key',
  tls: '--tls',
  tlsCertPath: '--tls-cert-path',
  tlsKeyPath: '--tls-key-path',
  tlsCaPath: '--tls-ca-path',
  tlsServerName: '--tls-server-name',
};

/** The Temporal CLI's defaults. */
const DEFAULT_ADDRESS = 'localhost:7233';
const DEFAULT_NAMESPACE = 'default';

export function resolveServerTarget(flags: ServerFlags, env: NodeJS.ProcessEnv, cwd: string): ServerTarget {
  const pick = (key: Exclude<keyof ServerFlags, 'tls'>): { value: string; from: string } | undefined => {
    if (flags[key] !== undefined) return { value: flags[key]!, from: FLAGS[key] };
    const fromEnv = env[VARIABLES[key]];
    return fromEnv ? { value: fromEnv, from: VARIABLES[key] } : undefined;
  };
  const apiKey = pick('apiKey')?.value;
  const cert = pick('tlsCertPath');
  const key = pick('tlsKeyPath');
  const ca = pick('tlsCaPath');
  const serverName = pick('tlsServerName')?.value;
  if (Boolean(cert) !== Boolean(key)) {
    const [given, missing] = cert ? [cert.from, 'tlsKeyPath'] : [key!.from, 'tlsCertPath'];
    throw new WfoError(`${given} needs ${FLAGS[missing as keyof ServerFlags]} too (a client certificate and its key go together)`, ExitCode.Usage);
  }
  // As the Temporal CLI: TLS is on when asked for, or when an API key or any TLS option is set.
  const tls = flags.tls ?? parseBoolean(env[VARIABLES.tls], VARIABLES.tls) ?? Boolean(apiKey || cert || ca || serverName);
  return {
    address: pick('address')?.value ?? DEFAULT_ADDRESS,
    namespace: pick('namespace')?.value ?? DEFAULT_NAMESPACE,
    ...(apiKey ? { apiKey } : {}),
    ...(tls
      ? {
          tls: {
            ...(serverName ? { serverNameOverride: serverName } : {}),
            ...(ca ? { serverRootCACertificate: readPem(ca, cwd) } : {}),
            ...(cert && key ? { clientCertPair: { crt: readPem(cert, cwd), key: readPem(key, cwd) } } : {}),
          },
        }
      : {}),
  };
}

function parseBoolean(value: string | undefined, variable: string): boolean | undefined {
  if (!value) return undefined;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new WfoError(`${variable} must be true or false, not '${value}'`, ExitCode.Usage);
}

function readPem(option: { value: string; from: string }, cwd: string): Buffer {
  try {
    return readFileSync(path.resolve(cwd, option.value));
  } catch (error) {
    throw new WfoError(`${option.from}: cannot read ${option.value}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.Usage);
  }
}

/** Whether any connection flag was given: they only make sense with --query. */
export function connectionFlagGiven(flags: ServerFlags): string | undefined {
  const given = (Object.keys(FLAGS) as (keyof ServerFlags)[]).find((key) => flags[key] !== undefined);
  return given && FLAGS[given];
}
