/**
 * The event list and the overview strip in a real Chromium (the system one), on a webview-like page under the
 * panel's CSP, and in the HTML report: clicking a row moves the cursor, moving the cursor (keys, the slider, the
 * lanes) selects and scrolls to its row, the list's keys move through the filtered rounds, the filter narrows the
 * rows, a 100,000-round run keeps the DOM small, and dragging on the overview zooms the lanes, dragging the window
 * pans them and a double click shows the whole run again. Screenshots go to test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CallRecord } from '@plugbench/sdk/timeline';
import { renderHtmlReport } from '../../harness/src/report/html';
import { syntheticTimeline } from '../support/synthetic-timeline';
import { SHOTS, assertNoProblems, suiteChromium } from './browser-suite';
import { openView, settle } from './chromium';
import { writeWebviewPage } from './page';

interface ViewOnPage {
  cursor: number;
  setCursor(c: number): void;
  getUiState(): { cursor: number; window: [number, number] | null };
  model: { callCount: number; calls: CallRecord[] };
}
const view = (page: Page) => page.evaluate(() => (window as unknown as { view: ViewOnPage }).view.cursor);
const uiWindow = (page: Page) =>
  page.evaluate(() => (window as unknown as { view: ViewOnPage }).view.getUiState().window);

/** The list's selected row: its round (an index into the calls), whether it is inside the list's box, its text. */
async function selectedRow(
  page: Page,
): Promise<{ call: number; visible: boolean; active: boolean; text: string } | null> {
  return page.evaluate(() => {
    const list = document.querySelector('.pb-events-list')!;
    const row = list.querySelector<HTMLElement>('[role="option"][aria-selected="true"]');
    if (!row) return null;
    const a = list.getBoundingClientRect();
    const b = row.getBoundingClientRect();
    return {
      call: Number(row.dataset.call),
      visible: b.top >= a.top - 0.5 && b.bottom <= a.bottom + 0.5,
      active: list.getAttribute('aria-activedescendant') === row.id,
      text: row.innerText,
    };
  });
}

describe('event list and overview strip in Chromium', function () {
  this.timeout(180_000);
  const browser = suiteChromium();
  const records = syntheticTimeline({ tasks: 14, seed: 6 });
  const calls = records.filter((r): r is CallRecord => r.kind === 'call');

  async function open(hostScript: string, theme: 'vscode-dark' | 'vscode-high-contrast-light' = 'vscode-dark') {
    const r = await openView(browser().context, await writeWebviewPage({ theme, hostScript }));
    await r.page.setViewportSize({ width: 1600, height: 1000 });
    await settle(r.page);
    return r;
  }

  const mount = (options = '') => `
    const pb = window.plugbench;
    window.view = pb.mountTimelineView(document.getElementById('app'), {
      records: pb.syntheticTimeline({ tasks: 14, seed: 6 }), title: 'synthetic', cssNonce: window.__nonce ${options} });`;

  it('moves the cursor when a row is clicked, and selects and scrolls to the row when the cursor moves', async () => {
    const { page, problems } = await open(mount());
    assert.equal(await view(page), -1);
    assert.equal(await selectedRow(page), null, 'no row selected before the first round');
    assert.match(await page.innerText('.pb-events-count'), new RegExp(`^${calls.length} rounds$`));

    // A click on the fourth row moves the cursor to its round.
    const row = page.locator('.pb-events-list [role="option"]').nth(3);
    const call = Number(await row.getAttribute('data-call'));
    await row.click();
    await settle(page);
    assert.equal(await view(page), call);
    let sel = (await selectedRow(page))!;
    assert.equal(sel.call, call);
    assert.ok(sel.active, 'aria-activedescendant names the selected row');
    assert.ok(sel.text.includes(`${calls[call]!.task} round ${calls[call]!.round}`), sel.text);

    // The cursor moves far away (the host's seek): the list scrolls to its row.
    const before = await page.$eval('.pb-events-list', (e) => e.scrollTop);
    const far = calls.length - 5;
    await page.evaluate((c) => (window as unknown as { view: ViewOnPage }).view.setCursor(c), far);
    await settle(page);
    sel = (await selectedRow(page))!;
    assert.equal(sel.call, far);
    assert.ok(sel.visible, 'the row of the cursor is in view');
    assert.ok((await page.$eval('.pb-events-list', (e) => e.scrollTop)) > before, 'the list scrolled');

    // Keys of the view (step back) and a click on the lanes move the selection too.
    await page.locator('.pb-root').focus();
    await page.keyboard.press('ArrowLeft');
    await settle(page);
    assert.equal((await selectedRow(page))!.call, far - 1);
    const bb = (await page.locator('.pb-lanes-scroll').boundingBox())!;
    await page.mouse.click(bb.x + 160, bb.y + 24 + 11);
    await settle(page);
    const clicked = await view(page);
    assert.ok(clicked >= 0 && clicked < 20, `the lanes' click went to an early round (${clicked})`);
    sel = (await selectedRow(page))!;
    assert.ok(sel.call === clicked && sel.visible);
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('moves through the rows with the list keys, Home and End included, without resetting the run', async () => {
    const { page, problems } = await open(mount());
    await page.locator('.pb-events-list [role="option"]').nth(2).click();
    await settle(page);
    const start = await view(page);
    await page.keyboard.press('ArrowDown');
    await settle(page);
    assert.equal(await view(page), start + 1);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await settle(page);
    assert.equal(await view(page), start - 1);
    await page.keyboard.press('End');
    await settle(page);
    assert.equal(await view(page), calls.length - 1, 'End goes to the last row');
    assert.ok((await selectedRow(page))!.visible);
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await view(page), 0, "Home goes to the first row, not before the run's first round");
    await page.keyboard.press('PageDown');
    await settle(page);
    assert.ok((await view(page)) > 5, 'a page down moves several rows');
    // The focus is visible on the list.
    const outline = await page.$eval('.pb-events-list', (e) => getComputedStyle(e).outlineStyle);
    assert.notEqual(outline, 'none');
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('narrows the rows by kind, task and text, and moves only through what is shown', async () => {
    const { page, problems } = await open(mount());
    const eventCalls = calls.flatMap((c, i) => (c.events.length > 0 ? [i] : []));
    await page.selectOption('.pb-events-kind', 'events');
    await settle(page);
    assert.equal(await page.innerText('.pb-events-count'), `${eventCalls.length} of ${calls.length} rounds`);
    const shown = await page.$$eval('.pb-events-list [role="option"]', (rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.call)),
    );
    assert.ok(shown.length > 0 && shown.every((c) => eventCalls.includes(c)), 'only rounds that sent an event');
    await page.locator('.pb-events-list [role="option"]').first().click();
    await page.keyboard.press('ArrowDown');
    await settle(page);
    assert.equal(await view(page), eventCalls[1], 'the next row is the next round that sent an event');

    // The task menu lists the tasks when it gets the focus (a run of 2,000 tasks costs no nodes until then).
    const task = calls[calls.length - 1]!.task;
    const options = () => page.$$eval('.pb-events-task option', (o) => o.length);
    assert.equal(await options(), 1);
    await page.focus('.pb-events-task');
    assert.equal(await options(), 1 + new Set(calls.map((c) => c.task)).size);
    await page.selectOption('.pb-events-task', task);
    await page.selectOption('.pb-events-kind', 'all');
    await settle(page);
    const taskRounds = calls.filter((c) => c.task === task).length;
    assert.equal(await page.innerText('.pb-events-count'), `${taskRounds} of ${calls.length} rounds`);

    await page.selectOption('.pb-events-task', '');
    // "/" puts the keyboard in the text filter.
    await page.locator('.pb-root').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('ECONNRESET');
    await settle(page);
    const errors = calls.filter((c) => JSON.stringify(c).includes('ECONNRESET')).length;
    assert.ok(errors > 0);
    assert.equal(await page.innerText('.pb-events-count'), `${errors} of ${calls.length} rounds`);
    await page.fill('.pb-events-text', 'no round says this');
    await settle(page);
    assert.match(await page.innerText('.pb-events-list'), /No round matches/);
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('follows a live run: appended rounds are listed, and the list follows the cursor to the newest', async () => {
    const { page, problems } = await open(`
      const pb = window.plugbench;
      window.records = pb.syntheticTimeline({ tasks: 14, seed: 6 });
      window.view = pb.mountTimelineView(document.getElementById('app'), {
        records: window.records.slice(0, 40), title: 'live', live: true, cssNonce: window.__nonce });`);
    const shown = () => page.innerText('.pb-events-count');
    const first = await shown();
    await page.evaluate(() => {
      const w = window as unknown as {
        view: { append(r: unknown[], o: { follow: boolean }): void };
        records: unknown[];
      };
      w.view.append(w.records.slice(40), { follow: true });
    });
    await settle(page);
    assert.notEqual(await shown(), first);
    assert.equal(await shown(), `${calls.length} rounds`);
    const sel = (await selectedRow(page))!;
    assert.equal(sel.call, calls.length - 1);
    assert.ok(sel.visible, 'the newest round is in view');
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('keeps the DOM small at 100,000 rounds, and still finds the cursor', async () => {
    const { page, problems } = await open(`
      const pb = window.plugbench;
      window.view = pb.mountTimelineView(document.getElementById('app'), {
        records: pb.syntheticTimeline({ tasks: 60, calls: 100000, seed: 3 }), title: '100k', cssNonce: window.__nonce });`);
    assert.equal(await page.evaluate(() => (window as unknown as { view: ViewOnPage }).view.model.callCount), 100_000);
    const count = () => page.$$eval('.pb-events-list [role="option"]', (r) => r.length);
    const elements = () => page.evaluate(() => document.getElementsByTagName('*').length);
    assert.ok((await count()) < 60, `${await count()} rows in the DOM`);
    await page.evaluate(() => (window as unknown as { view: ViewOnPage }).view.setCursor(77_777));
    await settle(page);
    const sel = (await selectedRow(page))!;
    assert.ok(sel.call === 77_777 && sel.visible && sel.active);
    assert.ok(sel.text.startsWith('77778'), sel.text);
    assert.equal(
      await page.$eval('.pb-events-list [aria-selected="true"]', (e) => e.getAttribute('aria-posinset')),
      '77778',
    );
    assert.ok((await count()) < 60, `${await count()} rows in the DOM`);
    assert.ok((await elements()) < 2500, `${await elements()} elements in the page`);
    await page.selectOption('.pb-events-kind', 'phase-changes');
    await settle(page);
    assert.ok((await count()) < 60);
    await page.screenshot({ path: path.join(SHOTS, 'event-list-100k.png') });
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('zooms the lanes to a range dragged on the overview, pans with the window, fits on a double click', async () => {
    const { page, problems } = await open(mount(), 'vscode-high-contrast-light');
    const strip = (await page.locator('.pb-overview').boundingBox())!;
    const y = strip.y + strip.height / 2;
    assert.equal(await uiWindow(page), null, 'fitted at first');
    assert.equal(await page.getAttribute('.pb-overview', 'aria-valuetext'), 'the whole run');

    // Drag over the middle of the plot: the lanes show about that range.
    const plotLeft = strip.x + 150;
    const plotWidth = await page.evaluate(
      () => (document.querySelector('.pb-lanes-scroll') as HTMLElement).clientWidth - 150 - 8,
    );
    const x0 = plotLeft + plotWidth * 0.4;
    const x1 = plotLeft + plotWidth * 0.6;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, y, { steps: 3 });
    await page.mouse.move(x1, y, { steps: 3 });
    await page.mouse.up();
    await settle(page);
    const w = (await uiWindow(page))!;
    assert.ok(w, 'zoomed in');
    const n = calls.length;
    assert.ok(Math.abs(w[0] - 0.4 * n) < 1 && Math.abs(w[1] - 0.6 * n) < 1, `window ${w} for 40%-60% of ${n}`);
    assert.match(
      (await page.getAttribute('.pb-overview', 'aria-valuetext'))!,
      /^run round \d+ to run round \d+ of \d+$/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'overview-zoomed-hc-light.png') });

    // Drag the window itself: it pans, keeping its width.
    const mid = (x0 + x1) / 2;
    await page.mouse.move(mid, y);
    await page.mouse.down();
    await page.mouse.move(mid - plotWidth * 0.2, y, { steps: 4 });
    await page.mouse.up();
    await settle(page);
    const p = (await uiWindow(page))!;
    assert.ok(Math.abs(p[1] - p[0] - (w[1] - w[0])) < 1e-6, 'same width');
    assert.ok(Math.abs(p[0] - (w[0] - 0.2 * n)) < 1, `panned left by a fifth: ${p}`);

    // Zooming the lanes with the keys moves the overview's window too (it draws from the same scale).
    await page.locator('.pb-root').focus();
    await page.keyboard.press('+');
    await settle(page);
    const z = (await uiWindow(page))!;
    assert.ok(z[1] - z[0] < p[1] - p[0]);
    const [a, b] = (await page.getAttribute('.pb-overview', 'aria-valuetext'))!.match(/\d+/g)!.map(Number) as [
      number,
      number,
    ];
    assert.ok(b - a + 1 <= Math.ceil(z[1] - z[0]) + 1, `the overview says ${a}..${b} for the window ${z}`);

    await page.mouse.dblclick(plotLeft + 10, y);
    await settle(page);
    assert.equal(await uiWindow(page), null, 'a double click shows the whole run');
    await assertNoProblems(page, problems);
    await page.close();
  });

  it('shows the event list in the HTML report, synced with its cursor', async () => {
    const html = await renderHtmlReport(records, { title: 'synthetic report' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-report-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);
    const { page, problems } = await openView(browser().context, `file://${file}`);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForFunction(() => (window as unknown as { plugbenchView?: unknown }).plugbenchView !== undefined);
    await settle(page);
    assert.match(await page.innerText('.pb-events-count'), new RegExp(`^${calls.length} rounds$`));
    // A row wholly in the list's viewport (the virtual list also keeps a few rows above and below it), not the
    // cursor's.
    const call = await page.$eval('.pb-events-list', (list) => {
      const box = list.getBoundingClientRect();
      const rows = [...list.querySelectorAll<HTMLElement>('[role="option"]')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top && b.bottom <= box.bottom && r.getAttribute('aria-selected') !== 'true';
      });
      return Number(rows[0]!.getAttribute('data-call'));
    });
    await page.locator(`.pb-events-list [role="option"][data-call="${call}"]`).click();
    await settle(page);
    assert.equal(await page.$eval('.pb-root', (e) => Number(e.getAttribute('data-cursor'))), call);
    await page.screenshot({ path: path.join(SHOTS, 'event-list-report.png') });
    await assertNoProblems(page, problems);
    await page.close();
  });
});

/**
 * WCAG contrast of the event list's own texts against what is behind them, as the browser computed both. A string
 * evaluated in the page: the test runner's compiler would wrap named functions in a helper the page lacks.
 */
const LIST_CONTRASTS = `(() => {
  const rgba = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  // The background behind an element: its ancestors' backgrounds composited from the first opaque one.
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const lum = (c) => {
    const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const sel = '.pb-events-title, .pb-events-count, .pb-ev-num, .pb-ev-round, .pb-events-list .pb-phase, .pb-ev-events, '
    + '.pb-ev-resource, .pb-ev-error, .pb-ev-none, .pb-events-filters select, .pb-events-filters input';
  return [...document.querySelectorAll(sel)].map((el) => {
    const bg = behind(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const row = el.closest('[role="option"]');
    return {
      what: (el.className || el.tagName) + (row && row.getAttribute('aria-selected') === 'true' ? ' (selected)' : ''),
      ratio: (hi + 0.05) / (lo + 0.05),
      fg: fg.map(Math.round).join(','),
      bg: bg.map(Math.round).join(','),
    };
  });
})()`;

async function listContrasts(page: Page): Promise<{ what: string; ratio: number; fg: string; bg: string }[]> {
  return page.evaluate(LIST_CONTRASTS);
}

/** Checks every text of the list near a round error and at the end, with the list focused and not. */
async function checkContrasts(page: Page): Promise<void> {
  const seen = new Set<string>();
  const stops = await page.evaluate(() => (window as unknown as { stops: number[] }).stops);
  for (const [stop, focus] of stops.flatMap((c) => [[c, false] as const, [c, true] as const])) {
    await page.evaluate((c) => (window as unknown as { view: ViewOnPage }).view.setCursor(c), stop);
    if (focus) await page.focus('.pb-events-list');
    else await page.focus('.pb-root');
    await settle(page);
    for (const c of await listContrasts(page)) {
      seen.add(c.what.replace(' (selected)', ''));
      assert.ok(
        c.ratio >= 4.5,
        `${c.what}: ${c.ratio.toFixed(2)}:1 (${c.fg} on ${c.bg})${focus ? ', list focused' : ''}`,
      );
    }
  }
  for (const k of ['pb-ev-num', 'pb-ev-round', 'pb-ev-error', 'pb-ev-resource', 'pb-ev-events'])
    assert.ok(seen.has(k), `${k} was checked`);
}

describe('event list text contrast', function () {
  this.timeout(120_000);
  const browser = suiteChromium();
  for (const theme of ['vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'] as const) {
    it(`reaches 4.5:1 for every text of the list in ${theme}, selected rows and focused list included`, async () => {
      const hostScript = `
        const pb = window.plugbench;
        const records = pb.syntheticTimeline({ tasks: 14, seed: 6 });
        window.view = pb.mountTimelineView(document.getElementById('app'), { records, title: 'synthetic', cssNonce: window.__nonce });
        const calls = records.filter((r) => r.kind === 'call');
        // Near a round error (its red text among the rows in view), then at the end (events sent).
        window.stops = [calls.findIndex((c) => c.decision?.code === 'round-error') + 2, calls.length - 1];`;
      const { page, problems } = await openView(browser().context, await writeWebviewPage({ theme, hostScript }));
      await page.setViewportSize({ width: 1600, height: 1000 });
      await settle(page);
      await checkContrasts(page);
      await assertNoProblems(page, problems);
      await page.close();
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`reaches 4.5:1 for every text of the list in the HTML report, ${colorScheme}`, async () => {
      const records = syntheticTimeline({ tasks: 14, seed: 6 });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-report-'));
      writeFileSync(path.join(dir, 'report.html'), await renderHtmlReport(records, { title: 'contrast' }));
      const { page, problems } = await openView(browser().context, `file://${path.join(dir, 'report.html')}`, (p) =>
        p.emulateMedia({ colorScheme }),
      );
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.waitForFunction(() => (window as unknown as { plugbenchView?: unknown }).plugbenchView !== undefined);
      await page.evaluate((recs) => {
        const calls = recs.filter((r) => r.kind === 'call');
        const w = window as unknown as { stops: number[]; view: unknown; plugbenchView: unknown };
        w.view = w.plugbenchView;
        w.stops = [calls.findIndex((c) => c.decision?.code === 'round-error') + 2, calls.length - 1];
      }, records as CallRecord[]);
      await checkContrasts(page);
      await assertNoProblems(page, problems);
      await page.close();
    });
  }
});
