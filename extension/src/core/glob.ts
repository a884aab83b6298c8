/**
 * A small glob matcher with VS Code's glob syntax (`**`, `*`, `?`, `{a,b}`, `[abc]`), for deciding whether a saved
 * or changed file is a fixture or a plugin without asking the file system. Paths use `/`, relative to a workspace
 * folder.
 *
 * @module
 */

/** Compiles a glob to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches anything.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) {
      re += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        re += '\\[';
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else {
      re += c.replace(/[.+^$()|\\/]/g, '\\$&');
    }
    i++;
  }
  return new RegExp(`^${re}$`);
}

/** Matches `relativePath` against globs, honouring `exclude`. */
export class GlobSet {
  readonly #include: RegExp[];
  readonly #exclude: RegExp[];
  constructor(include: readonly string[], exclude: readonly string[] = []) {
    this.#include = include.map(globToRegExp);
    this.#exclude = exclude.map(globToRegExp);
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
