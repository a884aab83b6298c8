/**
 * A runner process started before the command that needs it has loaded: `plugbench test` and `plugbench run` fork
 * one first, so that the runner's start-up (loading the SDK, sending its hello) runs on another core while the
 * command loads the harness, instead of after it. The pool takes it for its first runner when it would fork the same
 * process (same file, folder and environment); one nobody took is ended. Only Node's own modules are loaded here.
 *
 * @module
 */
import { forkRunner, type ForkOptions, type RunnerExit, type RunnerTransport } from '../client/transport';

/** The runner process of this harness (`dist/runner.js`). */
export function runnerProcessPath(): string {
  return require.resolve('@plugbench/harness/runner-process');
}

/**
 * The runner is built JavaScript that loads the SDK the plugin loads, from its package's `dist`: a source export
 * condition the command runs under (plugbench's own tests run it from TypeScript) is not passed on.
 */
export function runnerNodeOptions(): Record<string, string> {
  const options = process.env.NODE_OPTIONS;
  if (options === undefined) return {};
  return { NODE_OPTIONS: options.replace(/(--conditions[= ]|-C ?)@plugbench\/source/g, '').trim() };
}

/** A runner forked ahead of its pool; {@link dispose} ends it unless the pool took it. */
export interface PreforkedRunner {
  /** Its process id. */
  readonly pid: number | undefined;
  /** Ends it, unless its pool took it. */
  dispose(): void;
}

/** The runner waiting for its pool, with the options it was forked with. */
let waiting: { key: string; transport: RunnerTransport } | undefined;

const keyOf = (o: ForkOptions): string =>
  JSON.stringify([o.runnerPath, o.cwd, o.nodePath, o.execArgv, Object.entries(o.env ?? {}).sort()]);

/** The options the pool forks its runners with, for a pool working in `cwd` with nothing added. */
function poolForkOptions(cwd: string): ForkOptions {
  return { runnerPath: runnerProcessPath(), cwd, env: runnerNodeOptions() };
}

/** Forks the runner the pool of a command working in `cwd` would fork first, and keeps it for that pool. */
export function preforkRunner(cwd: string): PreforkedRunner {
  waiting?.transport.kill();
  const options = poolForkOptions(cwd);
  const own = { key: keyOf(options), transport: holding(forkRunner(options)) };
  waiting = own;
  return {
    pid: own.transport.pid,
    dispose() {
      if (waiting !== own) return;
      waiting = undefined;
      own.transport.kill();
    },
  };
}

/** The runner forked ahead with exactly `options`, taken (once); else `undefined`. */
export function takePreforked(options: ForkOptions): RunnerTransport | undefined {
  if (waiting === undefined || waiting.key !== keyOf(options)) return undefined;
  const { transport } = waiting;
  waiting = undefined;
  return transport;
}

type Held =
  | { kind: 'message'; raw: unknown }
  | { kind: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'exit'; exit: RunnerExit };

/**
 * `t`, with what it says before anyone listens kept, in order, for the listeners registered first (the client
 * registers its own in its constructor): a hello that came while the command was loading is not lost.
 * @internal
 */
export function holding(t: RunnerTransport): RunnerTransport {
  const messageListeners: ((raw: unknown) => void)[] = [];
  const outputListeners: ((s: 'stdout' | 'stderr', text: string) => void)[] = [];
  const exitListeners: ((e: RunnerExit) => void)[] = [];
  let held: Held[] | undefined = [];
  let exited: RunnerExit | undefined;
  const deliver = (h: Held) => {
    if (h.kind === 'message') for (const l of messageListeners) l(h.raw);
    else if (h.kind === 'output') for (const l of outputListeners) l(h.stream, h.text);
    else for (const l of exitListeners) l(h.exit);
  };
  const take = (h: Held) => (held ? held.push(h) : deliver(h));
  t.onMessage((raw) => take({ kind: 'message', raw }));
  t.onOutput((stream, text) => take({ kind: 'output', stream, text }));
  t.onExit((exit) => {
    exited = exit;
    take({ kind: 'exit', exit });
  });
  // Released a microtask after the first listener, so that every listener the client registers at once gets it all.
  let releasing = false;
  const release = () => {
    if (releasing) return;
    releasing = true;
    queueMicrotask(() => {
      const queue = held ?? [];
      held = undefined;
      queue.forEach(deliver);
    });
  };
  return {
    get pid() {
      return t.pid;
    },
    send: (message) => t.send(message),
    onMessage(listener) {
      messageListeners.push(listener);
      release();
    },
    onOutput(listener) {
      outputListeners.push(listener);
      release();
    },
    onExit(listener) {
      // Late, after the exit was delivered: told at once, as the transport itself does.
      if (exited && held === undefined) listener(exited);
      else exitListeners.push(listener);
      release();
    },
    kill: () => t.kill(),
  };
}
