/**
 * The browser bundle of the timeline view (`view/src/report-main.ts` of `@plugbench/view`) as a string, for
 * inlining into the HTML report. A built `harness/dist/view.js` (the harness package ships it) is used when it is
 * there and not older than the view's sources; in a source checkout without a build, the bundle is made on the fly
 * with esbuild's JS API (a harness dependency).
 *
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

/** Where the view bundle came from. */
export interface ViewBundle {
  code: string;
  source: 'dist' | 'esbuild';
  /** The file read, or the entry bundled. */
  path: string;
}

/**
 * The esbuild options of a browser bundle made in memory from the sources: one minified IIFE, returned rather than
 * written. The test pages bundle with them too, so they run the view as the report does.
 */
export const BROWSER_BUNDLE = {
  bundle: true,
  write: false,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'silent',
  // The SDK's timeline model from its source, as scripts/build.mjs bundles it.
  conditions: ['@plugbench/source'],
} satisfies BuildOptions;

let cached: { key: string; bundle: ViewBundle } | undefined;

/** The harness package directory: the nearest ancestor whose package.json is `@plugbench/harness`. */
export function harnessDir(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@plugbench/harness') return dir;
      } catch {
        // not a package.json we can read: keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`@plugbench/harness: cannot find the package directory above ${from}`);
    dir = up;
  }
}

function newestMtime(files: string[]): number {
  let t = 0;
  for (const f of files) t = Math.max(t, statSync(f).mtimeMs);
  return t;
}

/** The view package's sources next to the harness: there in the repository, not in an installed harness. */
function viewSourceDir(harness: string): string {
  return path.join(harness, '..', 'view', 'src');
}

function sourcesOf(harness: string): string[] {
  const view = viewSourceDir(harness);
  const timeline = path.join(harness, '..', 'sdk', 'src', 'timeline');
  const files = readdirSync(view)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(view, f));
  if (existsSync(timeline))
    files.push(
      ...readdirSync(timeline)
        .filter((f) => f.startsWith('model') && f.endsWith('.ts'))
        .map((f) => path.join(timeline, f)),
    );
  return files;
}

/**
 * The view bundle: an IIFE that reads `#plugbench-timeline` and mounts the view on `#app`.
 * @param options.fromSource bundle from the sources even when a build is there.
 */
export async function viewBundle(options: { fromSource?: boolean } = {}): Promise<ViewBundle> {
  const harness = harnessDir();
  const dist = path.join(harness, 'dist', 'view.js');
  const entry = path.join(viewSourceDir(harness), 'report-main.ts');
  const haveSource = existsSync(entry);
  const haveDist = existsSync(dist);
  if (!haveSource && !haveDist)
    throw new Error(`the timeline view is not built: ${dist} is missing (run npm run build)`);

  let useDist = haveDist && !options.fromSource;
  if (useDist && haveSource && statSync(dist).mtimeMs < newestMtime(sourcesOf(harness))) useDist = false;
  const key = useDist ? `dist:${statSync(dist).mtimeMs}` : `src:${newestMtime(sourcesOf(harness))}`;
  if (cached?.key === key) return cached.bundle;

  let bundle: ViewBundle;
  if (useDist) {
    bundle = { code: readFileSync(dist, 'utf8'), source: 'dist', path: dist };
  } else {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      absWorkingDir: path.dirname(harness),
      entryPoints: [entry],
      ...BROWSER_BUNDLE,
    });
    bundle = { code: out.outputFiles[0]!.text, source: 'esbuild', path: entry };
  }
  cached = { key, bundle };
  return bundle;
}
