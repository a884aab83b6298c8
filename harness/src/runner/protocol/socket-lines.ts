/**
 * Newline-delimited JSON messages over a socket, the framing both ends of the debug runner's channel use.
 *
 * @module
 */
import type * as net from 'node:net';

/** Calls `onLine` with every non-blank line that arrives on `socket`, without its newline. */
export function onSocketLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
  });
}

/** Writes `message` to `socket` as one line of JSON; `written` is called once it is flushed (or failed). */
export function writeLine(socket: net.Socket, message: unknown, written?: () => void): void {
  socket.write(`${JSON.stringify(message)}\n`, written && (() => written()));
}
