/**
 * Finding fixture files from the command line's paths and globs: a file is taken as it is, a directory is searched
 * for `*.fixture.json` / `*.fixture.yaml` files (skipping `node_modules` and dot-directories), and a glob (`*`, `**`,
 * `?`, `{a,b}`) is matched against the files under its fixed prefix. Node 20 has no `fs.glob`; this is the small
 * part of one that fixtures need.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_FILE } from '../fixture/load';
import { GlobError, globToRegExp } from '../glob';

const MAGIC = /[*?{[]/;

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** The glob of an argument, made absolute; a {@link GlobError} names the argument as given. */
function compileArg(arg: string, absolute: string): RegExp {
  try {
    return globToRegExp(absolute);
  } catch (e) {
    throw e instanceof GlobError ? new GlobError(arg, e.reason) : e;
  }
}

/** What was found, and the arguments that matched nothing. */
export interface FoundFixtures {
  files: string[];
  unmatched: string[];
}

/**
 * The fixture files named by `args` (default: the current directory), absolute, sorted per argument, without
 * duplicates.
 * @throws {@link GlobError} for a glob that does not compile (a usage error).
 */
export function findFixtures(args: readonly string[], cwd = process.cwd()): FoundFixtures {
  const files: string[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const arg of args.length > 0 ? args : ['.']) {
    const before = files.length;
    if (!MAGIC.test(arg)) {
      const abs = path.resolve(cwd, arg);
      if (existsSync(abs) && statSync(abs).isDirectory()) {
        const all: string[] = [];
        walk(abs, all);
        all.filter((f) => FIXTURE_FILE.test(f)).forEach(add);
      } else if (existsSync(abs)) add(abs);
    } else {
      const norm = arg.split(path.sep).join('/');
      const parts = norm.split('/');
      const fixed: string[] = [];
      for (const p of parts) {
        if (MAGIC.test(p)) break;
        fixed.push(p);
      }
      const baseRel = fixed.join('/') || '.';
      const base = path.resolve(cwd, baseRel);
      const re = compileArg(arg, path.resolve(cwd, norm).split(path.sep).join('/'));
      const all: string[] = [];
      walk(base, all);
      // A glob that names directories (`examples/*`) takes the fixtures inside them.
      for (const f of all) {
        if (!FIXTURE_FILE.test(f)) continue;
        for (let dir = f; dir.length >= base.length; dir = path.dirname(dir)) {
          if (re.test(dir.split(path.sep).join('/'))) {
            add(f);
            break;
          }
          if (path.dirname(dir) === dir) break;
        }
      }
    }
    if (files.length === before) unmatched.push(arg);
  }
  return { files, unmatched };
}
