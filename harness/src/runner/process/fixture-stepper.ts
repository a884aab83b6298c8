/**
 * A fixture opened in the runner to be stepped through round by round (the timeline panel's session). Runs in the
 * runner process only: it bundles and evaluates workspace code.
 *
 * @module
 */
import * as path from 'node:path';
import type { CallRecord, TimelineRecord } from '@plugbench/sdk/timeline';
import { openFixture, type FixtureSession } from '../../run-fixture';
import type { OpenResult } from '../protocol/runner-messages';
import { cacheDir, loadWithHostSettings, type RunnerLog } from './host-settings';
import type { RecordSource } from './outbox';

/** A fixture open for stepping. */
export interface SteppedFixture {
  readonly info: Omit<OpenResult, 'rounds' | 'finished'>;
  /** Rounds run so far. */
  readonly rounds: number;
  /** Every task has finished. */
  readonly finished: boolean;
  /** The fixture's round cap was reached. */
  readonly capped: boolean;
  /** The executor's timeline: its records, each made when read. */
  readonly timeline: readonly TimelineRecord[];
  /** The records the executor keeps, from the first, as its record store holds them (for the host's copy). */
  readonly records: RecordSource;
  /** One round: the records of its calls; `undefined` when nothing is left to run (or the cap is reached). */
  step(): Promise<readonly CallRecord[] | undefined>;
  /**
   * Up to `rounds` rounds (within the round cap), and no new round once `ms` have passed, as a run in process runs
   * them: no record is made but what the executor keeps (see {@link records}); the number run (0: nothing is left to
   * run, or the cap).
   */
  run(rounds: number, ms: number): Promise<number>;
  /**
   * Records the run's `run.finished` once it has ended (every task finished, nothing left to run, the round cap),
   * as `plugbench test` records it, so that a stepped run has the same golden timeline; runs no round. Once only.
   */
  end(): Promise<void>;
}

/** Opens a fixture for stepping: plugins bundled and loaded, tasks started, no round run. */
export async function openSteppedFixture(o: {
  fixture: string;
  task?: string;
  roundTimeoutMs: number;
  debugging?: boolean;
  /** Receives every record as it is made (the executor then streams them, as well as keeping them). */
  onRecord?: (r: TimelineRecord) => void;
  log: RunnerLog;
}): Promise<SteppedFixture> {
  const loaded = await loadWithHostSettings(o.fixture, o);
  if (o.debugging) {
    // Stepping under the debugger: a breakpoint in Handle should hit once per round, not again for the replay the
    // idempotency check makes (the Debug test profile keeps the checks).
    loaded.fixture.checks = { ...loaded.fixture.checks, replayHandle: false, repeatCleanup: false };
  }
  const session: FixtureSession = await openFixture(loaded, {
    ...(o.onRecord ? { onRecord: o.onRecord } : {}),
    golden: false,
    ...cacheDir(),
  });
  const f = loaded.fixture;
  const plugin = f.plugin?.module ?? f.plugins?.[0]?.module;
  const executor = session.testbed.executor;
  const views = session.testbed.tasks();
  let ended = false;
  o.log(
    'debug',
    `opened ${loaded.file}: ${views.length} task(s), round timeout ${f.executor?.roundTimeoutMs} ms, round cap ${session.maxRounds}`,
  );
  return {
    info: {
      name: loaded.name,
      tasks: views.map((t) => ({ id: t.id, taskType: t.taskType, pluginId: t.pluginId })),
      ...(plugin ? { plugin: path.resolve(loaded.dir, plugin) } : {}),
      roundTimeoutMs: f.executor?.roundTimeoutMs ?? o.roundTimeoutMs,
    },
    get rounds() {
      return executor.rounds;
    },
    get finished() {
      // Asked after every round: a counter, not a view of every task (which decodes each one's state).
      return executor.unfinished === 0;
    },
    get capped() {
      return executor.rounds >= session.maxRounds;
    },
    timeline: executor.timeline,
    records: executor.timelineDelta(),
    step: () => session.step(),
    async run(rounds, ms) {
      const before = executor.rounds;
      const max = Math.min(rounds, session.maxRounds - before);
      if (max <= 0) return 0;
      const until = performance.now() + ms;
      await executor.runRounds({ terminal: 'all', maxRounds: max }, () => performance.now() < until);
      return executor.rounds - before;
    },
    async end() {
      if (ended) return;
      ended = true;
      // Nothing is left to run: this runs no round, and says why the run ended (terminal, idle, round-cap).
      await session.runUntil({ terminal: 'all' });
    },
  };
}
