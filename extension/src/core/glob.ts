/**
 * A small glob matcher with VS Code's glob syntax (`**`, `*`, `?`, `{a,b}`, `[abc]`), for deciding whether a saved
 * or changed file is a fixture or a plugin without asking the file system. Paths use `/`, relative to a workspace
 * folder.
 *
 * @module
 */
import { compileGlobs } from '@plugbench/harness/glob';

/** Matches `relativePath` against globs, honouring `exclude`. A glob that does not compile is left out, in `problems`. */
export class GlobSet {
  readonly #include: RegExp[];
  readonly #exclude: RegExp[];
  /** Why each glob that was left out does not compile, for a warning. */
  readonly problems: string[];
  constructor(include: readonly string[], exclude: readonly string[] = []) {
    const inc = compileGlobs(include);
    const exc = compileGlobs(exclude);
    this.#include = inc.regExps;
    this.#exclude = exc.regExps;
    this.problems = [...inc.problems, ...exc.problems].map((e) => e.message);
  }

  matches(relativePath: string): boolean {
    const p = relativePath.replace(/\\/g, '/');
    return this.#include.some((r) => r.test(p)) && !this.#exclude.some((r) => r.test(p));
  }
}

/** `{a,b}` for VS Code's findFiles, which takes one pattern. */
export function joinGlobs(globs: readonly string[]): string {
  if (globs.length === 1) return globs[0]!;
  return `{${globs.join(',')}}`;
}
