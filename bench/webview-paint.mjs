// The webview at size (issue 6, item 5): in the system Chromium, the time from records in hand to the timeline
// painted, for 1,000 and 100,000 calls, and the time of one step. A measurement, never a test: it prints JSON
//   [{ "rounds": 1000, "paintMs": ..., "stepMs": ... }, ...]
// and the targets are checked by whoever reads it (1,000 < 300 ms, 100,000 < 2 s, a step < 50 ms).
//
//   node bench/webview-paint.mjs [--rounds 1000,100000] [--steps 30]
//
// paintMs: records (already parsed, as a webview gets them from postMessage) -> model built -> lanes, pools,
// inspector and controls drawn -> the next frame presented (drawMs: the same without waiting for the frame).
// stepMs: the median over --steps steps of one step (intent applied, everything redrawn, the next frame
// presented; mostly the wait for the frame, stepDrawMs is the drawing alone); stepMaxMs the slowest; firstStepMs
// the first step, which runs its code for the first time. The generation of the records in the page is not timed.
import { parseArgs } from 'node:util';
import { register } from 'tsx/cjs/api';
import { createRequire } from 'node:module';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '1000,100000' }, steps: { type: 'string', default: '30' } },
});
const sizes = values.rounds.split(',').map(Number);
const steps = Number(values.steps);

// The helpers are the view tests' own TypeScript, loaded through tsx's CommonJS hook (as mocha loads them).
register();
const require = createRequire(import.meta.url);
const { launchChromium, haveChromium, CHROMIUM_PATH, collectProblems } = require('../test/view/chromium.ts');
const { writeWebviewPage } = require('../test/view/page.ts');
if (!haveChromium()) {
  console.error(`webview-paint: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`);
  process.exit(1);
}

const browser = await launchChromium();
const results = [];
try {
  for (const rounds of sizes) {
    const tasks = Math.max(10, Math.round(rounds / 50));
    const url = await writeWebviewPage({
      theme: 'vscode-dark',
      hostScript: `window.records = window.plugbench.syntheticTimeline(${JSON.stringify({ tasks, calls: rounds, seed: 11 })});`,
    });
    const page = await browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(url);
    await page.waitForFunction(() => Array.isArray(window.records));
    const r = await page.evaluate(async (steps) => {
      const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      await frame();
      const app = document.getElementById('app');
      const t0 = performance.now();
      const view = window.plugbench.mountTimelineView(app, {
        records: window.records,
        title: 'bench',
        cssNonce: window.__nonce,
      });
      view.paintNow();
      const drawn = performance.now();
      await frame();
      const painted = performance.now();
      view.setCursor(Math.floor(view.model.callCount / 2));
      view.paintNow();
      await frame();
      const times = [];
      const draws = [];
      for (let i = 0; i < steps; i++) {
        const s0 = performance.now();
        view.applyIntent({ type: i % 2 ? 'stepBack' : 'step' });
        view.paintNow();
        draws.push(performance.now() - s0);
        await frame();
        times.push(performance.now() - s0);
      }
      // The first step runs code paths for the first time (JIT): reported apart from the steady state.
      const firstStepMs = times.shift();
      draws.shift();
      times.sort((a, b) => a - b);
      draws.sort((a, b) => a - b);
      return {
        calls: view.model.callCount,
        lanes: view.model.lanes.length,
        drawMs: drawn - t0,
        paintMs: painted - t0,
        stepMs: times[Math.floor(times.length / 2)],
        stepMaxMs: times[times.length - 1],
        stepDrawMs: draws[Math.floor(draws.length / 2)],
        domNodes: document.querySelectorAll('*').length,
        firstStepMs,
      };
    }, steps);
    if (problems.length) throw new Error(`page problems: ${problems.join('; ')}`);
    const round = (x) => Math.round(x * 10) / 10;
    results.push({
      rounds: r.calls,
      lanes: r.lanes,
      paintMs: round(r.paintMs),
      drawMs: round(r.drawMs),
      stepMs: round(r.stepMs),
      stepMaxMs: round(r.stepMaxMs),
      stepDrawMs: round(r.stepDrawMs),
      domNodes: r.domNodes,
      firstStepMs: round(r.firstStepMs),
    });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));
