// Runs webview-paint.mjs (which drives the system Chromium) in its own process and returns its JSON, for run.mjs.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function webviewPaint({ sizes = [1_000, 100_000], steps = 30 } = {}) {
  const out = execFileSync(
    process.execPath,
    [join(here, 'webview-paint.mjs'), '--rounds', sizes.join(','), '--steps', String(steps)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return { results: JSON.parse(out) };
}

/** Runs html-report.mjs (the HTML report of a real run, opened in Chromium) in its own process. */
export async function htmlReport({ sizes = [1_000, 100_000] } = {}) {
  const out = execFileSync(
    process.execPath,
    ['--conditions=@plugbench/source', join(here, 'html-report.mjs'), '--rounds', sizes.join(',')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return { results: JSON.parse(out), targets: { htmlBytes100k: 15_000_000, paintMs100k: 2000, paintMs1k: 300 } };
}
