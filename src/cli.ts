/**
 * wfo's command line: flags in, one call into a command module, exit code out.
 * Command modules are imported only when their command runs, so `--help` and `--version`
 * never load TypeScript.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, WfoError } from './errors.js';
import { wfoVersion } from './version.js';

function buildProgram(): Command {
  const program = new Command('wfo')
    .description('Keep Temporal TypeScript workflows deterministic and activities idempotent.')
    .version(wfoVersion(), '-v, --version', 'print the version')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('lint')
    .description('report determinism and resilience problems in workflow and activity code')
    .argument('[paths...]', 'files or directories to lint (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif', 'github']).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file instead of stdout')
    .option('--quiet', 'report errors only, not warnings')
    .option('--max-warnings <n>', 'exit 1 when there are more than this many warnings', parseCount)
    .option('--color', 'colour, even when the output is not a terminal (FORCE_COLOR=1 does the same)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 or FORCE_COLOR=0 do the same)')
    .option('-c, --config <file>', 'use this configuration file instead of looking for wfo.config.json')
    .option('--print-config <file>', "print the configuration and context (workflow, activity, other) that apply to a file, and why")
    .option('--cache', 'only re-analyse what changed since the last run')
    .option('--cache-location <path>', 'cache file or folder (default: .wfo-cache in the current directory)')
    .option('--staged', 'report only on files staged in git (context still comes from the whole project)')
    .option('--changed [base]', 'report only on files changed against a git ref (default: HEAD), and untracked files')
    .option('--deployed <ref>', 'report workflow changes that break replay of executions started on the code at this git revision')
    .option('--stdin', 'lint source text from standard input')
    .option('--stdin-filename <path>', 'the path of the file the standard input belongs to')
    .option('--no-error-on-unmatched-pattern', 'do not fail when a path holds no files to lint')
    .option('--report-unused-disable-directives', 'report wfo-disable comments that suppress nothing')
    .option('--suppress-all', 'write every current error to the baseline (wfo-suppressions.json)')
    .option('--suppress-rule <rule-id...>', "write the current errors of these rules to the baseline")
    .option('--prune-suppressions', 'remove baseline entries that no longer occur')
    .option('--suppressions-location <file>', 'baseline file (default: wfo-suppressions.json in the project root)')
    .option('--fix', 'apply mechanical fixes that do not change behaviour (import type for activities, uuid → uuid4)')
    .option('--fix-dry-run', 'compute fixes without writing them (the fixed text is in --format json output)')
    .action(async (paths: string[], options) => {
      const { runLint } = await import('./commands/lint.js');
      process.exitCode = await runLint(paths, options);
    });

  program
    .command('build-id')
    .description("print a Worker Versioning build id that changes exactly when the workflow bundle's code does")
    .argument('[paths...]', 'a folder or file of the project (default: the current directory)')
    .option('--workflows-path <module>', "the id of this workflowsPath's bundle alone (default: every bundle of the project)")
    .option('--json', 'print the id with the files, package versions and ignoreModules that went into it')
    .option('-c, --config <file>', 'use this configuration file instead of looking for wfo.config.json')
    .addHelpText(
      'after',
      `
Example:
  BUILD_ID=$(npx wfo build-id) node lib/worker.js
  with, in the worker: workerDeploymentOptions: { version: { deploymentName: 'orders', buildId: process.env.BUILD_ID! },
                                                  useWorkerVersioning: true, defaultVersioningBehavior: 'PINNED' }
Run it where the project's dependencies are installed: the versions of the packages bundled with the
workflows are part of the id.

Exit codes: 0 the id was printed, 2 no workflow code (or --workflows-path names none), or a package the
bundle needs is not installed.`,
    )
    .action(async (paths: string[], options) => {
      const { runBuildId } = await import('./commands/build-id.js');
      process.exitCode = runBuildId(paths, options);
    });

  program
    .command('new')
    .description('write workflow and activity code from a pattern (saga, entity, fan-out, async-callback, human-approval)')
    .argument('[pattern]', 'the pattern (wfo new --list shows them)')
    .argument('[name]', 'the name of what you are building, in any case style (order-checkout, orderCheckout…)')
    .option('--list', 'list the patterns')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--diff', 'show the changes as a diff and write nothing (implies --dry-run)')
    .option('--force', 'overwrite files that exist with different contents')
    .option('--json', 'print the plan or result as JSON')
    .option('--color', 'colour, even when the output is not a terminal (FORCE_COLOR=1 does the same)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 or FORCE_COLOR=0 do the same)')
    .action(async (pattern: string | undefined, name: string | undefined, options) => {
      const { runNew } = await import('./commands/new.js');
      process.exitCode = await runNew(pattern, name, options);
    });

  program
    .command('init')
    .description('create a new Temporal TypeScript project (worker, client, workflows, activities, tests)')
    .argument('[dir]', 'the folder to create (default: the current folder, which must be empty)')
    .option('--force', 'write into a folder that is not empty')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string | undefined, options) => {
      const { runInit } = await import('./commands/init.js');
      process.exitCode = runInit(dir, options);
    });

  program
    .command('replay')
    .description('replay recorded workflow histories (files, or fetched from a Temporal server) against the current workflow code')
    .argument('[paths...]', 'history files (.json as exported by the Temporal CLI or UI, .binpb) or folders of them')
    .option('-w, --workflows <file>', "the workflows module (default: the workflowsPath of the project's Worker.create)")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'github']).default('stylish'))
    .option('--color', 'colour, even when the output is not a terminal (FORCE_COLOR=1 does the same)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 or FORCE_COLOR=0 do the same)')
    .option('-q, --query <query>', "replay the executions this visibility query lists on a server, e.g. \"WorkflowType='order'\" (instead of paths)")
    .option('--limit <n>', 'with --query: at most this many executions', parseCount)
    .option('--save <dir>', 'with --query: also write each fetched history to <dir> as <workflow id>_<run id>.json, to commit as a fixture')
    .option('--address <host:port>', 'with --query: the Temporal server [env: TEMPORAL_ADDRESS] (default: localhost:7233)')
    .option('-n, --namespace <namespace>', 'with --query: the namespace [env: TEMPORAL_NAMESPACE] (default: default)')
    .option('--api-key <key>', 'with --query: API key, turns TLS on [env: TEMPORAL_API_KEY]')
    .option('--tls', 'with --query: connect with TLS [env: TEMPORAL_TLS]')
    .option('--tls-cert-path <file>', 'with --query: client certificate [env: TEMPORAL_TLS_CLIENT_CERT_PATH]')
    .option('--tls-key-path <file>', 'with --query: client private key [env: TEMPORAL_TLS_CLIENT_KEY_PATH]')
    .option('--tls-ca-path <file>', 'with --query: server CA certificate [env: TEMPORAL_TLS_SERVER_CA_CERT_PATH]')
    .option('--tls-server-name <name>', 'with --query: override the TLS server name [env: TEMPORAL_TLS_SERVER_NAME]')
    .addHelpText(
      'after',
      `
Examples:
  wfo replay histories/                            files, e.g. from \`temporal workflow show -w <id> -o json\`
  wfo replay -q "WorkflowType='order'" --limit 50  up to 50 orders from localhost:7233, namespace default
  wfo replay --address my-ns.a1b2c.tmprl.cloud:7233 -n my-ns.a1b2c --api-key "$KEY" \\
    -q "ExecutionStatus='Running'" --save histories/   Temporal Cloud, keeping the histories as fixtures

Flags win over the environment variables (the Temporal CLI's own).
Every history is measured against Temporal's limits (a payload 2 MB, a gRPC message 4 MB, a history
51,200 events or 50 MB): near one is a warning, over one fails the history as a replay failure does.
Exit codes: 0 every history replayed within the limits, 1 one failed or is over a limit, 2 bad input.`,
    )
    .action(async (paths: string[], options) => {
      const { runReplay } = await import('./commands/replay.js');
      process.exitCode = await runReplay(paths, options);
    });

  program
    .command('rules')
    .description("list wfo's rules, or print one rule's documentation")
    .argument('[rule-id]', 'a rule to document (with or without the wfo/ prefix)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action(async (id: string | undefined, options) => {
      const { runRules } = await import('./commands/rules.js');
      process.exitCode = runRules(id, options);
    });

  return program;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new WfoError(`expected a whole number, got '${value}'`);
  return Number(value);
}

/** Runs the command line `argv` (process.argv's shape) and sets process.exitCode; bin/wfo.js calls it. */
export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  // A reader that stops early (`wfo lint -f sarif | head -1`) closes the pipe: what is left to write
  // has no reader, which is not an error of wfo's. Exit as the run would have, without a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? ExitCode.Ok);
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (or help/version); map its codes to ours.
      process.exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    } else if (error instanceof WfoError) {
      process.stderr.write(`wfo: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`wfo: internal error: ${message}\n`);
      if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write('wfo: run again with --debug for the stack trace, and please report it\n');
      process.exitCode = ExitCode.Usage;
    }
  }
}

