// Golden timelines in a real VS Code (examples/ as the workspace): a golden opens in a panel of its own while a
// live run goes on; Compare with Golden shows a run beside a modified copy of its golden, on one cursor, and jumps
// to the first difference the golden check reports; the palette's Open Timeline offers a pick of timeline files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { compareGolden } from '@plugbench/sdk/timeline';
import { goldenWithChangedRound } from '../../support/changed-golden';
import type { ComparePanel } from '../../../extension/src/panel/compare-panel';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import { closeSuite, plugbenchReady } from './extension-api';
import { hasDriver, screenshot } from './driver';
import { screenshotsInThemes } from './screens';
import { until } from './until';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The comparison's state once its webview has said where the cursor is and `ok` holds. */
function stateOf(c: ComparePanel, what: string, ok: (s: NonNullable<ComparePanel['state']>) => boolean) {
  return until(what, () => (c.state && ok(c.state) ? c.state : undefined), 30000);
}

describe('goldens in VS Code', function () {
  this.timeout(240000);
  let pb: PlugbenchExtension;
  // In the workspace: the fixture's project (examples/) holds its golden timeline.
  const temp = fs.mkdtempSync(path.join(EXAMPLES, 'goldens-test-'));

  before(async () => {
    pb = await plugbenchReady();
  });
  after(() => closeSuite(pb, temp));

  it('goldens: opens a golden in its own panel while a live run goes on', async () => {
    await vscode.commands.executeCommand('plugbench.stepFixture', {
      file: path.join(EXAMPLES, 'fixtures', 'webapi-quota.fixture.yaml'),
    });
    const live = pb.panel!.session!;
    await until('the run to pause', () => live.phase === 'paused');
    await vscode.commands.executeCommand('plugbench.step');
    await vscode.commands.executeCommand('plugbench.step');
    const livePanel = pb.panel;
    const golden = path.join(EXAMPLES, 'golden', 'webapi-quota.ndjson');
    await vscode.commands.executeCommand('plugbench.openTimeline', vscode.Uri.file(golden));
    const goldenPanel = pb.goldens.panels.get(golden);
    assert.ok(goldenPanel, 'the golden has a panel');
    assert.notStrictEqual(goldenPanel, livePanel);
    await goldenPanel.whenReady;
    // The live run is still there, paused, and steps on.
    assert.strictEqual(pb.panel, livePanel);
    assert.strictEqual(pb.panel?.session, live);
    assert.strictEqual(live.phase, 'paused', live.status.message);
    await vscode.commands.executeCommand('plugbench.step');
    assert.strictEqual(live.rounds, 3);
    // Once per file: opening it again shows the same panel.
    await vscode.commands.executeCommand('plugbench.openGoldenTimeline', vscode.Uri.file(golden));
    assert.strictEqual(pb.goldens.panels.get(golden), goldenPanel);
    assert.strictEqual(pb.goldens.panels.size, 1);
    if (hasDriver()) await screenshot('golden-beside-live', 'recorded timeline');
    goldenPanel.dispose();
    assert.strictEqual(live.phase, 'paused');
  });

  it('goldens: compares a run with a changed golden side by side and jumps to the first difference', async () => {
    const source = fs.readFileSync(path.join(EXAMPLES, 'fixtures', 'webapi-quota.fixture.yaml'), 'utf8');
    const fixture = path.join(temp, 'webapi-quota-copy.fixture.yaml');
    const golden = path.join(temp, 'webapi-quota-copy.ndjson');
    // The temporary folder sits beside fixtures/: the plugin's relative path stays right.
    fs.writeFileSync(fixture, source.replace(/^golden: .*$/m, 'golden: webapi-quota-copy.ndjson'));
    const goldenText = fs.readFileSync(path.join(EXAMPLES, 'golden', 'webapi-quota.ndjson'), 'utf8');
    const changed = 6;
    fs.writeFileSync(golden, goldenWithChangedRound(goldenText, changed));
    await pb.index.update(vscode.Uri.file(fixture));

    await vscode.commands.executeCommand('plugbench.runFixture', { file: fixture });
    const s = pb.panel!.session!;
    await until('the run to finish', () => s.phase === 'finished' || s.phase === 'error', 60000);
    assert.strictEqual(s.phase, 'finished', s.status.message);
    await vscode.commands.executeCommand('plugbench.compareWithGolden');
    const compare = pb.goldens.compare;
    assert.ok(compare, 'a comparison opened');
    // The differences are the golden check's: the first is the record `plugbench test` reports.
    const first = compareGolden(fs.readFileSync(golden, 'utf8'), s.records);
    assert.ok(first, 'the golden check finds the change');
    assert.strictEqual(compare.comparison.differences.length, 1);
    assert.strictEqual(compare.comparison.differences[0]!.index, first.index);
    assert.strictEqual(compare.comparison.differences[0]!.run, changed);
    await compare.whenReady;
    // It opens on the first difference, side by side.
    let st = await stateOf(compare, 'the comparison to show', (x) => x.cursor === changed);
    assert.strictEqual(st.goldenCursor, changed);
    assert.strictEqual(st.layout, 'side-by-side');
    assert.strictEqual(st.difference, 0);
    assert.match(st.text, /first difference, call handle of task /);
    assert.match(st.text, /\$\.pluginPhase\.reason: golden "changed in this copy of the golden", run /);
    // Away and back: the toolbar's First difference (from the palette) brings the cursor back.
    compare.panel.webview.postMessage({ type: 'compareAction', action: 'toggleLayout' });
    st = await stateOf(compare, 'the stacked layout', (x) => x.layout === 'stacked');
    compare.panel.webview.postMessage({ type: 'compareAction', action: 'toggleLayout' });
    await stateOf(compare, 'side by side again', (x) => x.layout === 'side-by-side');
    await vscode.commands.executeCommand('plugbench.nextDifference');
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(compare.state?.cursor, changed, 'no difference after the only one: the cursor stays');
    await vscode.commands.executeCommand('plugbench.firstDifference');
    st = await stateOf(compare, 'the first difference', (x) => x.cursor === changed && x.difference === 0);
    if (hasDriver()) {
      const files = await screenshotsInThemes('golden-compare', 'First difference');
      assert.strictEqual(files.length > 0, true);
      for (const f of files) assert.ok(fs.statSync(f).size > 5000, `${f} looks empty`);
    }
  });

  it("goldens: the palette's Open Timeline with no timeline file at hand offers a pick", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const logged = pb.recentLog.length;
    let settled = false;
    const opening = Promise.resolve(vscode.commands.executeCommand('plugbench.openTimeline')).then(() => {
      settled = true;
    });
    const line = await until('the pick to be offered', () =>
      pb.recentLog.slice(logged).find((l) => /Open Timeline: offering \d+ timeline files of the workspace/.test(l)),
    );
    const offered = Number(/offering (\d+)/.exec(line)![1]);
    assert.ok(offered >= 12, `the examples' goldens are offered: ${line}`);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(settled, false, 'the command waits for the pick');
    if (hasDriver()) await screenshot('golden-open-timeline-pick');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await opening;
  });
});
