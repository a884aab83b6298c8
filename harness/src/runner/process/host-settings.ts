/**
 * A fixture loaded in the runner with the host's settings applied: the round timeout where the fixture has none
 * (or none at all under the debugger), only one task when asked, contract checks off when switched off; and where
 * plugin bundles go.
 *
 * @module
 */
import { CHECK_IDS } from '../../checks';
import { FixtureError } from '../../fixture/errors';
import { loadFixture, type LoadedFixture } from '../../fixture/load';
import type { RunnerLogLevel } from '../protocol/runner-messages';

/** Where the runner's diagnostics go (the host's output channel). */
export type RunnerLog = (level: RunnerLogLevel, message: string) => void;

/** The host's settings for one fixture. */
export interface HostSettings {
  task?: string;
  roundTimeoutMs: number;
  debugging?: boolean;
  contractChecks?: boolean;
}

/** Where bundles go: the extension's storage, never the user's folders (set by the host). */
export function cacheDir(): { cacheDir?: string } {
  const dir = process.env.PLUGBENCH_CACHE_DIR;
  return dir ? { cacheDir: dir } : {};
}

/** Loads `file` and applies the host's settings to it. */
export async function loadWithHostSettings(file: string, o: HostSettings): Promise<LoadedFixture> {
  const loaded = await loadFixture(file);
  const f = loaded.fixture;
  const executor = { ...f.executor };
  if (o.debugging || executor.roundTimeoutMs === undefined) executor.roundTimeoutMs = o.roundTimeoutMs;
  f.executor = executor;
  if (o.task !== undefined) {
    const only = f.tasks.filter((t) => t.id === o.task);
    if (only.length === 0) {
      const r = loaded.locate(['tasks']) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      throw new FixtureError(loaded.file, [
        {
          file: loaded.file,
          path: '$.tasks',
          ...r,
          code: 'custom',
          message: `no task "${o.task}" in this fixture; tasks: ${f.tasks.map((t) => t.id).join(', ')}`,
        },
      ]);
    }
    f.tasks = only;
  }
  if (o.contractChecks === false) f.checks = Object.fromEntries(CHECK_IDS.map((id) => [id, false]));
  return loaded;
}
