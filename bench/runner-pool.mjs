// Benchmark 6: fixtures in runner processes. The wall time of `plugbench test examples` (the built command, a fresh
// process, as CI runs it) with --jobs 1 and --jobs 2; and the cost per fixture, over the example fixtures, of
// `plugbench test <the fixtures> --jobs 1` (the built command: it forks one runner, before it loads its commands, and
// tests every fixture in it; the runner's start-up and the command's included) against running them in the process
// itself (`testFixture` one after the other, what the command did before runner processes), each way in a fresh
// process after one untimed run that fills the bundle cache. Goal: at most 1.5x.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleFixtures } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function timeCommand(args) {
  const t0 = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [join(root, 'harness/bin/plugbench.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`plugbench ${args.join(' ')} exited ${e.status}: ${e.stderr}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of a fresh Node process running `script` (CommonJS), as a command would. */
function timeScript(script) {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function runnerPool({ repeats = 3 } = {}) {
  const files = exampleFixtures();
  // Both ways in a fresh process each: the fixtures one after the other in that process, or the command.
  const list = JSON.stringify(files);
  const inProcess = `const h = require(${JSON.stringify(join(root, 'harness/dist/index.js'))}); (async () => { for (const f of ${list}) await h.testFixture(f); })();`;
  // The command itself, not the pool's API: what it loads before and while its runner starts is part of the cost.
  const inRunner = ['test', ...files, '--jobs', '1', '--reporter', 'json'];
  // One untimed run of each fills the bundle cache both share.
  timeScript(inProcess);
  timeCommand(inRunner);
  const inProcessSeconds = [];
  const inRunnerSeconds = [];
  for (let i = 0; i < repeats; i++) {
    inProcessSeconds.push(timeScript(inProcess));
    inRunnerSeconds.push(timeCommand(inRunner));
  }
  timeCommand(['test', 'examples', '--jobs', '1']);
  const jobs1 = median(
    Array.from({ length: repeats }, () => timeCommand(['test', 'examples', '--jobs', '1', '--reporter', 'json'])),
  );
  const jobs2 = median(
    Array.from({ length: repeats }, () => timeCommand(['test', 'examples', '--jobs', '2', '--reporter', 'json'])),
  );
  const msInProcess = (median(inProcessSeconds) * 1000) / files.length;
  const msInRunner = (median(inRunnerSeconds) * 1000) / files.length;
  return {
    fixtures: files.length,
    jobs1Seconds: jobs1,
    jobs2Seconds: jobs2,
    msPerFixtureInProcess: msInProcess,
    msPerFixtureInRunner: msInRunner,
    overheadRatio: msInRunner / msInProcess,
    target: 1.5,
  };
}
