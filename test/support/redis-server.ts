// A real Debian `redis-server` for the tests: started on a free port of the loopback address, without persistence,
// and stopped by its own process id. Never a mock: the Redis resource manager and the serve store are tested
// against the server Flyte's own manager talks to.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running `redis-server` started by {@link startRedisServer}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Stops the server (SIGTERM to its own pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` (from PATH) on a free loopback port and resolves once it accepts connections.
 * Rejects with the server's own output when it exits or does not get ready within 10 s.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--io-threads', '1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitReady(child, port);
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

function waitReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not get ready within 10 s; its output:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not be started (is Debian's redis-server installed?): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`redis-server on port ${port} exited with code ${code} before it was ready; its output:\n${output}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
