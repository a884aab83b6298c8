/**
 * `plugbench test --watch`: runs the fixtures, then reruns the affected ones whenever a file changes under the
 * folders given (or the current one) until interrupted: a fixture that changed reruns alone; a changed plugin or
 * world-script source reruns the fixtures that name it (by file name), or all of them when none does.
 *
 * @module
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { FIXTURE_FILE } from '../fixture/load';
import { findFixtures } from './find-fixtures';

/** What `--watch` needs of the command. */
interface WatchIo {
  cwd: string;
  stderr: { write(s: string): unknown };
}

/** How long changes are gathered before a rerun: an editor's save is several events. */
const SETTLE_MS = 200;

/** The folders to watch: each positional's folder (the part before any glob), else the current one. */
function watchedDirs(positionals: readonly string[], cwd: string): string[] {
  const dirs = (positionals.length > 0 ? positionals : ['.']).map((p) => {
    const fixed = path.resolve(cwd, p.split(/[*?{[]/)[0]!);
    return existsSync(fixed) && statSync(fixed).isDirectory() ? fixed : path.dirname(fixed);
  });
  return [...new Set(dirs)];
}

/** The fixtures a change affects: itself if it is one, else those that name the changed source, else all. */
export function affectedFixtures(changed: readonly string[], fixtures: readonly string[]): string[] {
  const out = new Set<string>();
  for (const file of changed) {
    if (FIXTURE_FILE.test(file)) {
      if (fixtures.includes(file)) out.add(file);
      continue;
    }
    const stem = path.basename(file).replace(/\.[^.]+$/, '');
    const naming = fixtures.filter((f) => {
      try {
        return readFileSync(f, 'utf8').includes(stem);
      } catch {
        return false;
      }
    });
    for (const f of naming.length > 0 ? naming : fixtures) out.add(f);
  }
  return fixtures.filter((f) => out.has(f));
}

/** Runs `runOnce` now and on every change, until SIGINT or SIGTERM; resolves with the last run's exit code. */
export async function watchFixtures(
  positionals: readonly string[],
  io: WatchIo,
  runOnce: (changed?: string[]) => Promise<number>,
): Promise<number> {
  let code = await runOnce();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const rerun = () => {
    const changed = [...pending];
    pending.clear();
    running = running.then(async () => {
      const fixtures = findFixtures(positionals, io.cwd).files;
      const affected = affectedFixtures(changed, fixtures);
      if (affected.length === 0) return;
      io.stderr.write(
        `\nplugbench: ${changed.map((c) => path.relative(io.cwd, c)).join(', ')} changed; rerunning ${affected.length} fixture(s)\n`,
      );
      code = await runOnce(affected);
    });
  };
  const watchers: FSWatcher[] = watchedDirs(positionals, io.cwd).map((dir) =>
    watch(dir, { recursive: true }, (_event, name) => {
      if (name === null || /(^|[\\/])(node_modules|\.[^\\/]+)([\\/]|$)/.test(name)) return;
      pending.add(path.join(dir, name));
      clearTimeout(timer);
      timer = setTimeout(rerun, SETTLE_MS);
    }),
  );
  io.stderr.write('plugbench: watching for changes; Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const w of watchers) w.close();
  clearTimeout(timer);
  await running;
  return code;
}
