/**
 * Temporal's real servers, for tests that need one: the binaries named by TEMPORAL_CLI_PATH (the
 * Temporal CLI, whose `server start-dev` is the dev server) and TEMPORAL_TEST_SERVER_PATH (the
 * time-skipping test server). `.ci/run` installs both and sets them. Tests never download a
 * server: where a variable is missing they skip, saying why in one line.
 */
import { existsSync } from 'node:fs';
import type { TestContext } from 'vitest';

export interface TemporalServers {
  readonly cli: string;
  readonly testServer: string;
}

/** The configured servers, or why tests that need them skip. */
export function temporalServers(): TemporalServers | { readonly skip: string } {
  const cli = process.env.TEMPORAL_CLI_PATH;
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  const missing = [!cli && 'TEMPORAL_CLI_PATH', !testServer && 'TEMPORAL_TEST_SERVER_PATH'].filter(Boolean);
  if (missing.length) return { skip: `no Temporal server: set ${missing.join(' and ')} (eval "$(bash .ci/servers)" sets both)` };
  for (const [variable, file] of [['TEMPORAL_CLI_PATH', cli!], ['TEMPORAL_TEST_SERVER_PATH', testServer!]]) {
    if (!existsSync(file!)) throw new Error(`${variable} names ${file}, which does not exist`);
  }
  return { cli: cli!, testServer: testServer! };
}

/** The environment a child process needs to use the same servers (generated projects' own tests read these). */
export function serverEnv(servers: TemporalServers): Record<string, string> {
  return { TEMPORAL_CLI_PATH: servers.cli, TEMPORAL_TEST_SERVER_PATH: servers.testServer };
}

/** The servers, or the test is skipped with the reason printed on one line. */
export function requireServers(context: TestContext): TemporalServers {
  const servers = temporalServers();
  if ('skip' in servers) {
    console.log(`skipped: ${servers.skip}`);
    return context.skip(servers.skip);
  }
  return servers;
}
