/**
 * The `plugbench` command: `run` one fixture and see its timeline, `test` fixtures with expectations, contract checks
 * and golden timelines, print the fixture `schema`, `init` a plugin project. Arguments are parsed with Node's own
 * `util.parseArgs`: four commands with a handful of flags do not need a CLI framework.
 *
 * Exit codes ({@link ExitCode}): 0 all passed, 1 a test failed, 2 a fixture or the command line is invalid, 3 a plugin
 * failed to load, 70 an internal error.
 *
 * @module
 */
import { preforkRunner, type PreforkedRunner } from '../runner/pool/prefork';
import type * as Commands from './commands';
import { defaultIo, type CliIo } from './io';

export type { CliIo } from './io';

/** The commands that test fixtures in runner processes. */
const RUNNER_COMMANDS: ReadonlySet<string> = new Set(['test', 'run']);

/**
 * A runner for a command that will want one, forked before the commands load (they load the SDK, zod, the report):
 * its start-up then overlaps theirs. Its pool takes it; a command that ends without testing (help, a usage error,
 * no fixture found) ends it.
 */
function runnerAhead(argv: readonly string[], io: CliIo): PreforkedRunner | undefined {
  const [command, ...rest] = argv;
  if (command === undefined || !RUNNER_COMMANDS.has(command)) return undefined;
  if (rest.includes('--help') || rest.includes('-h')) return undefined;
  return preforkRunner(io.cwd);
}

/**
 * Runs `plugbench` with `argv` (without the node and script paths) and returns the exit code. Never exits the
 * process itself.
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const ahead = runnerAhead(argv, io);
  try {
    // After the fork, not at the top. `require`: plugbench's tests run these sources through a CommonJS hook, which
    // resolves `./commands` to its TypeScript for `require` only; esbuild bundles both alike, loaded on first call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runCommandLine } = require('./commands') as typeof Commands;
    return await runCommandLine(argv, io);
  } finally {
    ahead?.dispose();
  }
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`plugbench: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 70; // ExitCode.Internal: error-category.ts would load the SDK here
    },
  );
}
