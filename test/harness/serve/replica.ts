// `plugbench serve` replicas for the tests: real processes of the CLI (from source), each on a free loopback port,
// stopped by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** A running `plugbench serve` process. */
export interface Replica {
  address: string;
  pid: number;
  /** Every line it printed so far. */
  lines: string[];
  /** Resolves with the exit code (or the signal's name) once it exited. */
  exited: Promise<number | string>;
  /** Sends `signal` to its own pid. */
  kill(signal: NodeJS.Signals): void;
}

/** Starts `plugbench serve --port 0 ...args` and resolves once it listens. */
export function startReplica(args: string[]): Promise<Replica> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=@plugbench/source',
      '--require',
      'tsx/cjs',
      path.join(root, 'harness/src/cli/main.ts'),
      'serve',
      '--port',
      '0',
      ...args,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`plugbench serve did not listen within 60 s; output:\n${lines.join('\n')}`));
    }, 60_000);
    let partial = '';
    const onData = (chunk: Buffer) => {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const m = /listening on (\S+)/.exec(line);
        if (m !== null) {
          clearTimeout(timer);
          resolve({ address: m[1]!, pid: child.pid!, lines, exited, kill: (s) => child.kill(s) });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`plugbench serve exited (${code}) before it listened; output:\n${lines.join('\n')}`));
    });
  });
}

/** Stops a replica (SIGTERM) unless it exited, and waits for it. */
export async function stopReplica(r: Replica | undefined): Promise<void> {
  if (r === undefined) return;
  r.kill('SIGTERM');
  await r.exited;
}

/** A replica serving the countdown test plugin, state in memory, for the tests with Flyte's own clients. */
export function startCountdownReplica(): Promise<Replica> {
  return startReplica([
    '--config',
    path.join(__dirname, 'clients-serve.yaml'),
    'test/harness/serve/plugins/countdown.ts',
  ]);
}

/** Runs a command to its exit: the exit code and what it printed (stdout and stderr, interleaved). */
export function runToExit(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; out: string }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}
