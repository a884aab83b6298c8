/**
 * "Update golden": writes a fixture's golden timeline the way `plugbench test --update-golden` does. The runner's
 * `outcome` request with `updateGolden` runs the harness's own fixture run and golden check (`checkGolden` with
 * `update`), the code the command runs; nothing here writes the file or knows its format.
 *
 * @module
 */
import type { RunnerClient } from '@plugbench/harness/runner';

/** What an update did: the golden file written, or why not. */
export type GoldenUpdate = { written: string } | { problem: string };

/** Runs the fixture in `runner` and writes its golden timeline. */
export async function updateGolden(runner: RunnerClient, fixture: string): Promise<GoldenUpdate> {
  const outcome = await runner.request({ type: 'outcome', fixture, updateGolden: true });
  if (outcome.error) return { problem: outcome.error.message };
  // The result is the harness's FixtureResult, loose on the wire: its golden outcome says what was written.
  const golden = (outcome.result as { golden?: { file?: unknown; status?: unknown } } | undefined)?.golden;
  if (golden?.status === 'updated' && typeof golden.file === 'string') return { written: golden.file };
  return { problem: 'the fixture names no golden timeline (add `golden: <file>.ndjson` to it)' };
}
