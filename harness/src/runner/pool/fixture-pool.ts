/**
 * Fixtures tested in runner processes, `jobs` at once: each fixture runs in a child process under a watchdog and a
 * wall-clock limit, so that whatever its plugin does (hang in its loader or a round, loop, exit, crash, run out of
 * memory, leave errors unhandled or timers running, log) ends as that fixture's outcome and the next one runs. A
 * runner is reused for the next fixture while it is clean; one that died, was stopped or keeps timers of a plugin
 * running is replaced. `plugbench test` and `plugbench run` run fixtures this way.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import type { FixtureTestOutcome } from '../../run-fixture';
import { RunnerClient, RunnerRequestError } from '../client/runner-client';
import { forkRunner } from '../client/transport';
import { silenceFor } from '../client/watchdog';
import type { OutcomeResult } from '../protocol/runner-messages';
import { outcomeFromAnswer, outcomeFromFailure } from './outcome';
import { runnerNodeOptions, runnerProcessPath, takePreforked } from './prefork';

/** The wall-clock limit of one fixture when none is given: a hang is reported in seconds, not hours. */
export const DEFAULT_FIXTURE_TIMEOUT_MS = 30_000;
/** How often a fixture that is still running is announced. */
export const HEARTBEAT_MS = 5_000;
/** The executor's round timeout when a fixture sets none: the watchdog's limit until a fixture says its own. */
const DEFAULT_ROUND_TIMEOUT_MS = 5_000;

/** Options of {@link testFixturesInRunners}. */
export interface FixturePoolOptions {
  /** Runner processes at once. @default the number of cores */
  jobs?: number;
  /** Wall-clock limit of one fixture, loading included. @default {@link DEFAULT_FIXTURE_TIMEOUT_MS} */
  timeoutMs?: number;
  /** Rewrite golden timelines instead of comparing with them. */
  updateGolden?: boolean;
  /** Compare with golden timelines. @default true */
  golden?: boolean;
  /** Keep each result's whole timeline (`plugbench run`). */
  timeline?: boolean;
  /** Let fixtures name module and golden files outside their project. */
  allowOutsideProject?: boolean;
  /** Run only what this regular expression selects (case-insensitive): fixtures by name or file, else tasks by id. */
  grep?: string;
  /** Stop starting fixtures after the first that did not pass; those not started are left out of the outcomes. */
  bail?: boolean;
  /** The runner process to fork. @default {@link runnerProcessPath} */
  runnerPath?: string;
  /** The runners' working folder. */
  cwd?: string;
  /** Added to the runners' environment. */
  env?: Record<string, string>;
  /** Called every {@link HEARTBEAT_MS} while a fixture runs, after the first period. */
  onHeartbeat?(file: string, elapsedMs: number): void;
  /** Called with each outcome as it comes (in completion order). */
  onOutcome?(outcome: FixtureTestOutcome, index: number): void;
}

/** One runner process at a time, testing one fixture at a time. */
class PoolWorker {
  #client: RunnerClient | undefined;
  readonly #closing: Promise<void>[] = [];
  readonly #o: Required<Pick<FixturePoolOptions, 'timeoutMs' | 'runnerPath'>> & FixturePoolOptions;
  constructor(o: Required<Pick<FixturePoolOptions, 'timeoutMs' | 'runnerPath'>> & FixturePoolOptions) {
    this.#o = o;
  }

  #fork(): RunnerClient {
    const options = {
      runnerPath: this.#o.runnerPath,
      cwd: this.#o.cwd ?? process.cwd(),
      env: { ...runnerNodeOptions(), ...this.#o.env },
    };
    // The command may have forked this very runner before it loaded (prefork.ts).
    const transport = takePreforked(options) ?? forkRunner(options);
    // What the plugin prints outside the timeline is not the reporters' to print: it is dropped here.
    return new RunnerClient(transport, {
      silenceTimeoutMs: silenceFor(DEFAULT_ROUND_TIMEOUT_MS),
      openTimeoutMs: this.#o.timeoutMs,
      slowHint: "Raise the fixture's executor.roundTimeoutMs if the plugin is only slow.",
    });
  }

  /** Retires the runner: asked to exit (killed if it does not), not waited for here. */
  #retire(): void {
    if (this.#client) this.#closing.push(this.#client.close());
    this.#client = undefined;
  }

  /** The fixture's outcome; `undefined` when `grep` selected nothing of it. */
  async test(file: string): Promise<FixtureTestOutcome | undefined> {
    const client = (this.#client ??= this.#fork());
    const started = performance.now();
    let loaded = false;
    let timedOut = false;
    const sub = client.onLoaded(() => (loaded = true));
    const limit = setTimeout(() => {
      timedOut = true;
      client.stop();
    }, this.#o.timeoutMs);
    const heartbeat = setInterval(() => this.#o.onHeartbeat?.(file, performance.now() - started), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const answer: OutcomeResult = await client.request({
        type: 'outcome',
        fixture: file,
        ...(this.#o.updateGolden ? { updateGolden: true } : {}),
        ...(this.#o.golden === false ? { golden: false } : {}),
        ...(this.#o.timeline ? { timeline: true } : {}),
        ...(this.#o.grep !== undefined ? { grep: this.#o.grep } : {}),
        ...(this.#o.allowOutsideProject ? { allowOutsideProject: true } : {}),
      });
      if (answer.lingering > 0) this.#retire();
      return answer.skipped ? undefined : outcomeFromAnswer(answer);
    } catch (e) {
      if (!(e instanceof RunnerRequestError)) throw e;
      this.#retire();
      return outcomeFromFailure(file, e.error, {
        loaded,
        durationMs: performance.now() - started,
        ...(timedOut ? { timedOutMs: this.#o.timeoutMs } : {}),
      });
    } finally {
      clearTimeout(limit);
      clearInterval(heartbeat);
      sub.dispose();
    }
  }

  /** Ends every runner this worker started. */
  async close(): Promise<void> {
    this.#retire();
    await Promise.all(this.#closing);
  }
}

/**
 * Tests `files` in runner processes, `jobs` at once, and returns their outcomes in the order of `files` (without
 * those not started after a `bail`, nor those `grep` selected nothing of). Never throws for what a fixture or its plugin does; every runner is ended
 * before it returns.
 */
export async function testFixturesInRunners(
  files: readonly string[],
  options: FixturePoolOptions = {},
): Promise<FixtureTestOutcome[]> {
  const o = {
    ...options,
    timeoutMs: options.timeoutMs ?? DEFAULT_FIXTURE_TIMEOUT_MS,
    runnerPath: options.runnerPath ?? runnerProcessPath(),
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), files.length));
  const outcomes: (FixtureTestOutcome | undefined)[] = new Array(files.length);
  let next = 0;
  let stop = false;
  const work = async (worker: PoolWorker) => {
    try {
      while (!stop && next < files.length) {
        const index = next++;
        const outcome = await worker.test(files[index]!);
        if (outcome === undefined) continue;
        outcomes[index] = outcome;
        o.onOutcome?.(outcome, index);
        if (o.bail && outcome.status !== 'passed') stop = true;
      }
    } finally {
      await worker.close();
    }
  };
  await Promise.all(Array.from({ length: jobs }, () => work(new PoolWorker(o))));
  return outcomes.filter((x): x is FixtureTestOutcome => x !== undefined);
}
