// The timeline's look in a real VS Code: the empty state before the first round (the tasks listed, what to press),
// a finished run whose legend names every phase and mark the lanes draw, the layout at 1600x1000 and 1000x700
// (lanes sized to their rows, pools and inspector usable), WCAG AA with distinct phase colours in the dark, light
// and both high-contrast themes (the view resolves its palette from the theme's variables and reports what fails),
// a retryable failure drawn in its colour, and screenshots of all of it in every theme and size.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { runRoundOf } from '../../../sdk/src/timeline/words';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { ViewProbe } from '../../../extension/src/protocol/webview-messages';
import { hasDriver, setViewport } from './driver';
import { plugbench } from './extension-api';
import { SCREEN_SIZES, SCREEN_THEMES, screenshotsInThemes } from './screens';
import { until } from './until';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const fixture = (name: string) => path.join(EXAMPLES, 'fixtures', name);

/** The view's theme kind in each of the screenshot themes. */
const KIND: Record<(typeof SCREEN_THEMES)[number]['slug'], string> = {
  dark: 'dark',
  light: 'light',
  'hc-dark': 'hcDark',
  'hc-light': 'hcLight',
};

/** Asks the webview until its probe satisfies `ok`; the last probe is in the failure. */
async function probeUntil(pb: PlugbenchExtension, what: string, ok: (p: ViewProbe) => boolean): Promise<ViewProbe> {
  const deadline = Date.now() + 30000;
  let last: ViewProbe | null = null;
  while (Date.now() < deadline) {
    const panel = pb.panel;
    if (panel) {
      await panel.whenReady;
      last = await Promise.race([panel.probe(), new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      if (last && ok(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; last probe: ${JSON.stringify(last)}`);
}

function assertLegendNamesWhatIsDrawn(p: ViewProbe): void {
  for (const ph of p.drawn.phases)
    assert.ok(p.legend.phases.includes(ph), `${ph} drawn, not in the legend ${p.legend.phases}`);
  for (const m of p.drawn.markers)
    assert.ok(p.legend.markers.includes(m), `${m} drawn, not in the legend ${p.legend.markers}`);
}

describe('timeline look in VS Code', function () {
  this.timeout(600000);
  let pb: PlugbenchExtension;

  before(async () => {
    pb = await plugbench();
    await pb.index.refresh();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('look: lists the tasks before their first round and says what to press', async () => {
    await vscode.commands.executeCommand('plugbench.stepFixture', { file: fixture('webapi-quota.fixture.yaml') });
    await until('the fixture to open', () => pb.panel?.session?.phase === 'paused', 60000);
    const p = await probeUntil(pb, 'the empty state with its tasks', (x) => x.laneLabels.length === 5);
    assert.deepStrictEqual(p.laneLabels, ['job-1', 'job-2', 'job-3', 'job-4', 'job-5']);
    assert.match(p.emptyText, /Press Step \(/);
    assert.match(p.inspectorTitle, /Before the first round/);
    if (hasDriver()) await screenshotsInThemes('timeline-empty', 'Press Step');
  });

  it('look: names every phase drawn in the legend, lays out at both sizes, passes AA in every theme', async () => {
    await vscode.commands.executeCommand('plugbench.runToEnd');
    const s = pb.panel!.session!;
    await until('the run to finish', () => s.phase === 'finished', 120000);
    const n = runRoundOf(s.model.calls, s.model.calls.length - 1);
    const end = `(run round ${n} of ${n})`;
    const p = await probeUntil(pb, 'the last round in the inspector', (x) => x.inspectorTitle.endsWith(end));
    assertLegendNamesWhatIsDrawn(p);
    assert.ok(p.drawn.phases.includes('WaitingForResources'), 'five tasks on a quota of two wait');
    if (!hasDriver()) return;
    for (const size of SCREEN_SIZES) {
      await setViewport(size.width, size.height);
      const at = await probeUntil(pb, `the layout at ${size.width}x${size.height}`, (x) => x.width !== p.width);
      const where = `${size.width}x${size.height}: ${JSON.stringify(at)}`;
      const share = at.narrow ? 0.2 : 0.5;
      assert.ok(at.lanesHeight >= Math.min(at.lanesContentHeight, share * at.height) - 1, `lanes cut: ${where}`);
      assert.ok(at.lanesHeight <= at.lanesContentHeight + 1, `lanes taller than their rows: ${where}`);
      assert.ok(at.poolsHeight >= 90, `pools squeezed: ${where}`);
      if (at.narrow) assert.ok(at.inspectorHeight >= 160, `inspector squeezed: ${where}`);
      else assert.ok(at.inspectorWidth >= 240, `inspector squeezed: ${where}`);
      console.log(
        `      ${size.width}x${size.height}: view ${at.width}x${at.height}, lanes ${at.lanesHeight}/${at.lanesContentHeight} px, pools ${at.poolsHeight} px, inspector ${at.inspectorWidth}x${at.inspectorHeight} px${at.narrow ? ' (stacked)' : ''}`,
      );
    }
    const config = vscode.workspace.getConfiguration('workbench');
    const before = config.inspect<string>('colorTheme')?.globalValue;
    try {
      for (const theme of SCREEN_THEMES) {
        await config.update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
        const t = await probeUntil(pb, `the view in ${theme.id}`, (x) => x.themeKind === KIND[theme.slug]);
        assert.deepStrictEqual(t.contrastFailures, [], `${theme.id}: below WCAG AA`);
        assert.notStrictEqual(t.phaseColours.RetryableFailure, t.phaseColours.Running, theme.id);
      }
    } finally {
      await config.update('colorTheme', before, vscode.ConfigurationTarget.Global);
      await setViewport(1280, 800);
    }
    await screenshotsInThemes('timeline', end);
  });

  it('look: stays usable in a half-width editor group', async () => {
    const panel = pb.panel!;
    const wide = await probeUntil(pb, 'the view', () => true);
    // A text editor beside the timeline halves its group.
    const doc = await vscode.workspace.openTextDocument(fixture('webapi-quota.fixture.yaml'));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    try {
      (panel.panel as unknown as vscode.WebviewPanel).reveal(undefined, true);
      const half = await probeUntil(pb, 'the half-width view', (x) => x.width < wide.width * 0.7);
      const where = JSON.stringify(half);
      assert.ok(half.lanesHeight >= Math.min(half.lanesContentHeight, 100), `lanes cut: ${where}`);
      if (half.narrow) assert.ok(half.inspectorHeight >= 160, `inspector squeezed: ${where}`);
      else assert.ok(half.inspectorWidth >= 240, `inspector squeezed: ${where}`);
      assertLegendNamesWhatIsDrawn(half);
      console.log(
        `      half width: view ${half.width}x${half.height}${half.narrow ? ' (stacked)' : ''}, lanes ${half.lanesHeight}/${half.lanesContentHeight} px, pools ${half.poolsHeight} px, inspector ${half.inspectorWidth}x${half.inspectorHeight} px`,
      );
      if (hasDriver()) await screenshotsInThemes('timeline-half', 'run round');
    } finally {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const text = tabs.filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === doc.uri.fsPath);
      await vscode.window.tabGroups.close(text);
    }
  });

  it('look: draws a retryable failure in its colour and names it in the legend', async () => {
    await vscode.commands.executeCommand('plugbench.runFixture', {
      file: fixture('webapi-retry-and-abort.fixture.yaml'),
    });
    await until('the run to end', () => ['finished', 'error'].includes(pb.panel?.session?.phase ?? ''), 120000);
    const p = await probeUntil(pb, 'the finished run', (x) => x.drawn.phases.includes('RetryableFailure'));
    assertLegendNamesWhatIsDrawn(p);
    assert.ok(p.legend.phases.includes('RetryableFailure'));
    if (hasDriver()) await screenshotsInThemes('timeline-retry', 'RetryableFailure');
  });
});
