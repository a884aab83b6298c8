/**
 * The runner process (dist/extension/runner.js): runs the user's plugins for the extension, so that a plugin that
 * throws, hangs, loops forever or calls `process.exit` can only take this process down, never the extension host.
 *
 * Started by the host with `child_process.fork` (IPC channel), or by the debugger with `PLUGBENCH_RUNNER_SOCKET`
 * set (newline-delimited JSON over that local socket), it answers the requests of
 * {@link ../protocol/child-messages}: open a fixture, step rounds, run to a stop, run a fixture as a test.
 *
 * @module
 */
import * as net from 'node:net';
import * as fs from 'node:fs';
import { TimelineModel, type StopCondition, type TimelineRecord } from '@plugbench/sdk/timeline';
import {
  RUNNER_PROTOCOL,
  type AdvanceResult,
  type Breakpoint,
  type HostRequest,
  type OpenResult,
  type RunnerError,
  type RunnerMessage,
  type RunStop,
} from '../protocol/child-messages';
import { openBench, runTest, toRunnerError, type Bench } from './bench';
import { onSocketLines } from './socket-lines';

/** A way to talk to the host. */
interface Channel {
  send(message: RunnerMessage): void;
  onMessage(listener: (raw: unknown) => void): void;
}

function ipcChannel(): Channel {
  return {
    send: (m) => {
      if (process.connected) process.send!(m);
    },
    onMessage: (l) => process.on('message', l),
  };
}

function socketChannel(path: string): Channel {
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
  return { send: (m) => socket.write(`${JSON.stringify(m)}\n`), onMessage: (l) => listeners.push(l) };
}

/**
 * A plugin calling `process.exit` ends this process, as it would end FlytePropeller. Say so on stderr first,
 * synchronously (an IPC message might not be flushed in time), so the host can tell the user what happened.
 */
const realExit = process.exit.bind(process);

function guardProcessExit(): void {
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

/** Sends records in batches: one message per round would be fine, but a 10,000-round run is quicker batched. */
class Outbox {
  #records: TimelineRecord[] = [];
  #lastFlush = 0;
  constructor(private readonly channel: Channel) {}
  push(r: TimelineRecord): void {
    this.#records.push(r);
  }
  flush(force = false): void {
    const now = Date.now();
    if (this.#records.length === 0 || (!force && now - this.#lastFlush < 25)) return;
    this.channel.send({ type: 'records', records: this.#records });
    this.#records = [];
    this.#lastFlush = now;
  }
}

/** Lets the event loop turn, so queued IPC messages are written out. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class Runner {
  #bench: Bench | undefined;
  #model = new TimelineModel();
  #queue: Promise<void> = Promise.resolve();
  readonly #outbox: Outbox;

  constructor(private readonly channel: Channel) {
    this.#outbox = new Outbox(channel);
  }

  start(): void {
    this.channel.onMessage((raw) => {
      // Requests run one after another, in the order they came.
      this.#queue = this.#queue.then(() => this.#handle(raw));
    });
    this.channel.send({ type: 'hello', protocol: RUNNER_PROTOCOL, pid: process.pid, node: process.version });
  }

  async #handle(raw: unknown): Promise<void> {
    const req = raw as HostRequest;
    if (typeof req !== 'object' || req === null || typeof req.id !== 'number' || typeof req.type !== 'string') {
      this.#log('error', `ignored a request that is not one: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    try {
      const value = await this.#dispatch(req);
      this.#outbox.flush(true);
      this.channel.send({ type: 'result', id: req.id, ok: true, value });
      if (req.type === 'close') setImmediate(() => realExit(0));
    } catch (e) {
      this.#outbox.flush(true);
      const error: RunnerError = toRunnerError(e);
      this.channel.send({ type: 'result', id: req.id, ok: false, error });
    }
  }

  async #dispatch(req: HostRequest): Promise<OpenResult | AdvanceResult | Awaited<ReturnType<typeof runTest>> | null> {
    switch (req.type) {
      case 'open':
        return this.#open(req);
      case 'step':
        return this.#advance(req.rounds, undefined, [], req.rounds);
      case 'run':
        return this.#advance(req.maxRounds, req.stop, req.breakpoints, undefined);
      case 'test':
      {
        let last = 0;
        let records = 0;
        return runTest({
          fixture: req.fixture,
          contractChecks: req.contractChecks,
          roundTimeoutMs: req.roundTimeoutMs,
          ...(req.debugging ? { debugging: true } : {}),
          log: (l, m) => this.#log(l, m),
          progress: () => {
            records++;
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            this.channel.send({ type: 'progress', rounds: records });
          },
        });
      }
      case 'close':
        return null;
      default:
        throw Object.assign(new Error(`unknown request ${(req as { type: string }).type}`), { kind: 'protocol' });
    }
  }

  async #open(req: Extract<HostRequest, { type: 'open' }>): Promise<OpenResult> {
    if (this.#bench) throw Object.assign(new Error('a fixture is already open in this runner'), { kind: 'protocol' });
    this.#model = new TimelineModel();
    const bench = await openBench({
      fixture: req.fixture,
      ...(req.task !== undefined ? { task: req.task } : {}),
      roundTimeoutMs: req.roundTimeoutMs,
      ...(req.debugging ? { debugging: true } : {}),
      onRecord: (r) => {
        this.#model.append(r);
        this.#outbox.push(r);
      },
      log: (l, m) => this.#log(l, m),
    });
    this.#bench = bench;
    if (req.replayRounds && req.replayRounds > 0) await this.#advance(req.replayRounds, undefined, [], req.replayRounds);
    return { ...bench.info, rounds: bench.rounds, finished: bench.finished || bench.capped };
  }

  /**
   * Runs rounds until `maxRounds` more have run (a step of N), the stop, a breakpoint, or the end. Checks stops on
   * the calls each round added, with the same rules as the view's own "run to" (the timeline model's stop lists).
   */
  async #advance(maxRounds: number, stop: RunStop | undefined, breakpoints: Breakpoint[], step: number | undefined): Promise<AdvanceResult> {
    const bench = this.#bench;
    if (!bench) throw Object.assign(new Error('no fixture is open: send open first'), { kind: 'protocol' });
    const condition: StopCondition = {
      events: stop?.kind === 'event',
      phaseChanges: stop?.kind === 'phase-change',
      phases: breakpoints.flatMap((b) => (b.kind === 'phase' ? [b.phase] : [])),
      tasks: breakpoints.flatMap((b) => (b.kind === 'task' ? [b.task] : [])),
    };
    const hasStop = condition.events || condition.phaseChanges || condition.phases!.length > 0 || condition.tasks!.length > 0;
    let ran = 0;
    let lastYield = Date.now();
    for (;;) {
      if (bench.finished) return this.#result(ran, 'terminal');
      if (bench.capped) return this.#result(ran, 'round-cap');
      if (ran >= maxRounds) return this.#result(ran, step !== undefined ? 'step' : 'round-cap');
      const before = this.#model.calls.length;
      const stepped = await bench.step();
      if (!stepped) return this.#result(ran, bench.capped ? 'round-cap' : 'idle');
      ran++;
      this.#outbox.flush();
      if (Date.now() - lastYield > 15) {
        this.channel.send({ type: 'progress', rounds: bench.rounds });
        await yieldToEventLoop();
        lastYield = Date.now();
      }
      if (hasStop) {
        const hit = this.#model.nextCall(before - 1, condition);
        if (hit >= 0) {
          const call = this.#model.calls[hit]!;
          if (condition.events && call.events.length > 0) return this.#result(ran, 'event');
          if (condition.phaseChanges && this.#model.phaseChangeCalls.includes(hit)) return this.#result(ran, 'phase-change');
          const bp =
            breakpoints.find((b) => b.kind === 'task' && b.task === call.task) ??
            breakpoints.find((b) => b.kind === 'phase' && b.phase === call.pluginPhase.phase);
          return this.#result(ran, 'breakpoint', bp);
        }
      }
    }
  }

  #result(ran: number, reason: AdvanceResult['reason'], breakpoint?: Breakpoint): AdvanceResult {
    const bench = this.#bench!;
    // Nothing more will happen after the end, when nothing is left to run, or at the fixture's round cap.
    const finished = bench.finished || bench.capped || reason === 'idle';
    return { ran, rounds: bench.rounds, reason, finished, ...(breakpoint ? { breakpoint } : {}) };
  }

  #log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.channel.send({ type: 'log', level, message });
  }
}

function main(): void {
  guardProcessExit();
  const socket = process.env.PLUGBENCH_RUNNER_SOCKET;
  const channel = socket ? socketChannel(socket) : process.send ? ipcChannel() : undefined;
  if (!channel) {
    process.stderr.write('plugbench-runner: start me through the plugbench extension (no IPC channel, no PLUGBENCH_RUNNER_SOCKET)\n');
    process.exit(2);
  }
  // A plugin's stray promise rejection must not end the run: the executor reports what happens inside calls.
  process.on('unhandledRejection', (reason) => {
    channel.send({ type: 'log', level: 'warn', message: `unhandled promise rejection in plugin code: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}` });
  });
  process.on('uncaughtException', (err) => {
    channel.send({ type: 'log', level: 'error', message: `uncaught exception in plugin code (outside a round): ${err.stack ?? err.message}` });
  });
  if (!socket) process.on('disconnect', () => realExit(0)); // the host went away
  new Runner(channel).start();
}

main();
