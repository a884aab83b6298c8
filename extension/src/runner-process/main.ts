/**
 * The runner process (dist/extension/runner.js): runs the user's plugins for the extension, so that a plugin that
 * throws, hangs, loops forever or calls `process.exit` can only take this process down, never the extension host.
 *
 * Started by the host with `child_process.fork` (IPC channel), or by the debugger with `PLUGBENCH_RUNNER_SOCKET`
 * set (newline-delimited JSON over that local socket), it answers the requests of {@link ../protocol/runner-schema}
 * ({@link Runner}).
 *
 * @module
 */
// First: it decides where `@plugbench/harness` and `@plugbench/sdk` come from before the modules below load them.
import { packageOrigin } from './package-resolution';
import { guardProcessExit, ipcChannel, realExit, socketChannel, type Channel } from './channel';
import { Runner } from './runner';

/** A plugin's stray promise rejection or exception outside a round must not end the run: it is logged. */
function reportStrayErrors(channel: Channel): void {
  process.on('unhandledRejection', (reason) => {
    channel.send({ type: 'log', level: 'warn', message: `unhandled promise rejection in plugin code: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}` });
  });
  process.on('uncaughtException', (err) => {
    channel.send({ type: 'log', level: 'error', message: `uncaught exception in plugin code (outside a round): ${err.stack ?? err.message}` });
  });
}

function main(): void {
  guardProcessExit();
  const socket = process.env.PLUGBENCH_RUNNER_SOCKET;
  const channel = socket ? socketChannel(socket) : process.send ? ipcChannel() : undefined;
  if (!channel) {
    process.stderr.write('plugbench-runner: start me through the plugbench extension (no IPC channel, no PLUGBENCH_RUNNER_SOCKET)\n');
    process.exit(2);
  }
  reportStrayErrors(channel);
  if (!socket) process.on('disconnect', () => realExit(0)); // the host went away
  new Runner(channel, packageOrigin).start();
}

main();
