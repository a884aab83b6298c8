/**
 * The view's look in a real Chromium, on a webview-like page: the legend names every phase and mark the lanes draw,
 * the lanes get the height their rows need and the pools and inspector the rest, at a 1000x700 window's editor and
 * in a half-width group; the splitters move with the keyboard and their sizes are kept in the UI state; a
 * breakpoint does not move the lanes; the empty state lists the tasks and says what to press; the palette resolved
 * in the page passes WCAG AA. Screenshots go to test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EVENTS_ALLOWANCE, NARROW_WIDTH } from '../../view/src/layout';
import type { TimelineUiState, TimelineViewProbe } from '../../view/src/types';
import { SHOTS, assertNoProblems, suiteChromium } from './browser-suite';
import { openView, settle } from './chromium';
import { VSCODE_THEMES, writeWebviewPage } from './page';

/** Webview sizes: the editor of a 1000x700 window beside the side bar, and half of it (two editor groups). */
const SIZES = [
  { name: 'editor', width: 700, height: 600 },
  { name: 'half', width: 480, height: 600 },
  { name: 'wide', width: 1250, height: 880 },
] as const;

const MOUNT = (records: string, cursor: string) => `
  const pb = window.plugbench;
  window.records = ${records};
  window.view = pb.mountTimelineView(document.getElementById('app'), {
    records: window.records, title: 'look', cssNonce: window.__nonce,
    onUiState: (s) => { window.ui = s; },
  });
  window.view.setCursor(${cursor});`;

const FULL = MOUNT(
  `pb.syntheticTimeline({ tasks: 5, seed: 3, errorRate: 0.15, quotas: [{ namespace: 'gpu', quota: 1 }, { namespace: 'api', quota: 2 }] })`,
  'window.view.model.callCount - 1',
);

async function probe(page: Page): Promise<TimelineViewProbe> {
  await settle(page);
  return page.evaluate(() => (window as unknown as { view: { probe(): TimelineViewProbe } }).view.probe());
}

describe('timeline view look in Chromium', function () {
  this.timeout(120_000);
  const browser = suiteChromium();

  async function open(theme: keyof typeof VSCODE_THEMES, script: string, size: { width: number; height: number }) {
    const opened = await openView(browser().context, await writeWebviewPage({ theme, hostScript: script }), (p) =>
      p.setViewportSize(size),
    );
    return opened;
  }

  for (const size of SIZES)
    it(`lays out a finished run at ${size.width}x${size.height} (${size.name})`, async () => {
      const { page, problems } = await open('vscode-dark', FULL, size);
      const p = await probe(page);
      await page.screenshot({ path: path.join(SHOTS, `look-${size.name}-dark.png`) });
      // Every phase and mark drawn has its legend entry.
      for (const ph of p.drawn.phases) assert.ok(p.legend.phases.includes(ph), `${ph} drawn, not in the legend`);
      for (const m of p.drawn.markers) assert.ok(p.legend.markers.includes(m), `${m} drawn, not in the legend`);
      assert.ok(p.drawn.phases.includes('RetryableFailure'), 'the run has a retryable failure, drawn in its colour');
      // The lanes show all their rows when there is room, and leave the rest to the pools.
      assert.ok(
        p.lanesHeight >= Math.min(p.lanesContentHeight, (p.narrow ? 0.2 : 0.5) * p.height) - 1,
        `lanes ${p.lanesHeight}px for ${p.lanesContentHeight}px of rows in ${p.height}px`,
      );
      assert.ok(p.lanesHeight <= p.lanesContentHeight + 1, `lanes ${p.lanesHeight}px > rows ${p.lanesContentHeight}px`);
      assert.ok(p.poolsHeight >= 90, `pools ${p.poolsHeight}px`);
      // The inspector is usable: beside the lanes at least 240px wide, under them at least 160px tall.
      // The event list fills the slot beside the lanes: the view stacks below the width both need.
      assert.equal(p.narrow, size.width < NARROW_WIDTH + EVENTS_ALLOWANCE);
      if (p.narrow) assert.ok(p.inspectorHeight >= 160, `inspector ${p.inspectorHeight}px tall`);
      else assert.ok(p.inspectorWidth >= 240, `inspector ${p.inspectorWidth}px wide`);
      assert.match(p.inspectorTitle, /^\S+ round \d+( \w+)? \(run round \d+ of \d+\)$/);
      assert.deepEqual(p.contrastFailures, []);
      await assertNoProblems(page, problems);
      await page.close();
    });

  it('resizes with the splitters from the keyboard and keeps the sizes in the UI state', async () => {
    const { page } = await open('vscode-dark', FULL, SIZES[2]);
    const before = await probe(page);
    const cursor = () => page.evaluate(() => (window as unknown as { view: { cursor: number } }).view.cursor);
    const cursorBefore = await cursor();
    await page.focus('.pb-hsplit');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const after = await probe(page);
    assert.equal(after.lanesHeight, before.lanesHeight - 32, 'two steps of 16px');
    // The arrows moved the splitter, not the cursor.
    assert.equal(await cursor(), cursorBefore);
    await page.focus('.pb-vsplit');
    await page.keyboard.press('Shift+ArrowLeft');
    const wider = await probe(page);
    assert.equal(wider.inspectorWidth, before.inspectorWidth + 64);
    await page.waitForFunction(() => (window as unknown as { ui?: TimelineUiState }).ui?.layout?.inspectorWidth);
    const ui = await page.evaluate(() => (window as unknown as { ui: TimelineUiState }).ui);
    assert.equal(ui.layout?.lanesHeight, after.lanesHeight);
    // A view mounted from that state has the same sizes.
    await page.evaluate((state) => {
      const w = window as unknown as {
        view: { dispose(): void };
        records: unknown[];
        plugbench: { mountTimelineView(el: Element, o: unknown): unknown };
        __nonce: string;
      };
      w.view.dispose();
      w.view = w.plugbench.mountTimelineView(document.getElementById('app')!, {
        records: w.records,
        cssNonce: w.__nonce,
        initialUiState: state,
      }) as typeof w.view;
    }, ui);
    const restored = await probe(page);
    assert.equal(restored.lanesHeight, after.lanesHeight);
    assert.equal(restored.inspectorWidth, wider.inspectorWidth);
    await page.close();
  });

  it('does not move the lanes when a breakpoint is added', async () => {
    const { page } = await open('vscode-dark', FULL, SIZES[0]);
    const top = () => page.evaluate(() => document.querySelector('.pb-lanes')!.getBoundingClientRect().top);
    const at = await top();
    await page.click('.pb-chip[data-phase="Success"]');
    await settle(page);
    assert.equal(await page.locator('.pb-chip[data-phase="Success"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await top(), at);
    await page.close();
  });

  it('lists the tasks before their first round and says what to press', async () => {
    const empty = MOUNT(
      `pb.syntheticTimeline({ tasks: 4, seed: 2 }).filter((r) => r.kind === 'run.started' || r.kind === 'task.started' || r.kind === 'quota.registered')`,
      '-1',
    );
    const { page } = await open('vscode-dark', empty, SIZES[0]);
    const p = await probe(page);
    assert.equal(p.laneLabels.length, 4, p.laneLabels.join(', '));
    assert.match(p.emptyText, /Press Step \(→ \/ j\)/);
    assert.match(p.emptyText, /4 tasks/);
    await page.screenshot({ path: path.join(SHOTS, 'look-empty-dark.png') });
    await page.close();
  });

  for (const theme of Object.keys(VSCODE_THEMES) as (keyof typeof VSCODE_THEMES)[])
    it(`passes WCAG AA with distinct phases in ${theme}`, async () => {
      const { page } = await open(theme, FULL, SIZES[0]);
      const p = await probe(page);
      assert.deepEqual(p.contrastFailures, []);
      assert.notEqual(p.phaseColours.RetryableFailure, p.phaseColours.Running);
      await page.screenshot({ path: path.join(SHOTS, `look-${theme}.png`) });
      await page.close();
    });
});
