// `npm run bench`: runs every benchmark, writes bench/results.json and the table in bench/README.md (between the
// RESULTS markers), with the machine, the Node version and the date. Benchmarks measure; nothing here asserts a time.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executorOverhead } from './executor-overhead.mjs';
import { harnessChecks } from './harness-checks.mjs';
import { harnessOverhead } from './harness-overhead.mjs';
import { resourceManager } from './resource-manager.mjs';
import { runnerPool } from './runner-pool.mjs';
import { runnerScale } from './runner-scale.mjs';
import { scale } from './scale.mjs';
import { serveBench } from './serve.mjs';
import { renderTable } from './table.mjs';
import { htmlReport, webviewPaint } from './webview-paint-run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
// `--only a,b`: runs those benchmarks and keeps the others' last results (each keeps its own `date`).
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]?.split(',')) : undefined;

const benchmarks = [
  ['executorOverhead', () => executorOverhead(quick ? { rounds: 2_000, reps: 5 } : {})],
  ['scale', () => scale(quick ? { sizes: [1_000, 5_000], memorySize: 2_000 } : {})],
  ['resourceManager', () => resourceManager(quick ? { pairs: 20_000, poolSizes: [10, 1_000] } : {})],
  ['harnessChecks', () => harnessChecks(quick ? { fixtures: 100 } : {})],
  ['webviewPaint', () => webviewPaint(quick ? { sizes: [1_000, 10_000] } : {})],
  ['runnerPool', () => runnerPool(quick ? { repeats: 1 } : {})],
  ['htmlReport', () => htmlReport(quick ? { sizes: [1_000, 10_000] } : {})],
  ['serve', () => serveBench(quick ? { executions: 200 } : {})],
  ['runnerScale', () => runnerScale(quick ? { tasks: 100, reps: 1, steps: 100 } : {})],
  ['harnessOverhead', () => harnessOverhead(quick ? { reps: 3 } : {})],
];

const started = Date.now();
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  },
  node: process.version,
  quick,
  benchmarks: {},
};
if (only !== undefined) {
  const known = new Set(benchmarks.map(([name]) => name));
  for (const name of only) if (!known.has(name)) throw new Error(`--only: no benchmark named ${name}`);
  const last = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
  for (const [name, r] of Object.entries(last.benchmarks))
    if (!only.has(name)) results.benchmarks[name] = { date: last.date, ...r };
}
for (const [name, run] of benchmarks) {
  if (only !== undefined && !only.has(name)) continue;
  const t0 = Date.now();
  process.stdout.write(`bench: ${name} ... `);
  try {
    results.benchmarks[name] = { ...(await run()), date: results.date, seconds: (Date.now() - t0) / 1000 };
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    results.benchmarks[name] = { error: e.stack ?? String(e) };
    console.log(`FAILED: ${e.message}`);
    process.exitCode = 1;
  }
}
results.totalSeconds = (Date.now() - started) / 1000;
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const readme = join(here, 'README.md');
const text = readFileSync(readme, 'utf8');
const begin = '<!-- RESULTS:BEGIN -->';
const end = '<!-- RESULTS:END -->';
const i = text.indexOf(begin);
const j = text.indexOf(end);
if (i < 0 || j < 0) throw new Error(`${readme} lacks the ${begin} / ${end} markers`);
writeFileSync(readme, `${text.slice(0, i + begin.length)}\n${renderTable(results)}\n${text.slice(j)}`);
console.log(`bench: wrote bench/results.json and bench/README.md in ${results.totalSeconds.toFixed(0)} s`);
