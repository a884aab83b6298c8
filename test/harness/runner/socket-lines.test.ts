// The debug runner's framing: newline-delimited JSON over a socket, whatever the chunks the socket delivers.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import { onSocketLines } from '@plugbench/harness/runner';

/** A socket that delivers the given chunks, in order. */
function chunks(...parts: string[]): string[] {
  const socket = Object.assign(new EventEmitter(), { setEncoding: () => socket });
  const lines: string[] = [];
  onSocketLines(socket as unknown as net.Socket, (l) => lines.push(l));
  for (const p of parts) socket.emit('data', p);
  return lines;
}

describe('socket lines', () => {
  it('joins a line that arrives in several chunks', () => {
    assert.deepEqual(chunks('{"a":', '1,"b":[2,', '3]}\n'), ['{"a":1,"b":[2,3]}']);
  });

  it('splits several lines of one chunk, and keeps the unfinished one for the next', () => {
    assert.deepEqual(chunks('{"a":1}\n{"b":2}\n{"c"', ':3}\n'), ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('skips blank lines and waits for the newline of the last line', () => {
    assert.deepEqual(chunks('\n  \n{"a":1}', '\n\n{"b":2}'), ['{"a":1}']);
  });
});
