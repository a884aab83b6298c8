/**
 * Which fixtures a change of files affects, for Test Explorer's continuous run. A fixture is affected by a change of
 * its own file, and of its plugin sources: the files its modules' bundles were built from (esbuild's metafile, which
 * the runner reports with each test result: the modules and every file they import, packages left out), or, until
 * the fixture has run once (or when its plugin did not build), any script file in the folder of one of its modules,
 * and below it. A change of another fixture file affects that fixture only.
 *
 * @module
 */
import * as path from 'node:path';

/** What a fixture depends on. */
export interface FixtureSources {
  /** The fixture file (absolute). */
  file: string;
  /** The modules it names (absolute). */
  modules: readonly string[];
  /** The files its modules were bundled from, when the runner has said so. */
  sources?: readonly string[];
}

/** File names of fixtures. */
const FIXTURE = /\.fixture\.(json|ya?ml)$/i;

/** Files a module folder's change counts for, when the bundle's sources are not known yet. */
const SCRIPT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/i;

/** Whether `file` is `dir` or inside it. */
function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether a change of `changed` (absolute) affects the fixture. */
export function affects(changed: string, f: FixtureSources): boolean {
  if (changed === f.file) return true;
  if (FIXTURE.test(changed)) return false;
  if (f.modules.includes(changed)) return true;
  if (f.sources !== undefined && f.sources.length > 0) return f.sources.includes(changed);
  return SCRIPT.test(changed) && f.modules.some((m) => within(path.dirname(m), changed));
}

/** The fixtures (their files, in the order given) that any of the changed files affects. */
export function affectedFixtures(changed: readonly string[], fixtures: readonly FixtureSources[]): string[] {
  return fixtures.filter((f) => changed.some((c) => affects(c, f))).map((f) => f.file);
}
