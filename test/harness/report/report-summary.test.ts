/**
 * The HTML report's first screen: it opens at the run's last round, under a summary of the expectations and
 * contract checks, failures first, each moving the cursor to the round it is decided at.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CallRecord } from '@plugbench/sdk/timeline';
import { orderedItems, summaryCounts, type SummaryItem } from '@plugbench/sdk/timeline';
import { runFixture } from '../../../harness/src/run-fixture';
import { renderHtmlReport } from '../../../harness/src/report/html';
import { reportSummary, summaryOfRun } from '../../../harness/src/report/summary';
import { loadFixture } from '../../../harness/src/fixture/load';
import { launchChromium, openView, requireChromium, settle } from '../../view/chromium';

const ECHO = path.resolve(__dirname, '../../../examples/plugins/echo.ts');

const item = (group: string, label: string, passed: boolean): SummaryItem => ({
  group,
  kind: 'expectation',
  label,
  passed,
  call: -1,
});

describe('HTML report summary', function () {
  this.timeout(120_000);
  let dir: string;
  let fixture: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-summary-'));
    fixture = path.join(dir, 'two.fixture.yaml');
    // Task b expects an event it never sends: one failed expectation among passing ones.
    writeFileSync(
      fixture,
      `name: two-echoes
plugin: { module: ${JSON.stringify(ECHO)}, export: createEchoEntry, config: { sleepDurationMs: 0 } }
tasks:
  - id: a
    type: echo
    expect: { nodePhase: Succeeded, events: [SUCCEEDED:0] }
  - id: b
    type: echo
    expect: { nodePhase: Succeeded, events: [RUNNING:0] }
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('orders failures first, keeping the groups and the order within them', () => {
    const items = [
      item('a', 'events', true),
      item('b', 'phase', true),
      item('b', 'events', false),
      item('run', 'replay', false),
    ];
    assert.deepEqual(
      orderedItems(items).map((i) => `${i.group} ${i.label}`),
      ['b events', 'run replay', 'a events', 'b phase'],
    );
    const counts = summaryCounts(items);
    assert.deepEqual([counts.failed, counts.passed], [2, 2]);
    assert.equal(counts.text, '2 failed, 2 passed (4 expectations and checks)');
  });

  it("places each task's expectations at its last round and counts what passed and failed", async () => {
    const result = await runFixture(fixture);
    const summary = reportSummary((await loadFixture(fixture)).fixture, result);
    assert.equal(summary.passed, false);
    const calls = result.timeline.filter((r): r is CallRecord => r.kind === 'call');
    const lastOf = (task: string) => calls.map((c) => c.task).lastIndexOf(task);
    const failed = summary.items.filter((i) => !i.passed);
    assert.deepEqual(
      failed.map((i) => [i.group, i.label, i.call]),
      [['b', 'events', lastOf('b')]],
    );
    assert.match(failed[0]!.message ?? '', /task b: the events sent differ/);
    const a = summary.items.filter((i) => i.group === 'a');
    assert.deepEqual(
      a.map((i) => [i.label, i.passed, i.call]),
      [
        ['nodePhase', true, lastOf('a')],
        ['events', true, lastOf('a')],
      ],
    );
    assert.ok(
      summary.items.some((i) => i.kind === 'check' && i.group === 'run'),
      'the contract checks are listed',
    );
    const onlyA = reportSummary((await loadFixture(fixture)).fixture, result, 'a');
    assert.deepEqual([...new Set(onlyA.items.map((i) => i.group))], ['a']);
  });

  it('opens the report at the last round, under the summary, and a failure moves the cursor to its round', async function () {
    requireChromium(this);
    const result = await runFixture(fixture);
    const summary = await summaryOfRun(result);
    assert.ok(summary);
    const file = path.join(dir, 'report.html');
    writeFileSync(file, await renderHtmlReport(result.timeline, { title: 'two-echoes', summary }));
    const browser = await launchChromium();
    try {
      const { page, problems } = await openView(browser.context, `file://${file}`);
      const calls = result.timeline.filter((r): r is CallRecord => r.kind === 'call');
      const cursor = () => page.$eval('.pb-root', (e) => Number(e.getAttribute('data-cursor')));
      assert.equal(await cursor(), calls.length - 1, 'the report opens where the run ended');
      const title = await page.$eval('.pbr-title', (e) => (e as HTMLElement).innerText);
      assert.match(title, /failed two-echoes: 1 failed, \d+ passed/);
      const first = await page.$eval('.pbr-item', (e) => (e as HTMLElement).innerText);
      assert.match(first, /^failed\s+b · expectation events/);
      await page.keyboard.press('Home');
      await settle(page);
      assert.equal(await cursor(), -1);
      await page.click('.pbr-item[data-passed="false"] .pbr-round');
      await settle(page);
      assert.equal(await cursor(), calls.map((c) => c.task).lastIndexOf('b'));
      await page.screenshot({
        path: path.resolve(__dirname, '../../../test-artifacts/screenshots/report-summary.png'),
      });
      assert.deepEqual(problems, [], 'console errors');
    } finally {
      await browser.close();
    }
  });
});
