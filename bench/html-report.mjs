/* global document -- the waitForFunction callback runs in the page */
// The HTML report at size: a run of the executor (timeline recorded) of about N rounds over N/100 tasks, written
// by renderHtmlReport as `plugbench run --html` writes it, then opened in the system Chromium. Prints JSON
//   [{ "rounds": ..., "records": ..., "htmlBytes": ..., "renderMs": ..., "paintMs": ... }, ...]
// paintMs: from navigation start to the first frame presented after the view mounted (the report's own decoding,
// the model, the drawing), as the report's own `plugbench:painted` mark times it. marks: the report's own, from
// navigation start: decoded (HTML parsed, script run, base64 decoded), parsed (gunzipped, the columns' line parsed:
// a large report's records stay unparsed until shown), mounted (the model built, the view mounted), painted.
// renderMs: the time renderHtmlReport took in Node.
//
//   node bench/html-report.mjs [--rounds 1000,100000]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/cjs/api';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1000,100000' } } });
const sizes = values.rounds.split(',').map(Number);

register();
const require = createRequire(import.meta.url);
const s = require('@plugbench/sdk');
const { renderHtmlReport } = require('../harness/src/report/html.ts');
const { launchChromium, haveChromium, CHROMIUM_PATH, collectProblems } = require('../test/view/chromium.ts');
if (!haveChromium()) {
  console.error(`html-report: ${CHROMIUM_PATH} is missing`);
  process.exit(1);
}

/** A plugin that runs `rounds` rounds: allocates a token, counts in its state, logs now and then, succeeds. */
function plugin(rounds) {
  const p = {
    getID: () => 'bench',
    getProperties: () => ({}),
    async handle(ctx) {
      const token = ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      const status = await ctx.resourceManager().allocateResource('pool', token, {});
      if (status !== s.AllocationStatus.Granted)
        return s.doTransition(s.phaseInfoWaitingForResources(s.now(), 0, 'waiting for a token'));
      const { value } = ctx.pluginStateReader().get();
      const n = (value?.n ?? 0) + 1;
      if (n % 10 === 0) console.log(`round ${n} of ${token}`);
      if (n >= rounds) return s.doTransition(s.phaseInfoSuccess());
      ctx.pluginStateWriter().put(1, { n, job: `${token}-job` });
      return s.doTransition(s.phaseInfoRunning(Math.floor(n / 5), { reason: `step ${n}` }));
    },
    abort() {},
    async finalize(ctx) {
      await ctx
        .resourceManager()
        .releaseResource('pool', ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName());
    },
  };
  return {
    id: 'bench',
    registeredTaskTypes: ['bench'],
    async loadPlugin(iCtx) {
      await iCtx.resourceRegistrar().registerResourceQuota('pool', 50);
      return p;
    },
  };
}

/** A timeline of exactly `rounds` rounds (tasks still running at the end are part of the picture). */
async function timeline(rounds) {
  const tasks = Math.max(1, Math.round(rounds / 100));
  const ex = await s.Executor.create({ plugins: [plugin(80)], resourceManager: { type: 'redis' } });
  const template = s.create(s.TaskTemplateSchema, { type: 'bench' });
  for (let i = 0; i < tasks; i++) ex.start({ id: `t${i}`, template });
  await ex.runUntil({ maxRounds: rounds });
  return ex.timeline;
}

const dir = mkdtempSync(join(tmpdir(), 'plugbench-bench-html-'));
const browser = await launchChromium();
const results = [];
try {
  for (const size of sizes) {
    const records = await timeline(size);
    const t0 = performance.now();
    const html = await renderHtmlReport(records, { title: `bench ${size}` });
    const renderMs = performance.now() - t0;
    const file = join(dir, `report-${size}.html`);
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(`file://${file}`, { waitUntil: 'commit' });
    // The report marks the first frame after the view mounted itself: the time is the page's, not a poll's.
    await page.waitForFunction(
      () =>
        performance.getEntriesByName('plugbench:painted').length > 0 || document.querySelector('.pb-fatal') !== null,
      undefined,
      { timeout: 120_000 },
    );
    const paintMs = await page.evaluate(
      () =>
        (performance.getEntriesByName('plugbench:painted')[0]?.startTime ?? NaN) -
        performance.getEntriesByType('navigation')[0].startTime,
    );
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        performance.getEntriesByType('mark').map((m) => [m.name.replace('plugbench:', ''), m.startTime]),
      ),
    );
    const fatal = await page.$eval('.pb-fatal', (e) => e.textContent).catch(() => undefined);
    if (fatal || problems.length) throw new Error(`report of ${size} rounds: ${fatal ?? problems.join('; ')}`);
    const calls = records.filter((r) => r.kind === 'call').length;
    results.push({
      rounds: calls,
      records: records.length,
      htmlBytes: Buffer.byteLength(html),
      bytesPerRound: Buffer.byteLength(html) / calls,
      renderMs,
      paintMs,
      marks,
    });
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
