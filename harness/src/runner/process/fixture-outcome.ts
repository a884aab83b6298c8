/**
 * A fixture run as `plugbench test` runs it, in the runner process: its whole outcome, or the error that kept it
 * from running, as JSON the host rebuilds (`OutcomeResult`). Runs in the runner process only: it bundles and
 * evaluates workspace code.
 *
 * @module
 */
import { PluginLoadError } from '@plugbench/sdk';
import { ERROR_CATEGORIES, errorCategory } from '../../error-category';
import { FixtureError } from '../../fixture/errors';
import { loadFixture, type LoadedFixture } from '../../fixture/load';
import { fixtureSecrets } from '../../fixture/secrets';
import { openFixture } from '../../run-fixture';
import type { OutcomeError, OutcomeRequest, OutcomeResult } from '../protocol/runner-messages';
import { cacheDir } from './host-settings';

/** The executor's round timeout when a fixture sets none (sdk/src/executor/options.ts). */
const DEFAULT_ROUND_TIMEOUT_MS = 5_000;

/** What the runner adds to the outcome after the run: strays and lingering handles. */
export type FixtureOutcome = Omit<OutcomeResult, 'strays' | 'lingering'>;

/** Runs a fixture to its outcome; never throws. `loaded` is called once its plugins are loaded and its tasks started. */
export async function runFixtureOutcome(
  req: OutcomeRequest,
  hooks: {
    loaded(roundTimeoutMs: number): void;
    progress(): void;
    /** The fixture's secrets, as soon as it is loaded: what else the runner reports of this fixture hides them. */
    secrets(secrets: string[]): void;
  },
): Promise<FixtureOutcome> {
  const started = performance.now();
  try {
    const loaded = await loadFixture(req.fixture);
    const grep = req.grep !== undefined ? grepFixture(loaded, new RegExp(req.grep, 'i')) : 'whole';
    if (grep === 'none')
      return {
        file: loaded.file,
        name: loaded.name,
        status: 'passed',
        durationMs: performance.now() - started,
        skipped: true,
      };
    const golden = req.golden !== false && grep === 'whole';
    hooks.secrets(fixtureSecrets(loaded.fixture));
    const session = await openFixture(loaded, {
      ...cacheDir(),
      onRecord: hooks.progress,
      golden,
      updateGolden: golden && req.updateGolden === true,
      ...(req.allowOutsideProject ? { allowOutsideProject: true } : {}),
    });
    hooks.loaded(loaded.fixture.executor?.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS);
    const result = await session.finish();
    result.durationMs = performance.now() - started;
    if (req.timeline !== true) result.timeline = [];
    // A FixtureResult is the protocol's loose result: JSON, the fields the host acts on checked there.
    const wire = result as unknown as NonNullable<OutcomeResult['result']>;
    return {
      file: result.file,
      name: result.name,
      status: result.passed ? 'passed' : 'failed',
      result: wire,
      durationMs: result.durationMs,
    };
  } catch (e) {
    return {
      file: req.fixture,
      name: req.fixture.replace(/^.*[\\/]/, ''),
      status: ERROR_CATEGORIES[errorCategory(e)].status,
      error: outcomeError(e),
      durationMs: performance.now() - started,
    };
  }
}

/** Keeps what `grep` selects of a fixture: all of it (its name or file matches), some tasks (their ids match), or none. */
function grepFixture(loaded: LoadedFixture, re: RegExp): 'whole' | 'tasks' | 'none' {
  if (re.test(loaded.name) || re.test(loaded.file)) return 'whole';
  const tasks = loaded.fixture.tasks.filter((t) => re.test(t.id));
  if (tasks.length === 0) return 'none';
  loaded.fixture.tasks = tasks;
  return 'tasks';
}

/** An error as the host rebuilds it: its category, class name, message, and what a fixture or plugin error carries. */
function outcomeError(e: unknown): OutcomeError {
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    kind: errorCategory(e),
    name: err.name,
    message: err.message,
    ...(err.stack !== undefined ? { stack: err.stack } : {}),
    ...(e instanceof FixtureError ? { issues: e.issues.map((i) => ({ ...i })) } : {}),
    ...(e instanceof PluginLoadError ? { pluginId: e.pluginId } : {}),
  };
}
