/**
 * Newline-delimited JSON messages over a socket, the framing both ends of the debug runner's channel use.
 *
 * @module
 */
import type * as net from 'node:net';

/**
 * Calls `onLine` with every non-blank line that arrives on `socket`, without its newline. Only the new chunk is
 * searched for the newline: a batch of records is a line of megabytes, which arrives in many chunks.
 */
export function onSocketLines(socket: net.Socket, onLine: (line: string) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      const line = pending + chunk.slice(start, nl);
      pending = '';
      start = nl + 1;
      if (line.trim() !== '') onLine(line);
    }
    pending += chunk.slice(start);
  });
}

/** Writes `message` to `socket` as one line of JSON; `written` is called once it is flushed (or failed). */
export function writeLine(socket: net.Socket, message: unknown, written?: () => void): void {
  socket.write(`${JSON.stringify(message)}\n`, written && (() => written()));
}
