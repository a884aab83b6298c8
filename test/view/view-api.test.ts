/**
 * The view's host API in a real Chromium (the system one), on a webview-like page: `setRecords` to fewer records and
 * fewer pools draws what a fresh view draws, `setLive` keeps the forward buttons usable at the last recorded call,
 * `setTitle`, and high-contrast colours in the inspector under VS Code's default webview styles. Screenshots go to
 * test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS, assertNoProblems, suiteChromium } from './browser-suite';
import { openView, settle } from './chromium';
import { VSCODE_THEMES, writeWebviewPage } from './page';
import { contrast, parseColour } from '../../view/src/colour';

/** WCAG contrast ratio of two computed `rgb(...)`/`rgba(...)` colours, by the view's own colour maths. */
function contrastOf(fg: string, bg: string): number {
  const [f, b] = [parseColour(fg), parseColour(bg)];
  assert.ok(f && b, `colours the view's parser reads: ${fg}, ${bg}`);
  return contrast(f, b);
}

describe('timeline view API in Chromium', function () {
  this.timeout(120_000);
  const browser = suiteChromium();

  /**
   * Opens a webview-like page whose host script runs with `pb`, the page's `window.plugbench`; `done` ends a test
   * as every browser test ends: no CSP violation or console error, and the page closed.
   */
  async function open(
    theme: keyof typeof VSCODE_THEMES,
    hostScript: string,
  ): Promise<{ page: Page; done(): Promise<void> }> {
    const { page, problems } = await openView(
      browser().context,
      await writeWebviewPage({ theme, hostScript: `const pb = window.plugbench;${hostScript}` }),
    );
    const done = async () => {
      await assertNoProblems(page, problems);
      await page.close();
    };
    return { page, done };
  }

  it('setRecords to fewer records and fewer pools draws what a fresh view draws, and append goes on from there', async () => {
    // Two views of the same size: `reused` goes through setRecords, `fresh` is mounted anew for each record set.
    const { page, done } = await open(
      'vscode-dark',
      `
      const app = document.getElementById('app');
      app.style.cssText = 'height: auto';
      const box = () => { const d = document.createElement('div'); d.style.cssText = 'height: 700px; width: 1200px'; app.append(d); return d; };
      const a = box(), b = box();
      window.sets = {
        three: pb.syntheticTimeline({ tasks: 14, seed: 5, quotas: [{ namespace: 'gpu', quota: 2 }, { namespace: 'api', quota: 3 }, { namespace: 'db', quota: 1 }] }),
        one: pb.syntheticTimeline({ tasks: 6, seed: 8, quotas: [{ namespace: 'api', quota: 2 }] }),
      };
      const opts = { documentKeys: false, cssNonce: window.__nonce };
      window.reused = pb.mountTimelineView(a, { ...opts, records: window.sets.three });
      window.reused.setCursor(window.reused.model.callCount - 1);
      window.remount = (records, cursor) => {
        window.fresh?.dispose();
        window.fresh = pb.mountTimelineView(b, { ...opts, records, initialUiState: { cursor } });
      };`,
    );
    type W = {
      sets: Record<string, { kind: string }[]>;
      reused: {
        model: { callCount: number; pools: { namespace: string }[] };
        cursor: number;
        setRecords(r: unknown[]): void;
        setCursor(c: number): void;
        append(r: unknown[], o?: { follow?: boolean }): void;
      };
      remount(records: unknown[], cursor: number): void;
    };
    /** Pool names, stats lines and canvas pixels of both views (first .pb-root: reused, second: fresh). */
    const pools = () =>
      page.$$eval('.pb-root', (roots) =>
        roots.map((r) =>
          Array.from(r.querySelectorAll('.pb-pool')).map((p) => ({
            name: p.getAttribute('data-namespace'),
            stats: (p.querySelector('.pb-pool-stats') as HTMLElement).innerText,
            lists: (p.querySelector('.pb-pool-lists') as HTMLElement).innerText,
            pixels: (p.querySelector('canvas') as HTMLCanvasElement).toDataURL(),
          })),
        ),
      );
    const check = async (what: string, records: string, cut: number, cursor: number, names: string[]) => {
      await page.evaluate(
        ([records, cut, cursor]) => {
          const w = window as unknown as W;
          const recs = w.sets[records as string]!;
          const n = cut as number;
          // A prefix that ends after the n-th call (as a step back reloads the run).
          let calls = 0;
          const end = recs.findIndex((r) => r.kind === 'call' && ++calls > n);
          const part = end < 0 ? recs : recs.slice(0, end);
          w.reused.setRecords(part);
          w.reused.setCursor(cursor as number);
          w.remount(part, cursor as number);
        },
        [records, cut, cursor] as const,
      );
      await settle(page);
      const [reused, fresh] = await pools();
      assert.deepEqual(
        reused!.map((p) => p.name),
        names,
        `${what}: pools shown`,
      );
      assert.deepEqual(
        reused!.map((p) => p.stats),
        fresh!.map((p) => p.stats),
        `${what}: stats as a fresh view's`,
      );
      assert.deepEqual(
        reused!.map((p) => p.lists),
        fresh!.map((p) => p.lists),
        `${what}: holders and waiters as a fresh view's`,
      );
      for (let i = 0; i < names.length; i++)
        assert.ok(reused![i]!.pixels === fresh![i]!.pixels, `${what}: ${names[i]} drawn as by a fresh view`);
    };

    const all = await page.evaluate(() => (window as unknown as W).reused.model.callCount);
    assert.ok(all > 60, `${all} calls`);
    // A step back: fewer records, the same pools.
    await check('step back', 'three', Math.floor(all / 2), Math.floor(all / 2) - 1, ['gpu', 'api', 'db']);
    // Back to before any resource call: the pools the quotas register, nothing held.
    await check('reset', 'three', 0, -1, ['gpu', 'api', 'db']);
    // Another record set with fewer pools: used to throw on the missing snapshots.
    const one = await page.evaluate(() => (window as unknown as W).sets.one!.filter((r) => r.kind === 'call').length);
    await check('fewer pools', 'one', one, one - 1, ['api']);
    // And more pools again, in the model's order.
    await check('more pools', 'three', all, 20, ['gpu', 'api', 'db']);

    // append after setRecords: the rest of a live run arrives.
    await page.evaluate(() => {
      const w = window as unknown as W;
      const recs = w.sets.three!;
      let calls = 0;
      const end = recs.findIndex((r) => r.kind === 'call' && ++calls > 30);
      w.reused.setRecords(recs.slice(0, end));
      w.reused.append(recs.slice(end), { follow: true });
      w.remount(recs, w.reused.model.callCount - 1);
    });
    await settle(page);
    const [reused, fresh] = await pools();
    assert.deepEqual(reused, fresh, 'append after setRecords: drawn as by a fresh view');
    await page.screenshot({ path: path.join(SHOTS, 'view-set-records.png') });
    await done();
  });

  it('live: Step, Next event, Next phase and To end stay enabled at the last recorded call and send intents', async () => {
    const { page, done } = await open(
      'vscode-dark',
      `
      window.intents = [];
      const records = pb.syntheticTimeline({ tasks: 4, seed: 1 });
      window.view = pb.mountTimelineView(document.getElementById('app'), {
        records, title: 'live', cssNonce: window.__nonce, live: true,
        onIntent: (intent) => window.intents.push(intent),
      });
      window.view.setCursor(window.view.model.callCount - 1);`,
    );
    type W = { view: { setLive(l: boolean): void }; intents: { type: string }[] };
    const disabled = () =>
      page.$$eval('.pb-btn[data-action]', (bs) =>
        Object.fromEntries(bs.map((b) => [b.getAttribute('data-action'), (b as HTMLButtonElement).disabled])),
      );
    const forward = ['step', 'nextEvent', 'nextPhaseChange', 'runToEnd'];
    const pick = (d: Record<string, boolean>) => forward.map((a) => d[a]);

    assert.deepEqual(pick(await disabled()), [false, false, false, false], 'live from the options');
    await page.click('.pb-btn[data-action="step"]');
    await page.click('.pb-btn[data-action="nextEvent"]');
    await page.click('.pb-btn[data-action="runToEnd"]');
    assert.deepEqual(
      (await page.evaluate(() => (window as unknown as W).intents)).map((i) => i.type),
      ['step', 'runToNext', 'runToEnd'],
    );

    await page.evaluate(() => (window as unknown as W).view.setLive(false));
    await settle(page);
    assert.deepEqual(pick(await disabled()), [true, true, true, true], 'a recorded timeline ends at its last call');
    assert.equal((await disabled()).stepBack, false);

    await page.evaluate(() => (window as unknown as W).view.setLive(true));
    await settle(page);
    assert.deepEqual(pick(await disabled()), [false, false, false, false], 'setLive(true)');
    await done();
  });

  it('setTitle changes the toolbar title and the accessible name; an empty one hides it', async () => {
    const { page, done } = await open(
      'vscode-dark',
      `
      window.view = pb.mountTimelineView(document.getElementById('app'), { records: pb.syntheticTimeline({ tasks: 2, seed: 1 }), cssNonce: window.__nonce });`,
    );
    type W = { view: { setTitle(t: string): void } };
    const title = () =>
      page.$eval('.pb-title', (e) => ({
        text: e.textContent,
        hidden: (e as HTMLElement).hidden,
        visible: (e as HTMLElement).offsetWidth > 0,
      }));
    const label = () => page.$eval('.pb-root', (e) => e.getAttribute('aria-label'));
    assert.deepEqual(await title(), { text: '', hidden: true, visible: false });
    assert.equal(await label(), 'Timeline');
    await page.evaluate(() => (window as unknown as W).view.setTitle('retry.yaml · task a'));
    assert.deepEqual(await title(), { text: 'retry.yaml · task a', hidden: false, visible: true });
    assert.equal(await label(), 'Timeline of retry.yaml · task a');
    assert.equal(await page.$eval('.pb-title', (e) => (e as HTMLElement).title), 'retry.yaml · task a');
    await page.evaluate(() => (window as unknown as W).view.setTitle(''));
    assert.deepEqual(await title(), { text: '', hidden: true, visible: false });
    await done();
  });

  for (const theme of ['vscode-high-contrast', 'vscode-high-contrast-light', 'vscode-dark'] as const) {
    it(`shows token names in the inspector's resource calls (${theme}, VS Code's default webview styles)`, async () => {
      const { page, done } = await open(
        theme,
        `
        const records = pb.syntheticTimeline({ tasks: 12, seed: 2 });
        window.view = pb.mountTimelineView(document.getElementById('app'), { records, title: 'tokens', cssNonce: window.__nonce });
        const calls = records.filter((r) => r.kind === 'call');
        window.view.setCursor(calls.findIndex((c) => c.resources.length > 0 && c.transition));`,
      );
      const codes = await page.$$eval('.pb-inspector .pb-code', (els) =>
        els.map((e) => {
          const s = getComputedStyle(e);
          // The background the text sits on: the code's own, or the first opaque one above it.
          let bg = s.backgroundColor;
          for (let p: Element | null = e; p && /rgba\(.*, 0\)|transparent/.test(bg); p = p.parentElement)
            bg = getComputedStyle(p).backgroundColor;
          return { text: e.textContent, color: s.color, bg, border: s.borderTopColor };
        }),
      );
      assert.ok(codes.length >= 2, `transition and token codes: ${JSON.stringify(codes)}`);
      for (const c of codes) {
        const ratio = contrastOf(c.color, c.bg);
        assert.ok(ratio >= 4.5, `${c.text}: ${c.color} on ${c.bg} (contrast ${ratio.toFixed(2)})`);
      }
      if (theme !== 'vscode-dark') {
        const border = VSCODE_THEMES[theme]['--vscode-contrastBorder'];
        const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(border.slice(i, i + 2), 16)).join(', ')})`;
        for (const c of codes) assert.equal(c.border, rgb, `${c.text}: the contrast border`);
      }
      const insp = (await page.$('.pb-inspector'))!;
      await insp.screenshot({ path: path.join(SHOTS, `view-inspector-${theme}.png`) });
      await done();
    });
  }
});
