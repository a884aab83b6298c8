// Shared helper of the CLI's tests: plugbench run in this process (its fixtures still run in runner processes).
import { main, type CliIo } from '../../../harness/src/cli/main';

/** Runs plugbench with `args` in `cwd`, capturing its output; colours off. */
export async function runCli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { NO_COLOR: '1' },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
