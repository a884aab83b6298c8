/**
 * The runner's answers to the host's requests ({@link ../protocol/runner-schema}): open a fixture, step rounds,
 * run to a stop, run a fixture as a test. Requests run one after another, in the order they came.
 *
 * @module
 */
import { breakpointHit, breakpointStop, type Breakpoint, type StopCondition } from '@plugbench/sdk/timeline';
import type { PackageOrigin } from '../protocol/package-origin';
import { HostRequestSchema, RUNNER_PROTOCOL } from '../protocol/runner-schema';
import type {
  AdvanceResult,
  HostRequest,
  OpenRequest,
  OpenResult,
  OutcomeRequest,
  OutcomeResult,
  RunnerLogLevel,
  RunStop,
  StopReason,
  TestRequest,
  TestResult,
} from '../protocol/runner-messages';
import { realExit, type Channel } from './channel';
import { redactSecrets } from '../../fixture/secrets';
import { runFixtureOutcome } from './fixture-outcome';
import { runFixtureTest } from './fixture-test';
import { openSteppedFixture, type SteppedFixture } from './fixture-stepper';
import { protocolError, toRunnerError } from './runner-error';
import { Outbox } from './outbox';
import { StopModel } from './stop-model';

/** Lets the event loop turn, so queued IPC messages are written out. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Timers and immediates alive in this process: what a plugin leaves running shows as more of them. */
const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;

/**
 * A run without stops runs its rounds in parts of at most this many rounds and this long (a new round starts only
 * within it, so a part of slow rounds is one round): between parts the records kept go out (a batch every `BATCH_MS`
 * of the outbox) and the host hears from the runner as often as it did when every round was stepped.
 */
const PART_ROUNDS = 5_000;
const PART_MS = 10;

/** How far an advance may go, and where it stops. */
interface AdvanceLimits {
  maxRounds: number;
  stop?: RunStop;
  breakpoints: readonly Breakpoint[];
  /** A step of this many rounds (the answer's reason is `step` when it ran them all). */
  step?: number;
}

/** The request handler of the runner process. */
export class Runner {
  #fixture: SteppedFixture | undefined;
  #stops = new StopModel();
  #queue: Promise<void> = Promise.resolve();
  readonly #outbox: Outbox;
  /** Rejections and exceptions the plugin left unhandled during the current `outcome`. */
  #strays: string[] = [];

  readonly #channel: Channel;
  /** Where the SDK and harness came from, for the hello. */
  readonly #packages: PackageOrigin | undefined;

  constructor(channel: Channel, packages?: PackageOrigin) {
    this.#channel = channel;
    this.#outbox = new Outbox(channel);
    this.#packages = packages;
  }

  /** Listens for requests and says hello. */
  start(): void {
    this.#channel.onMessage((raw) => {
      this.#queue = this.#queue.then(() => this.#handle(raw));
    });
    this.#channel.send({
      type: 'hello',
      protocol: RUNNER_PROTOCOL,
      pid: process.pid,
      node: process.version,
      ...(this.#packages ? { packages: this.#packages } : {}),
    });
  }

  async #handle(raw: unknown): Promise<void> {
    const parsed = HostRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number')
        this.#channel.send({
          type: 'result',
          id,
          ok: false,
          error: toRunnerError(protocolError(`the request does not follow the protocol: ${parsed.error.message}`)),
        });
      else this.#log('error', `ignored a request that is not one: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    const req = parsed.data;
    try {
      const value = await this.#dispatch(req);
      this.#outbox.flush(true);
      this.#channel.send({ type: 'result', id: req.id, ok: true, value });
      if (req.type === 'close') setImmediate(() => realExit(0));
    } catch (e) {
      this.#outbox.flush(true);
      this.#channel.send({ type: 'result', id: req.id, ok: false, error: toRunnerError(e) });
    }
  }

  /**
   * A promise rejection or exception that plugin code left unhandled: logged, and, during an `outcome`, a failure
   * of that fixture. Never the end of the process: the host decides what happens to the runner.
   */
  stray(what: string, err: unknown): void {
    const text = `${what} in plugin code: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    this.#strays.push(text);
    this.#log(what.startsWith('uncaught') ? 'error' : 'warn', text);
  }

  #dispatch(req: HostRequest): Promise<OpenResult | AdvanceResult | TestResult | OutcomeResult | null> {
    switch (req.type) {
      case 'open':
        return this.#open(req);
      case 'step':
        return this.#advance({ maxRounds: req.rounds, breakpoints: [], step: req.rounds });
      case 'run':
        return this.#advance({ maxRounds: req.maxRounds, stop: req.stop, breakpoints: req.breakpoints });
      case 'test':
        return this.#test(req);
      case 'outcome':
        return this.#outcome(req);
      case 'close':
        return Promise.resolve(null);
    }
  }

  #test(req: TestRequest): Promise<TestResult> {
    let last = 0;
    let records = 0;
    return runFixtureTest({
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
        this.#channel.send({ type: 'progress', rounds: records });
      },
    });
  }

  /**
   * A fixture's whole outcome. The event loop turns twice before the answer, so that a rejection the plugin's
   * timers or stray promises make right away is this fixture's failure, not a later one's.
   */
  async #outcome(req: OutcomeRequest): Promise<OutcomeResult> {
    const timersBefore = activeTimers();
    this.#strays = [];
    let last = 0;
    let secrets: string[] = [];
    const outcome = await runFixtureOutcome(req, {
      secrets: (s) => (secrets = s),
      loaded: (roundTimeoutMs) => this.#channel.send({ type: 'loaded', roundTimeoutMs }),
      progress: () => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        this.#channel.send({ type: 'progress', rounds: 0 });
      },
    });
    await yieldToEventLoop();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const strays = redactSecrets(this.#strays, secrets);
    this.#strays = [];
    return { ...outcome, strays, lingering: Math.max(0, activeTimers() - timersBefore) };
  }

  async #open(req: OpenRequest): Promise<OpenResult> {
    if (this.#fixture) throw protocolError('a fixture is already open in this runner');
    const fixture = await openSteppedFixture({
      fixture: req.fixture,
      ...(req.task !== undefined ? { task: req.task } : {}),
      roundTimeoutMs: req.roundTimeoutMs,
      ...(req.debugging ? { debugging: true } : {}),
      log: (l, m) => this.#log(l, m),
    });
    this.#fixture = fixture;
    this.#stops = new StopModel(fixture.timeline);
    this.#outbox.from(fixture.records);
    if (req.replayRounds && req.replayRounds > 0)
      await this.#advance({ maxRounds: req.replayRounds, breakpoints: [], step: req.replayRounds });
    return { ...fixture.info, rounds: fixture.rounds, finished: fixture.finished || fixture.capped };
  }

  /**
   * Runs rounds until `maxRounds` more have run (a step of N), the stop, a breakpoint, or the end. Checks stops on
   * the calls each round added, with the same rules as the view's own "run to" (the timeline model's stop lists).
   * Without a stop to check, more than one round runs as a run in process runs them, in parts of a few milliseconds
   * (`PART_ROUNDS`, `PART_MS`): no record is made but what the executor keeps, and its store's rows go to the host.
   */
  async #advance(limits: AdvanceLimits): Promise<AdvanceResult> {
    const fixture = this.#fixture;
    if (!fixture) throw protocolError('no fixture is open: send open first');
    const condition = stopCondition(limits);
    const inRuns = condition === undefined && limits.maxRounds > 1;
    let ran = 0;
    this.#lastYield = Date.now();
    for (;;) {
      if (fixture.finished) return this.#result(ran, 'terminal');
      if (fixture.capped) return this.#result(ran, 'round-cap');
      if (ran >= limits.maxRounds) return this.#result(ran, limits.step !== undefined ? 'step' : 'round-cap');
      const before = condition ? this.#stops.model.calls.length : 0;
      if (inRuns) {
        const n = await fixture.run(Math.min(PART_ROUNDS, limits.maxRounds - ran), PART_MS);
        if (n === 0) return this.#result(ran, fixture.capped ? 'round-cap' : 'idle');
        ran += n;
      } else {
        if ((await fixture.step()) === undefined) return this.#result(ran, fixture.capped ? 'round-cap' : 'idle');
        ran++;
      }
      await this.#send(fixture.rounds);
      const stopped = condition && this.#stopIn(before, condition, limits.breakpoints);
      if (stopped) return this.#result(ran, stopped.reason, stopped.breakpoint);
    }
  }

  #lastYield = 0;

  /** After rounds: sends the records kept once a batch's time has passed, and lets them be written out. */
  async #send(rounds: number): Promise<void> {
    this.#outbox.flush();
    const backlog = this.#outbox.backlog();
    if (backlog) {
      await backlog;
      this.#lastYield = Date.now();
    } else if (Date.now() - this.#lastYield > 15) {
      this.#channel.send({ type: 'progress', rounds });
      await yieldToEventLoop();
      this.#lastYield = Date.now();
    }
  }

  /** Whether a call the last round added (from call `before` on) meets the stop condition, and why. */
  #stopIn(
    before: number,
    condition: StopCondition,
    breakpoints: readonly Breakpoint[],
  ): { reason: StopReason; breakpoint?: Breakpoint } | undefined {
    const model = this.#stops.model;
    const hit = model.nextCall(before - 1, condition);
    if (hit < 0) return undefined;
    const call = model.calls[hit]!;
    if (condition.events && call.events.length > 0) return { reason: 'event' };
    if (condition.phaseChanges && model.phaseChangeCalls.includes(hit)) return { reason: 'phase-change' };
    const breakpoint = breakpointHit(breakpoints, call);
    return { reason: 'breakpoint', ...(breakpoint ? { breakpoint } : {}) };
  }

  async #result(ran: number, reason: StopReason, breakpoint?: Breakpoint): Promise<AdvanceResult> {
    const fixture = this.#fixture!;
    // Nothing more will happen after the end, when nothing is left to run, or at the fixture's round cap.
    const finished = fixture.finished || fixture.capped || reason === 'idle';
    if (finished) {
      // The run's last record, as a run to the end records it (its golden timeline ends with it).
      await fixture.end();
      this.#outbox.flush();
    }
    return { ran, rounds: fixture.rounds, reason, finished, ...(breakpoint ? { breakpoint } : {}) };
  }

  #log(level: RunnerLogLevel, message: string): void {
    this.#channel.send({ type: 'log', level, message });
  }
}

/** The stop condition of an advance, or `undefined` when only its end and its round limit stop it. */
function stopCondition(limits: AdvanceLimits): StopCondition | undefined {
  const condition: StopCondition = {
    events: limits.stop?.kind === 'event',
    phaseChanges: limits.stop?.kind === 'phase-change',
    ...breakpointStop(limits.breakpoints),
  };
  const hasStop =
    condition.events || condition.phaseChanges || condition.phases!.length > 0 || condition.tasks!.length > 0;
  return hasStop ? condition : undefined;
}
