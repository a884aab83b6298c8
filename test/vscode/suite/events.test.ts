// The event list and the overview strip in the real VS Code (issue 15): a fixture's timeline run to the end lists
// every round; clicking a row and the list's keys move the session's cursor; the host moving the cursor selects
// the row; the kind filter narrows the list; dragging on the overview zooms the lanes and a double click shows the
// whole run again. Screenshots in every theme and size.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { RunSession } from '../../../extension/src/session/run-session';
import { hasDriver } from './driver';
import { plugbench } from './extension-api';
import { screenshotsInThemes } from './screens';
import { until } from './until';
import { inWebview } from './webview';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const FIXTURE = path.join(EXAMPLES, 'fixtures', 'webapi-quota.fixture.yaml');

const ROW = '.pb-events-list [role="option"]';
const SELECTED = '.pb-events-list [role="option"][aria-selected="true"]';

describe('event list and overview in VS Code', function () {
  this.timeout(240000);
  let pb: PlugbenchExtension;
  let s: RunSession;
  /** Text the timeline webview shows once the run is listed, to find its frame. */
  let shows = '';

  before(async function () {
    if (!hasDriver()) this.skip();
    pb = await plugbench();
    await pb.index.refresh();
    await vscode.commands.executeCommand('plugbench.stepFixture', { file: FIXTURE });
    s = pb.panel!.session!;
    await until('the fixture to open', () => s.phase === 'paused', 60000);
    await vscode.commands.executeCommand('plugbench.runToEnd');
    await until('the run to finish', () => s.phase === 'finished' || s.phase === 'error', 60000);
    assert.strictEqual(s.phase, 'finished', s.status.message);
    await pb.panel!.whenReady;
    shows = `${s.model.calls.length} rounds`;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists every round of the run, and a click on a row moves the cursor', async () => {
    const n = s.model.calls.length;
    const [count, first] = await inWebview(
      shows,
      [],
      [{ selector: '.pb-events-count' }, { selector: ROW, attribute: 'aria-label' }],
    );
    assert.strictEqual(count, `${n} rounds`);
    // The list is scrolled to the cursor (the last round): its rows are the run's last ones.
    assert.match(first!, / \(run round \d+ of \d+\)/);

    const [call, label] = await inWebview(
      shows,
      [{ click: ROW, nth: 2 }],
      [
        { selector: SELECTED, attribute: 'data-call' },
        { selector: SELECTED, attribute: 'aria-label' },
      ],
    );
    const k = Number(call);
    await until(`the session's cursor at ${k}`, () => s.cursor === k, 10000);
    const rec = s.model.calls[k]!;
    assert.ok(label!.startsWith(`${rec.task} round ${rec.round}`), label!);
    assert.ok(label!.includes(`(run round ${k + 1} of ${n})`), label!);
  });

  it("moves the cursor with the list's keys, and selects the row when the host moves the cursor", async () => {
    const [first] = await inWebview(shows, [{ click: ROW, nth: 1 }], [{ selector: SELECTED, attribute: 'data-call' }]);
    const k = Number(first);
    await until('the click to reach the session', () => s.cursor === k, 10000);
    await inWebview(shows, [{ press: 'ArrowDown' }, { press: 'ArrowDown' }]);
    await until(`two rows down (${k + 2}), got ${s.cursor}`, () => s.cursor === k + 2, 10000);
    await inWebview(shows, [{ press: 'Home' }]);
    await until('Home: the first round, not a reset', () => s.cursor === 0, 10000);
    assert.strictEqual(s.phase, 'finished', 'Home in the list moves the cursor only');

    // The host moves the cursor (the palette's commands, a breakpoint): the list selects and shows the row.
    const far = s.model.calls.length - 3;
    s.seek(far);
    await (pb.panel as unknown as { panel: vscode.WebviewPanel }).panel.webview.postMessage({
      type: 'seek',
      call: far,
    });
    const [sel, scrolled] = await inWebview(
      shows,
      [{ settle: 300 }],
      [
        { selector: SELECTED, attribute: 'data-call' },
        { selector: '.pb-events-list', attribute: 'aria-activedescendant' },
      ],
    );
    assert.strictEqual(Number(sel), far);
    assert.ok(scrolled?.endsWith(`-${far}`), `aria-activedescendant ${scrolled}`);
  });

  it('narrows the list to the rounds that sent an event', async () => {
    const n = s.model.calls.length;
    const events = s.model.calls.filter((c) => c.events.length > 0).length;
    const [count, label] = await inWebview(
      shows,
      [{ select: '.pb-events-kind', value: 'events' }],
      [{ selector: '.pb-events-count' }, { selector: ROW, attribute: 'aria-label' }],
    );
    assert.strictEqual(count, `${events} of ${n} rounds`);
    assert.match(label!, /sent [A-Z_]+ v\d+/);
    const [back] = await inWebview(
      `${events} of ${n} rounds`,
      [{ select: '.pb-events-kind', value: 'all' }],
      [{ selector: '.pb-events-count' }],
    );
    assert.strictEqual(back, `${n} rounds`);
  });

  it('zooms the lanes to a range dragged on the overview, and shows the whole run on a double click', async () => {
    const n = s.model.calls.length;
    const [text, zoomed] = await inWebview(
      shows,
      // Well inside the miniature, which starts after the lane-name column and, depending on the layout, may end
      // before the strip does.
      [{ drag: '.pb-overview', from: [0.35, 0.5], to: [0.55, 0.5] }],
      [
        { selector: '.pb-overview', attribute: 'aria-valuetext' },
        { selector: '.pb-overview', attribute: 'data-zoomed' },
      ],
    );
    assert.strictEqual(zoomed, 'true');
    const m = /^run round (\d+) to run round (\d+) of (\d+)$/.exec(text!);
    assert.ok(m, text!);
    assert.strictEqual(Number(m[3]), n);
    assert.ok(Number(m[1]) > 1 && Number(m[2]) < n, `a part of the run: ${text}`);

    if (hasDriver()) {
      const files = await screenshotsInThemes('event-list', shows);
      assert.strictEqual(files.length, 16, 'two files per theme and size');
    }

    const [whole] = await inWebview(
      shows,
      [{ dblclick: '.pb-overview', at: [0.6, 0.5] }],
      [{ selector: '.pb-overview', attribute: 'aria-valuetext' }],
    );
    assert.strictEqual(whole, 'the whole run');
  });
});
