/**
 * How the host talks to a runner process: Node's IPC channel of a forked child, or newline-delimited JSON over a
 * local socket (the runner started by the debugger, which the host does not spawn itself).
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostRequest } from '../protocol/runner-messages';
import { onSocketLines, writeLine } from '../protocol/socket-lines';

/** How a runner process ended. */
export interface RunnerExit {
  code: number | null;
  signal: string | null;
  /** The last lines the process wrote to stderr (a crash, `process.exit` called by a plugin). */
  stderrTail: string;
  /** The host killed it (stop, watchdog). */
  killed: boolean;
}

/** One connection to a runner. */
export interface RunnerTransport {
  readonly pid: number | undefined;
  send(message: HostRequest): void;
  onMessage(listener: (raw: unknown) => void): void;
  /** Called once, when the runner is gone. */
  onExit(listener: (exit: RunnerExit) => void): void;
  /** Output of the runner outside the protocol (plugin `console` calls outside a round, crashes). */
  onOutput(listener: (stream: 'stdout' | 'stderr', text: string) => void): void;
  /** Ends the runner now. */
  kill(): void;
}

/** Options of {@link forkRunner}. */
export interface ForkOptions {
  /** Path of runner.js. */
  runnerPath: string;
  /** Working folder (the workspace folder of the fixture). */
  cwd: string;
  /** A Node.js executable; default: the one running the host. */
  nodePath?: string;
  /** Added to the environment. */
  env?: Record<string, string>;
  /** Node options for the child, e.g. `--enable-source-maps`. */
  execArgv?: string[];
}

const TAIL = 4000;

/** Starts runner.js as a child process with an IPC channel. */
export function forkRunner(options: ForkOptions): RunnerTransport {
  const child: ChildProcess = fork(options.runnerPath, [], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
    ...(options.nodePath ? { execPath: options.nodePath } : {}),
    execArgv: options.execArgv ?? ['--enable-source-maps'],
    env: { ...process.env, ...options.env, PLUGBENCH_RUNNER: 'ipc' },
  });
  let stderrTail = '';
  let killed = false;
  let exited: RunnerExit | undefined;
  const exitListeners: ((e: RunnerExit) => void)[] = [];
  const outputListeners: ((s: 'stdout' | 'stderr', t: string) => void)[] = [];
  child.stdout?.setEncoding('utf8').on('data', (t: string) => outputListeners.forEach((l) => l('stdout', t)));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderrTail = (stderrTail + t).slice(-TAIL);
    outputListeners.forEach((l) => l('stderr', t));
  });
  const finish = (code: number | null, signal: string | null) => {
    if (exited) return;
    exited = { code, signal, stderrTail, killed };
    for (const l of exitListeners) l(exited);
  };
  // 'close' comes after stdio is drained, so the stderr tail is complete; 'error' covers a failed spawn.
  child.on('close', (code, signal) => finish(code, signal));
  child.on('error', (err) => {
    stderrTail += `\n${err.message}`;
    finish(null, null);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (exited || !child.connected) return;
      child.send(message, (err) => {
        // The channel closed between the check and the write: the exit handler reports it.
        if (err) stderrTail += `\n${err.message}`;
      });
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      if (exited) listener(exited);
      else exitListeners.push(listener);
    },
    onOutput(listener) {
      outputListeners.push(listener);
    },
    kill() {
      if (exited) return;
      killed = true;
      // SIGKILL: a plugin in a synchronous loop never returns to the event loop to handle anything gentler.
      child.kill('SIGKILL');
    },
  };
}

/**
 * A local socket a runner connects to (the runner started under the debugger). `path` goes to the runner in
 * `PLUGBENCH_RUNNER_SOCKET`; {@link accept} resolves with the transport once it connects.
 */
export class RunnerSocketServer {
  readonly path: string;
  readonly #server: net.Server;
  #pending: Promise<net.Socket>;

  constructor() {
    this.path =
      process.platform === 'win32'
        ? `\\\\.\\pipe\\plugbench-${process.pid}-${Date.now().toString(36)}`
        : path.join(os.tmpdir(), `plugbench-${process.pid}-${Date.now().toString(36)}.sock`);
    this.#server = net.createServer();
    this.#pending = new Promise((resolve, reject) => {
      this.#server.once('connection', resolve);
      this.#server.once('error', reject);
    });
    this.#server.listen(this.path);
  }

  /** Waits for the runner to connect, at most `timeoutMs`. */
  async accept(timeoutMs: number, onKill: () => void): Promise<RunnerTransport> {
    let timer: NodeJS.Timeout | undefined;
    const socket = await Promise.race([
      this.#pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the runner did not connect within ${Math.round(timeoutMs / 1000)} s`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return socketTransport(socket, onKill);
  }

  close(): void {
    this.#server.close();
    if (process.platform !== 'win32') fs.rmSync(this.path, { force: true });
  }
}

function socketTransport(socket: net.Socket, onKill: () => void): RunnerTransport {
  const messageListeners: ((raw: unknown) => void)[] = [];
  const exitListeners: ((e: RunnerExit) => void)[] = [];
  let exited: RunnerExit | undefined;
  let killed = false;
  onSocketLines(socket, (line) => {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = { type: 'invalid', line: line.slice(0, 200) };
    }
    for (const l of messageListeners) l(raw);
  });
  const finish = () => {
    if (exited) return;
    exited = { code: null, signal: null, stderrTail: '', killed };
    for (const l of exitListeners) l(exited);
  };
  socket.on('close', finish);
  socket.on('error', finish);
  return {
    pid: undefined,
    send(message) {
      if (!exited) writeLine(socket, message);
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onExit(listener) {
      if (exited) listener(exited);
      else exitListeners.push(listener);
    },
    onOutput() {
      // The debug console shows the runner's output.
    },
    kill() {
      killed = true;
      socket.destroy();
      onKill();
    },
  };
}
