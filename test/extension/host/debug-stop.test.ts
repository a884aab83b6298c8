// Ending the debug session of a debugged runner is a stop the user asked for: its runner's exit is "stopped", while
// a runner that ends by itself under the debugger (a crash, process.exit) is still an error.
import assert from 'node:assert/strict';
import {
  RunnerClient,
  type RunnerRequestError,
  type RunnerExit,
  type RunnerTransport,
} from '@plugbench/harness/runner';
import { endedByUser } from '../../../extension/src/host/runner-factory';

/** A runner connection that closes when told, the way a debugged runner's socket closes (no code, no signal). */
function socketLike(): RunnerTransport & { close(): void } {
  const exits: ((e: RunnerExit) => void)[] = [];
  return {
    pid: undefined,
    send() {},
    onMessage() {},
    onOutput() {},
    onExit: (l) => void exits.push(l),
    kill() {},
    close: () => exits.forEach((l) => l({ code: null, signal: null, stderrTail: '', killed: false })),
  };
}

/**
 * Closes a debugged runner's connection; `endAt` says when the user's request to end the debug session arrives
 * (`before` the close, `after` it, or `never`). Resolves to the kind of exit the client reports.
 */
async function exitKind(endAt: 'before' | 'after' | 'never'): Promise<RunnerRequestError> {
  const socket = socketLike();
  let ended = false;
  const client = new RunnerClient(
    endedByUser(socket, () => ended),
    { silenceTimeoutMs: Infinity },
  );
  const why = new Promise<RunnerRequestError>((resolve) => client.onExit(resolve));
  if (endAt === 'before') ended = true; // the Stop button's `disconnect` request reached the debug adapter first
  socket.close();
  if (endAt === 'after') setImmediate(() => (ended = true));
  return why;
}

describe('a debugged runner ended with its debug session', () => {
  it('is stopped when the user ended the debug session first', async () => {
    assert.equal((await exitKind('before')).error.kind, 'stopped');
  });

  it('is stopped when the request comes after the connection closed (they travel different paths)', async () => {
    assert.equal((await exitKind('after')).error.kind, 'stopped');
  });

  it('is an error when nobody asked for it (the runner crashed under the debugger)', async () => {
    const err = await exitKind('never');
    assert.equal(err.error.kind, 'exited');
    assert.match(err.message, /exited with code null unexpectedly/);
  });
});
