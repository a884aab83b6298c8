/**
 * Replaying a fixture in a fresh runner: open it with N rounds run at once (Run again from here, Reset, a panel restored
 * after a reload), gather the records the replay made, and check them against what the previous runner recorded
 * for the same rounds (Temporal's "back" button, temporalio/vscode-debugger-extension #51: a difference means the
 * plugin is not deterministic, or its sources changed on disk since).
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { OpenResult, RunnerClient } from '@plugbench/harness/runner';
import { replayDifference, sourceTimes, type ReplayDifference } from './replay-check';
import type { RunSessionOptions } from './session-types';

/** What a replay made: the records, and the runner's answer to `open` or why it failed. */
export type Replayed = { records: TimelineRecord[] } & ({ ok: true; info: OpenResult } | { ok: false; error: unknown });

/** Opens the fixture in `runner` with `rounds` rounds replayed, gathering the records they made. */
export async function openReplayed(
  runner: RunnerClient,
  options: RunSessionOptions,
  rounds: number,
): Promise<Replayed> {
  const records: TimelineRecord[] = [];
  // The listener is dropped as the answer comes: records after it are the session's, live.
  const gather = runner.onRecords((batch) => records.push(...batch));
  try {
    const info = await runner.request({
      type: 'open',
      fixture: options.fixture,
      ...(options.task !== undefined ? { task: options.task } : {}),
      roundTimeoutMs: options.roundTimeoutMs,
      ...(options.debugging ? { debugging: true } : {}),
      ...(rounds > 0 ? { replayRounds: rounds } : {}),
    });
    return { records, ok: true, info };
  } catch (error) {
    return { records, ok: false, error };
  } finally {
    gather.dispose();
  }
}

/** The determinism check of replays: remembers when the fixture and the plugin were last read, to explain a difference. */
export class ReplayCheck {
  /** Modification times of the fixture and the plugin when the records were made. */
  #sources = new Map<string, number>();

  /** Compares a replay of `rounds` rounds with the `previous` run; `files`: the fixture and the plugin. */
  check(
    previous: readonly TimelineRecord[],
    records: readonly TimelineRecord[],
    rounds: number,
    files: readonly (string | undefined)[],
  ): ReplayDifference | undefined {
    const sources = sourceTimes(files);
    const changed = [...sources].filter(([f, t]) => this.#sources.has(f) && this.#sources.get(f) !== t).map(([f]) => f);
    this.#sources = sources;
    return replayDifference(previous, records, rounds, changed);
  }
}
