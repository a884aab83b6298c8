/**
 * The HTML report and the timeline view in a real Chromium (the system one): lanes and pools drawn, the inspector
 * following the keyboard, the slider and clicks, no CSP violation and no console error, light, dark and high
 * contrast, and a webview-like page with the panel's CSP where a host receives the intents. Screenshots go to
 * test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  decodeTimelineColumns,
  runRoundOf,
  taskRoundText,
  type CallRecord,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';
import { gunzipSync } from 'node:zlib';
import {
  COMPRESS_ABOVE_CHARS,
  renderHtmlReport,
  scriptSafeJson,
  timelineDataElement,
} from '../../../harness/src/report/html';
import { viewBundle } from '../../../harness/src/report/view-bundle';
import { syntheticTimeline } from '../../support/synthetic-timeline';
import { cspViolations, launchChromium, openView, requireChromium, settle } from '../../view/chromium';
import { writeWebviewPage } from '../../view/page';
import { LAYOUT } from '../../../view/src/geometry';

const SHOTS = path.resolve(__dirname, '../../../test-artifacts/screenshots');

/** Moves the view's slider to `index`, as a user dragging it does (an `input` event). */
async function slideTo(page: Page, index: number): Promise<void> {
  await page.$eval(
    '.pb-slider',
    (el, v) => {
      const s = el as HTMLInputElement;
      s.value = String(v);
      s.dispatchEvent(new Event('input', { bubbles: true }));
    },
    index,
  );
}

/** Pixels of a canvas that differ from its top-left (background) pixel, and how many distinct colours it has. */
async function canvasInk(page: Page, selector: string): Promise<{ ink: number; colours: number; bg: number[] }> {
  return page.$eval(selector, (c) => {
    // Read a copy: reading the view's own canvas back would make Chromium warn about readbacks.
    const src = c as HTMLCanvasElement;
    const canvas = document.createElement('canvas');
    canvas.width = src.width;
    canvas.height = src.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(src, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // Sampled a few pixels in: a high-contrast border runs along the edge.
    const o = (3 * canvas.width + 3) * 4;
    const bg = [data[o]!, data[o + 1]!, data[o + 2]!];
    let ink = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== bg[0] || data[i + 1] !== bg[1] || data[i + 2] !== bg[2]) ink++;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return { ink, colours: colours.size, bg };
  });
}

const text = (page: Page, sel: string) => page.$eval(sel, (e) => (e as HTMLElement).innerText);
const cursorOf = (page: Page) => page.$eval('.pb-root', (e) => Number(e.getAttribute('data-cursor')));

/** Waits for the view to draw a frame after the last input. */
describe('timeline view and HTML report in Chromium', function () {
  this.timeout(120_000);
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let reportUrl = '';
  let records: TimelineRecord[] = [];
  let calls: CallRecord[] = [];

  before(async function () {
    requireChromium(this);
    mkdirSync(SHOTS, { recursive: true });
    records = syntheticTimeline({ tasks: 12, seed: 2 });
    calls = records.filter((r): r is CallRecord => r.kind === 'call');
    const html = await renderHtmlReport(records, { title: 'synthetic run: 12 tasks' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-report-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);
    reportUrl = `file://${file}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  async function openReport(
    scheme: 'light' | 'dark',
    extra: { contrast?: 'more'; forcedColors?: 'active' } = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const opened = await openView(browser!.context, reportUrl, (page) =>
      page.emulateMedia({ colorScheme: scheme, ...extra }),
    );
    // The report opens at the run's last round (report-summary.test.ts); these tests walk it from the start.
    assert.equal(await cursorOf(opened.page), calls.length - 1, 'the report opens at the last round');
    await opened.page.keyboard.press('Home');
    await settle(opened.page);
    return opened;
  }

  /** Asserts that the page broke no CSP rule, logged no error and shows no error box, then closes it. */
  async function closeWithoutProblems(page: Page, problems: string[]): Promise<void> {
    assert.deepEqual(await cspViolations(page), [], 'CSP violations');
    assert.deepEqual(problems, [], 'console errors');
    assert.equal(await page.$('.pb-fatal'), null, 'an error box');
    await page.close();
  }

  it('is one self-contained file: a strict CSP, no external resource, records escaped', async () => {
    const html = await renderHtmlReport(records, { title: 'x</title><script>alert(1)</script>' });
    // The policy is an attribute value, its quotes escaped as every attribute of the page is.
    assert.match(
      html.replace(/&#39;/g, "'"),
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src 'nonce-/,
    );
    assert.doesNotMatch(html, /unsafe-(eval|inline)/);
    assert.doesNotMatch(html, /\b(src|href)=/);
    assert.doesNotMatch(html, /<title>x<\/title><script>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.equal(scriptSafeJson(['</script><!--']), '["\\u003c/script\\u003e\\u003c!--"]');
    const bundle = await viewBundle();
    assert.doesNotMatch(bundle.code, /new Function|\beval\(/, 'nothing that needs unsafe-eval');
    assert.doesNotMatch(bundle.code, /zod/i, 'zod stays out of the view bundle');
  });

  it('draws lanes and pools, and the inspector follows keys, the slider and clicks (light)', async () => {
    const { page, problems } = await openReport('light');
    const lanes = await canvasInk(page, '.pb-lanes > canvas');
    assert.ok(lanes.ink > 20_000 && lanes.colours > 20, `lanes canvas drawn: ${JSON.stringify(lanes)}`);
    assert.deepEqual(lanes.bg, [255, 255, 255]);
    const pool = await canvasInk(page, '.pb-pool[data-namespace="gpu"] canvas');
    assert.ok(pool.ink > 2_000, `gpu pool drawn: ${JSON.stringify(pool)}`);
    assert.match(await text(page, '.pb-inspector'), /Before the first round/);
    assert.match(await text(page, '.pb-step'), /^before run round 1$/);

    await page.keyboard.press('ArrowRight');
    await settle(page);
    assert.equal(await cursorOf(page), 0);
    const h2 = await text(page, '.pb-inspector h2');
    assert.equal(h2, `${calls[0]!.task} round 1 (run round 1 of ${runRoundOf(calls, calls.length - 1)})`);
    assert.match(await text(page, '.pb-inspector'), /TransitionTypeEphemeral,Phase<PhaseQueued:0/);
    assert.match(await text(page, '.pb-inspector'), /RESOURCE CALLS \(1\)[\s\S]*allocate gpu/);

    // n: the next call that sends an event.
    await page.keyboard.press('n');
    await settle(page);
    const ev = await cursorOf(page);
    assert.equal(
      ev,
      calls.findIndex((c, i) => i > 0 && c.events.length > 0),
    );
    assert.match(await text(page, '.pb-inspector'), /EVENTS \(1\)/);

    // End, then Home.
    await page.keyboard.press('End');
    await settle(page);
    assert.equal(await cursorOf(page), calls.length - 1);
    const runRounds = runRoundOf(calls, calls.length - 1);
    assert.match(await text(page, '.pb-step'), new RegExp(`run round ${runRounds} of ${runRounds}`));
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await cursorOf(page), -1);

    // The slider moves the cursor through recorded calls.
    await slideTo(page, 57);
    await settle(page);
    assert.equal(await cursorOf(page), 57);
    const st = await text(page, '.pb-pool[data-namespace="gpu"] .pb-pool-stats');
    assert.match(st, /in use \d\/1/);

    // A round error shows its message and stack.
    const errAt = calls.findIndex((c) => c.decision?.code === 'round-error');
    await slideTo(page, errAt);
    await settle(page);
    const insp = await text(page, '.pb-inspector');
    assert.match(insp, /ERROR[\s\S]*handle: ECONNRESET[\s\S]*at poll \(plugin\.ts:42:11\)/);
    assert.match(insp, /round-error/);

    // A click on a lane selects that lane's call nearest the click.
    const box = (await page.$('.pb-lanes-scroll'))!;
    const bb = (await box.boundingBox())!;
    const taskOfRow3 = await page.evaluate(() => {
      const v = (
        window as unknown as { plugbenchView: { model: { lanes: { task: string }[]; laneOrder(): number[] } } }
      ).plugbenchView;
      return v.model.lanes[v.model.laneOrder()[3]!]!.task;
    });
    await page.mouse.click(bb.x + 400, bb.y + LAYOUT.headerHeight + 3.5 * LAYOUT.rowHeight);
    await settle(page);
    assert.match(await text(page, '.pb-inspector h2'), new RegExp(`^${taskOfRow3} round \\d+`));

    // Step to a moment where a gpu waiter exists, and see it listed.
    const waitAt = calls.findIndex((c) =>
      c.resources.some((r) => r.namespace === 'gpu' && r.status === 'ResourceExhausted'),
    );
    await slideTo(page, waitAt);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    assert.match(
      await text(page, '.pb-pool[data-namespace="gpu"] .pb-pool-lists'),
      /WAITING[\s\S]*job-\d+ since run round \d+/i,
    );
    assert.match(await text(page, '.pb-pool[data-namespace="gpu"] .pb-pool-lists'), /HOLDING A TOKEN[\s\S]*job-\d+/i);

    await page.mouse.move(0, 0);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'report-light.png') });
    await closeWithoutProblems(page, problems);
  });

  it('follows a dark colour scheme', async () => {
    const { page, problems } = await openReport('dark');
    await page.keyboard.press('p');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    const lanes = await canvasInk(page, '.pb-lanes > canvas');
    assert.ok(
      lanes.bg.every((c) => c < 60),
      `dark background: ${lanes.bg}`,
    );
    assert.ok(lanes.ink > 20_000);
    await page.screenshot({ path: path.join(SHOTS, 'report-dark.png') });
    await closeWithoutProblems(page, problems);
  });

  it('switches axis to virtual time, zooms, and toggles breakpoints', async () => {
    const { page, problems } = await openReport('light');
    const before = await canvasInk(page, '.pb-lanes > canvas');
    await page.keyboard.press('t');
    await settle(page);
    assert.equal(await page.$eval('.pb-toolbar [aria-pressed="true"]', (e) => e.textContent), 'Time');
    const after = await canvasInk(page, '.pb-lanes > canvas');
    assert.notEqual(after.ink, before.ink, 'the time axis draws differently');

    // A breakpoint on Success: "to end" stops at the first task entering Success.
    await page.click('.pb-chip[data-phase="Success"]');
    await page.keyboard.press('End');
    await settle(page);
    const firstSuccess = calls.findIndex((c) => c.pluginPhase.phase === 'Success');
    assert.equal(await cursorOf(page), firstSuccess);
    assert.match(await text(page, '.pb-status'), /stopped at a breakpoint: job-\d+ entered Success/);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'report-time-zoomed.png') });
    await closeWithoutProblems(page, problems);
  });

  it('keeps borders in high contrast (forced colours / more contrast)', async () => {
    const { page, problems } = await openReport('dark', { contrast: 'more' });
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    await settle(page);
    const lanes = await canvasInk(page, '.pb-lanes > canvas');
    assert.deepEqual(lanes.bg, [0, 0, 0]);
    const border = await page.$eval('.pb-btn', (e) => getComputedStyle(e).borderTopColor);
    assert.equal(border, 'rgb(111, 195, 223)');
    await page.screenshot({ path: path.join(SHOTS, 'report-high-contrast.png') });
    await closeWithoutProblems(page, problems);
  });

  it('shows hostile text from a plugin as text', async () => {
    const evil = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const recs = syntheticTimeline({ tasks: 2, seed: 1 }).map((r) =>
      r.kind === 'call' && r.seq < 8 ? { ...r, logs: [{ level: 'warn' as const, message: evil }] } : r,
    );
    const html = await renderHtmlReport(recs, { title: evil });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'plugbench-report-')), 'evil.html');
    writeFileSync(file, html);
    const { page, problems } = await openView(browser!.context, `file://${file}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await settle(page);
    assert.match(await text(page, '.pb-inspector'), /window\.__pwned=1/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await closeWithoutProblems(page, problems);
  });

  it('runs in a webview-like page under the panel CSP: CSS injected with the nonce, intents to the host', async () => {
    const url = await writeWebviewPage({
      hostScript: `
        const pb = window.plugbench;
        window.intents = [];
        const records = pb.syntheticTimeline({ tasks: 30, seed: 3 });
        window.view = pb.mountTimelineView(document.getElementById('app'), {
          records, title: 'webview', cssNonce: window.__nonce,
          onIntent: (intent, view) => { window.intents.push(intent); view.applyIntent(intent); },
          onUiState: (s) => { window.uiState = s; },
        });`,
    });
    const { page, problems } = await openView(browser!.context, url);
    assert.equal(await page.$$eval('style[data-plugbench-timeline]', (s) => s.length), 1, 'the CSS was injected');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('n');
    await page.click('.pb-chip[data-phase="Running"]');
    await page.keyboard.press('End');
    await settle(page);
    const intents = await page.evaluate(() => (window as unknown as { intents: unknown[] }).intents);
    assert.deepEqual(intents.slice(0, 4), [
      { type: 'step' },
      { type: 'step' },
      { type: 'runToNext', stop: 'event' },
      { type: 'toggleBreakpoint', breakpoint: { kind: 'phase', phase: 'Running' } },
    ]);
    assert.deepEqual(intents[4], { type: 'runToEnd', breakpoints: [{ kind: 'phase', phase: 'Running' }] });
    // onUiState is debounced: wait for the state after the last change.
    await page.waitForFunction(
      () => (window as unknown as { uiState?: { breakpoints: unknown[] } }).uiState?.breakpoints.length === 1,
    );
    const ui = await page.evaluate(
      () => (window as unknown as { uiState: { axis: string; breakpoints: unknown[] } }).uiState,
    );
    assert.equal(ui.axis, 'rounds');
    assert.deepEqual(ui.breakpoints, [{ kind: 'phase', phase: 'Running' }]);
    // Follows the theme variables VS Code sets on <html>.
    const bg = (await canvasInk(page, '.pb-lanes > canvas')).bg;
    assert.deepEqual(bg, [0x1e, 0x1e, 0x1e]);
    await page.screenshot({ path: path.join(SHOTS, 'report-webview-dark.png') });
    // A theme switch (VS Code swaps the variables and the body class) repaints in the new colours.
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#000000');
      document.documentElement.style.setProperty('--vscode-contrastBorder', '#6fc3df');
      document.body.className = 'vscode-high-contrast';
    });
    await settle(page);
    assert.deepEqual((await canvasInk(page, '.pb-lanes > canvas')).bg, [0, 0, 0]);
    await page.screenshot({ path: path.join(SHOTS, 'report-webview-high-contrast.png') });
    await closeWithoutProblems(page, problems);
  });

  it('stays usable at 100,000 calls: no DOM node per round, a step redraws quickly', async () => {
    const url = await writeWebviewPage({
      hostScript: `
        const pb = window.plugbench;
        const records = pb.syntheticTimeline({ tasks: 2000, calls: 100000, seed: 9, quotas: [{ namespace: 'gpu', quota: 8 }, { namespace: 'api', quota: 400 }] });
        window.view = pb.mountTimelineView(document.getElementById('app'), { records, title: '100,000 calls', cssNonce: window.__nonce });`,
    });
    const { page, problems } = await openView(browser!.context, url);
    await settle(page);
    assert.match(await text(page, '.pb-step'), /before run round 1/);
    const nodes = await page.evaluate(() => document.querySelectorAll('*').length);
    assert.ok(nodes < 1500, `${nodes} DOM nodes`);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await settle(page);
    assert.equal(await cursorOf(page), 99_998);
    // The cursor's lane is scrolled into view: its label row is highlighted on screen.
    const row = await page.evaluate(() => {
      const v = (window as unknown as { view: { model: { callLane: number[]; laneRow(l: number): number } } }).view;
      return v.model.laneRow(v.model.callLane[99_998]!);
    });
    const scrollTop = await page.$eval('.pb-lanes-scroll', (e) => e.scrollTop);
    const height = await page.$eval('.pb-lanes-scroll', (e) => e.clientHeight);
    assert.ok(
      row * LAYOUT.rowHeight >= scrollTop && (row + 1) * LAYOUT.rowHeight <= scrollTop + height - LAYOUT.headerHeight,
      `row ${row} in view (scrollTop ${scrollTop}, height ${height})`,
    );
    const nodesAfter = await page.evaluate(() => document.querySelectorAll('*').length);
    assert.ok(nodesAfter < 1500, `${nodesAfter} DOM nodes after stepping`);
    assert.ok((await canvasInk(page, '.pb-lanes > canvas')).ink > 20_000);
    await page.screenshot({ path: path.join(SHOTS, 'report-100k.png') });
    await closeWithoutProblems(page, problems);
  });

  it('embeds a large timeline in columns, gzipped in base64; the report shows every record of it', async () => {
    const big = syntheticTimeline({ tasks: 200, calls: 6000, seed: 5 });
    assert.ok(JSON.stringify(big).length > COMPRESS_ABOVE_CHARS, 'the synthetic run is large enough to be compressed');
    const element = timelineDataElement(big);
    const m =
      /^<script type="application\/octet-stream" id="plugbench-timeline" data-encoding="columns\+gzip\+base64">([A-Za-z0-9+/=]+)<\/script>$/.exec(
        element,
      );
    assert.ok(m, element.slice(0, 200));
    const decoded = decodeTimelineColumns(gunzipSync(Buffer.from(m[1]!, 'base64')));
    assert.deepEqual(
      Array.from({ length: decoded.length }, (_, k) => decoded.record(k)),
      big,
    );
    // A small one stays plain JSON, readable in the file, exactly JSON.stringify's.
    assert.equal(
      timelineDataElement(records),
      `<script type="application/json" id="plugbench-timeline">${scriptSafeJson(records)}</script>`,
    );

    const html = await renderHtmlReport(big, { title: 'large run' });
    assert.ok(html.length < JSON.stringify(big).length / 4, `${html.length} chars of HTML`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-report-'));
    const file = path.join(dir, 'large.html');
    writeFileSync(file, html);
    const { page, problems } = await openView(browser!.context, `file://${file}`);
    await page.waitForFunction(() => (window as unknown as { plugbenchView?: unknown }).plugbenchView !== undefined);
    await settle(page);
    const bigCalls = big.filter((r): r is CallRecord => r.kind === 'call');
    const calls = await page.evaluate(
      () => (window as unknown as { plugbenchView: { model: { callCount: number } } }).plugbenchView.model.callCount,
    );
    assert.equal(calls, bigCalls.length);
    // Records are parsed when shown: the inspector shows the whole record of a round anywhere in the run.
    const k = bigCalls.findIndex((c, i) => i > 3000 && c.decision?.code === 'round-error');
    assert.ok(k > 0, 'a round error past the middle');
    await page.evaluate((call) => {
      (window as unknown as { plugbenchView: { setCursor(c: number): void } }).plugbenchView.setCursor(call);
    }, k);
    await settle(page);
    const inspector = await text(page, '.pb-inspector');
    assert.ok(inspector.includes(taskRoundText(bigCalls[k]!)), inspector);
    assert.ok(inspector.includes(bigCalls[k]!.decision!.message), inspector);
    const shown = await page.evaluate(
      (call) =>
        JSON.stringify(
          (window as unknown as { plugbenchView: { model: { calls: unknown[] } } }).plugbenchView.model.calls[call],
        ),
      k,
    );
    assert.equal(shown, JSON.stringify(bigCalls[k]), 'the record as it was written');
    await closeWithoutProblems(page, problems);
  });
});
