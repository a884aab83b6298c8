/**
 * Problems a run found in a plugin (it did not bundle or load) or in its fixture, shown where they are. Plugin
 * problems are remembered per fixture, so that the next run of that fixture that gets going clears them.
 *
 * @module
 */
import { RunnerErrorKind, type RunnerRequestError } from '@plugbench/harness/runner';
import type { Diagnostics } from '../views/diagnostics';
import type { FixtureIndex } from '../views/fixture-index';
import type { VSCode } from '../vscode-types';
import { firstLine } from '../core/first-line';
import { Uses } from '../core/uses';

/** The plugin problems of runs, as diagnostics. */
export class PluginProblems extends Uses<{ vscode: VSCode; index: FixtureIndex; diagnostics: Diagnostics }> {
  /** The plugin files each fixture's last failed run put problems on. */
  #filesOf = new Map<string, string[]>();

  /** Shows the problems of a run of `fixture` that failed with `error` (other failures have no place to show). */
  report(fixture: string, error: RunnerRequestError['error']): void {
    if (!('kind' in error) || (error.kind !== RunnerErrorKind.PluginLoad && error.kind !== RunnerErrorKind.Fixture))
      return;
    const e = error as {
      kind: string;
      message: string;
      file?: string;
      line?: number;
      column?: number;
      problems?: {
        file: string;
        line: number;
        column: number;
        endLine?: number;
        endColumn?: number;
        message: string;
        path: string;
      }[];
    };
    if (error.kind === RunnerErrorKind.Fixture) {
      // The index validates the fixture again and places its problems.
      void this.uses.index.update(this.uses.vscode.Uri.file(fixture));
      return;
    }
    const byFile = new Map<string, typeof e.problems>();
    for (const p of e.problems ?? []) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    if (byFile.size === 0 && e.file)
      byFile.set(e.file, [
        { file: e.file, line: e.line ?? 1, column: e.column ?? 1, message: firstLine(e.message), path: '' },
      ]);
    for (const [file, problems] of byFile)
      this.uses.diagnostics.setPluginProblems(file, problems ?? [], firstLine(e.message));
    this.#filesOf.set(fixture, [...byFile.keys()]);
  }

  /** Clears the plugin problems an earlier run of `fixture` reported: it runs now. */
  clear(fixture: string): void {
    for (const f of this.#filesOf.get(fixture) ?? []) this.uses.diagnostics.clearPlugin(f);
    this.#filesOf.delete(fixture);
  }
}
