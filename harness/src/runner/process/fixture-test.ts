/**
 * A fixture run as a test in the runner, its results shaped for Test Explorer: the harness's expectation cases
 * ({@link expectationCases}) placed in the fixture file. Runs in the runner process only.
 *
 * @module
 */
import { TimelineModel, renderTimelineText } from '@plugbench/sdk/timeline';
import path from 'node:path';
import type { LoadedFixture } from '../../fixture/load';
import { bundledSources } from '../../plugin/load';
import { runFixture } from '../../run-fixture';
import { expectationCases, locateNearest, type ExpectationCase } from '../../test-cases';
import type { ExpectationResult, TestResult } from '../protocol/runner-messages';
import { cacheDir, loadWithHostSettings, type RunnerLog } from './host-settings';

/** A case with its place in the fixture file (the nearest part of its path that is written there). */
function placed(loaded: LoadedFixture, c: ExpectationCase): ExpectationResult {
  const { path: at, ...rest } = c;
  const r = locateNearest(loaded, at);
  return { ...rest, ...(r ? { location: { file: loaded.file, line: r.line, column: r.column } } : {}) };
}

/** Runs a fixture as a test and shapes the result for Test Explorer. */
export async function runFixtureTest(o: {
  fixture: string;
  contractChecks: boolean;
  roundTimeoutMs: number;
  debugging?: boolean;
  log: RunnerLog;
  /** Called as records are made: the host's watchdog hears from a long test. */
  progress?: () => void;
}): Promise<TestResult> {
  const started = performance.now();
  const loaded = await loadWithHostSettings(o.fixture, o);
  const f = loaded.fixture;
  const result = await runFixture(loaded, { ...cacheDir(), ...(o.progress ? { onRecord: o.progress } : {}) });
  const cases = expectationCases(f, result);
  const text = renderTimelineText(TimelineModel.from(result.timeline));
  return {
    fixture: loaded.file,
    passed: result.passed,
    ...(f.expectFailure !== undefined ? { expectedFailure: true } : {}),
    tasks: cases.tasks.map((t) => ({ ...t, expectations: t.expectations.map((c) => placed(loaded, c)) })),
    checks: cases.checks.map((c) => placed(loaded, c)),
    durationMs: performance.now() - started,
    timelineText: result.problems.length ? `${result.problems.join('\n')}\n\n${text}` : text,
    sources: moduleSources(loaded),
  };
}

/** Every file the fixture's modules (plugins, world script) were bundled from in this run. */
function moduleSources(loaded: LoadedFixture): string[] {
  const f = loaded.fixture;
  const modules = [f.plugin, ...(f.plugins ?? []), f.world?.script].flatMap((m) => (m ? [m.module] : []));
  const files = modules.flatMap((m) => bundledSources(path.resolve(loaded.dir, m)) ?? []);
  return [...new Set(files)];
}
