// Benchmark 6: fixtures in runner processes. The wall time of `plugbench test examples` (the built command, a fresh
// process, as CI runs it) with --jobs 1 and --jobs 2; and the cost per fixture of running each in a runner process
// (one runner reused, as `--jobs 1` does) against running them in the measuring process itself, both over the
// example fixtures after one untimed warm-up that fills the bundle cache. Goal: at most 1.5x.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function timeCommand(args) {
  const t0 = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [join(root, 'harness/bin/plugbench.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`plugbench ${args.join(' ')} exited ${e.status}: ${e.stderr}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seconds(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function runnerPool({ repeats = 3 } = {}) {
  const harness = require(join(root, 'harness/dist/index.js'));
  const { testFixturesInRunners } = require(join(root, 'harness/dist/runner-client.js'));
  const examples = join(root, 'examples');
  const files = readdirSync(examples, { recursive: true }).filter((f) => /\.fixture\.(json|ya?ml)$/.test(f)).map((f) => join(examples, f)).sort();
  const inProcess = async () => {
    for (const f of files) await harness.testFixture(f);
  };
  const inRunner = () => testFixturesInRunners(files, { jobs: 1, cwd: root });
  await inProcess();
  await inRunner();
  const inProcessSeconds = [];
  const inRunnerSeconds = [];
  for (let i = 0; i < repeats; i++) {
    inProcessSeconds.push(await seconds(inProcess));
    inRunnerSeconds.push(await seconds(inRunner));
  }
  timeCommand(['test', 'examples', '--jobs', '1']);
  const jobs1 = median(Array.from({ length: repeats }, () => timeCommand(['test', 'examples', '--jobs', '1', '--reporter', 'json'])));
  const jobs2 = median(Array.from({ length: repeats }, () => timeCommand(['test', 'examples', '--jobs', '2', '--reporter', 'json'])));
  const msInProcess = (median(inProcessSeconds) * 1000) / files.length;
  const msInRunner = (median(inRunnerSeconds) * 1000) / files.length;
  return { fixtures: files.length, jobs1Seconds: jobs1, jobs2Seconds: jobs2, msPerFixtureInProcess: msInProcess, msPerFixtureInRunner: msInRunner, overheadRatio: msInRunner / msInProcess, target: 1.5 };
}
