/**
 * How the runner process talks to the host: Node's IPC channel (started with `child_process.fork`), or
 * newline-delimited JSON over the local socket named by `PLUGBENCH_RUNNER_SOCKET` (started by the debugger). And
 * the one way out of the process, which a plugin's `process.exit` is made to announce first.
 *
 * @module
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { RunnerMessage } from '../protocol/runner-messages';
import { onSocketLines, writeLine } from '../protocol/socket-lines';

/** A way to talk to the host. */
export interface Channel {
  /** Sends `message`; calls `written`, when given, once it has left this process (or never will: the host is gone). */
  send(message: RunnerMessage, written?: () => void): void;
  onMessage(listener: (raw: unknown) => void): void;
}

/**
 * Ends the process for real. A plugin calling `process.exit` ends this process, as it would end FlytePropeller;
 * {@link guardProcessExit} makes it say so first.
 */
export const realExit = process.exit.bind(process);

/** Makes `process.exit` say on stderr, synchronously (an IPC message might not be flushed in time), who called it. */
export function guardProcessExit(): void {
  const exit = realExit;
  process.exit = ((code?: number | string | null) => {
    const stack = (new Error().stack ?? '').split('\n').slice(2, 8).join('\n');
    try {
      fs.writeSync(2, `plugbench-runner: process.exit(${code ?? ''}) called\n${stack}\n`);
    } catch {
      // stderr closed: nothing more to say
    }
    return exit(code as number);
  }) as typeof process.exit;
}

/** The IPC channel of a forked runner. */
export function ipcChannel(): Channel {
  return {
    send: (m, written) => {
      if (process.connected) process.send!(m, undefined, undefined, written && (() => written()));
      else written?.();
    },
    onMessage: (l) => process.on('message', l),
  };
}

/** The socket of a runner the debugger started. */
export function socketChannel(path: string): Channel {
  const socket = net.connect(path);
  const listeners: ((raw: unknown) => void)[] = [];
  onSocketLines(socket, (line) => {
    for (const l of listeners) l(JSON.parse(line));
  });
  // The host went away (the debug session was stopped): nothing left to do.
  socket.on('close', () => realExit(0));
  socket.on('error', (e) => {
    process.stderr.write(`plugbench-runner: socket error: ${e.message}\n`);
    realExit(1);
  });
  return { send: (m, written) => writeLine(socket, m, written), onMessage: (l) => listeners.push(l) };
}
