/**
 * The runner process (harness/dist/runner.js; the VSIX's dist/extension/runner.js): runs the user's plugins for the
 * `plugbench` command and the VS Code extension, so that a plugin that throws, hangs, loops forever or calls
 * `process.exit` can only take this process down, never the CLI or the extension host that drives it.
 *
 * Started by the host with `child_process.fork` (IPC channel), or by the debugger with `PLUGBENCH_RUNNER_SOCKET`
 * set (newline-delimited JSON over that local socket), it answers the requests of {@link ../protocol/runner-schema}
 * ({@link Runner}).
 *
 * @module
 */
import { loadedPackages } from './loaded-packages';
import { guardProcessExit, ipcChannel, realExit, socketChannel } from './channel';
import { Runner } from './runner';

/** A plugin's stray promise rejection or exception outside a round must not end the run: the runner reports it. */
function reportStrayErrors(runner: Runner): void {
  process.on('unhandledRejection', (reason) => runner.stray('unhandled promise rejection', reason));
  process.on('uncaughtException', (err) => runner.stray('uncaught exception (outside a round)', err));
}

function main(): void {
  guardProcessExit();
  const socket = process.env.PLUGBENCH_RUNNER_SOCKET;
  const channel = socket ? socketChannel(socket) : process.send ? ipcChannel() : undefined;
  if (!channel) {
    process.stderr.write('plugbench-runner: start me through plugbench (no IPC channel, no PLUGBENCH_RUNNER_SOCKET)\n');
    process.exit(2);
  }
  const runner = new Runner(channel, loadedPackages(__dirname));
  reportStrayErrors(runner);
  if (!socket) process.on('disconnect', () => realExit(0)); // the host went away
  runner.start();
}

main();
