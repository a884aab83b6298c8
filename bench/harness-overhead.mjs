// Benchmark 10: what the harness adds to a fixture over the executor's own time. For each example fixture, in this
// process, interleaved: `runFixture` (the whole of what `plugbench test` does for it in a runner: load and validate
// the fixture, bundle (cached) and evaluate the plugin, set the testbed up, run, check expectations, contract checks
// and the golden timeline) against the executor's own part, the rounds run to the end in a session opened beforehand
// (`openFixture`, then `runUntil`; the idempotency checks run inside rounds, so they are on both sides). The
// overhead is the difference, per fixture, the median over repetitions; goal: at most 3 ms. Each side is timed in
// wall time and in this process's CPU time: on a shared machine the wall time also counts what other processes ran
// meanwhile, the CPU time only what this one did (the fixtures wait for no I/O but reading files).
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleFixtures, median } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Wall and CPU ms of `fn()`. */
async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000 };
}

const whole = (h, file) => timed(() => h.runFixture(file));

async function executorOnly(h, file) {
  const session = await h.openFixture(file, { golden: false });
  return timed(() => session.runUntil({}));
}

export async function harnessOverhead({ reps = 5 } = {}) {
  const h = require(join(root, 'harness/dist/index.js'));
  const files = exampleFixtures();
  // One untimed pass: bundles cached, code compiled.
  for (const f of files) await whole(h, f);
  const fixtures = [];
  for (const f of files) {
    const wholeMs = [];
    const ownMs = [];
    for (let i = 0; i < reps; i++) {
      if (i % 2 === 0) {
        wholeMs.push(await whole(h, f));
        ownMs.push(await executorOnly(h, f));
      } else {
        ownMs.push(await executorOnly(h, f));
        wholeMs.push(await whole(h, f));
      }
    }
    fixtures.push({
      fixture: relative(join(root, 'examples'), f),
      wholeMs: median(wholeMs.map((x) => x.wall)),
      executorMs: median(ownMs.map((x) => x.wall)),
      overheadMs: median(wholeMs.map((w, i) => w.wall - ownMs[i].wall)),
      overheadCpuMs: median(wholeMs.map((w, i) => w.cpu - ownMs[i].cpu)),
    });
  }
  const overheads = fixtures.map((x) => x.overheadMs);
  const cpu = fixtures.map((x) => x.overheadCpuMs);
  return {
    fixtures,
    overheadMsMedian: median(overheads),
    overheadMsMax: Math.max(...overheads),
    overheadCpuMsMedian: median(cpu),
    overheadCpuMsMax: Math.max(...cpu),
    target: { overheadMs: 3 },
  };
}
