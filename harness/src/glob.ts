/**
 * Globs with VS Code's syntax (`**`, `*`, `?`, `{a,b}`, `[abc]`) as regular expressions over `/`-separated paths:
 * the command line finds fixtures with it, and the extension decides with it whether a changed file is a fixture or
 * a plugin. Pure: no file system.
 *
 * @module
 */

/** A glob that cannot be compiled (an unclosed brace, a character class with a reversed range): a usage error. */
export class GlobError extends Error {
  constructor(
    readonly glob: string,
    readonly reason: string,
  ) {
    super(`invalid glob ${JSON.stringify(glob)}: ${reason}`);
  }
}

/**
 * Compiles a glob to an anchored regular expression.
 * @throws {@link GlobError} for a glob that does not compile.
 */
export function globToRegExp(glob: string): RegExp {
  const source = globSource(glob);
  try {
    return new RegExp(`^${source}$`);
  } catch (e) {
    throw new GlobError(
      glob,
      e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/: /, '') : String(e),
    );
  }
}

/** The globs that compile, and a {@link GlobError} for each one that does not: for settings, which warn instead of failing. */
export function compileGlobs(globs: readonly string[]): { regExps: RegExp[]; problems: GlobError[] } {
  const regExps: RegExp[] = [];
  const problems: GlobError[] = [];
  for (const g of globs) {
    try {
      regExps.push(globToRegExp(g));
    } catch (e) {
      if (!(e instanceof GlobError)) throw e;
      problems.push(e);
    }
  }
  return { regExps, problems };
}

function globSource(glob: string): string {
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
  if (braces > 0) throw new GlobError(glob, `${braces} "{" without a closing "}"`);
  return re;
}
