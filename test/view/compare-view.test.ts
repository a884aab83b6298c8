/**
 * The comparison view in a real Chromium under a webview's CSP: two timeline views on one cursor, opening on the
 * first difference the golden check finds, First/Next/Previous difference, and the layout toggle.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { compareWithGolden, goldenText, type CallRecord, type TimelineRecord } from '@plugbench/sdk/timeline';
import { syntheticTimeline } from '../support/synthetic-timeline';
import { collectProblems, cspViolations, launchChromium, requireChromium, settle, watchCsp } from './chromium';
import { writeWebviewPage } from './page';

/** The records with the `n`th call's plugin phase reason changed: the golden side of the comparison. */
function withChangedCall(records: readonly TimelineRecord[], n: number): TimelineRecord[] {
  let seen = -1;
  return records.map((r) =>
    r.kind === 'call' && ++seen === n ? { ...r, pluginPhase: { ...r.pluginPhase, reason: 'changed' } } : r,
  );
}

const cursors = (page: Page) =>
  page.$$eval('.pbc-pane .pb-root', (els) => els.map((e) => Number(e.getAttribute('data-cursor'))));

describe('compare view in Chromium', function () {
  this.timeout(120_000);
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('shares one cursor between the run and its golden, and jumps between differences', async () => {
    const records = syntheticTimeline({ tasks: 4, seed: 3 });
    const calls = records.filter((r): r is CallRecord => r.kind === 'call').length;
    const a = 5;
    const b = 12;
    const golden = withChangedCall(withChangedCall(records, a), b);
    const comparison = compareWithGolden(goldenText(golden), records);
    assert.deepEqual(
      comparison.differences.map((d) => d.run),
      [a, b],
    );
    const options = {
      run: { title: 'run', records },
      golden: { title: 'golden', records: golden },
      differences: comparison.differences,
    };
    const url = await writeWebviewPage({
      theme: 'vscode-high-contrast-light',
      hostScript: `window.cv = new window.plugbench.CompareView(document.getElementById('app'), { ...${JSON.stringify(options)}, cssNonce: window.__nonce });`,
    });
    const page = await browser!.context.newPage();
    const problems = collectProblems(page);
    await watchCsp(page);
    await page.goto(url);
    await page.waitForSelector('.pbc-root');
    await settle(page);
    // Opens on the first difference, on both sides.
    assert.deepEqual(await cursors(page), [a, a]);
    assert.match(await page.innerText('.pbc-summary'), /^2 records differ, in 2 rounds$/);
    assert.match(await page.innerText('.pbc-status'), /first difference, call handle of task/);
    // A step in the golden's view moves the run's too.
    await page.click('.pbc-pane:nth-child(2) .pb-toolbar button:has-text("Step")');
    await settle(page);
    assert.deepEqual(await cursors(page), [a + 1, a + 1]);
    assert.match(await page.innerText('.pbc-status'), /no difference at this round/);
    await page.click('[data-action="nextDifference"]');
    await settle(page);
    assert.deepEqual(await cursors(page), [b, b]);
    await page.click('[data-action="nextDifference"]');
    assert.match(await page.innerText('.pbc-status'), /no difference after this round/);
    await page.click('[data-action="previousDifference"]');
    await page.click('[data-action="previousDifference"]');
    await settle(page);
    assert.deepEqual(await cursors(page), [a, a], 'back to the first: none before it');
    await page.click('.pbc-item[data-difference="1"]');
    await settle(page);
    assert.deepEqual(await cursors(page), [b, b]);
    await page.click('[data-action="firstDifference"]');
    await settle(page);
    assert.deepEqual(await cursors(page), [a, a]);
    assert.equal(await page.getAttribute('.pbc-root', 'data-layout'), 'side-by-side');
    await page.click('[data-action="toggleLayout"]');
    assert.equal(await page.getAttribute('.pbc-root', 'data-layout'), 'stacked');
    assert.equal(await page.innerText('[data-action="toggleLayout"]'), 'Side by side');
    // The buttons are reachable from the keyboard.
    await page.focus('[data-action="firstDifference"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'previousDifference');
    assert.ok(calls > b);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
