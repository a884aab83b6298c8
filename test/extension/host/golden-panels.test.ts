// Golden timelines in the editor with the fake VS Code API: a golden opens in a panel of its own (one per file)
// and leaves the live run alone; Compare with Golden shows the golden check's differences; the palette's Open
// Timeline, with no timeline file at hand, offers a pick.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareWithGolden, goldenText } from '@plugbench/sdk/timeline';
import { Uri } from '../fake-vscode';
import { goldenWithChangedRound } from '../../support/changed-golden';
import { ROOT } from '../support';
import { fakeExtensionSuite } from '../fake-extension';

const ECHO = JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'));

/** A workspace with one fixture naming the golden timeline `fixtures/golden/two.ndjson` (not written yet). */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-goldens-'));
  fs.mkdirSync(path.join(dir, 'fixtures'));
  // A loose fixture (no package.json above) keeps its golden timeline within its own folder.
  fs.mkdirSync(path.join(dir, 'fixtures/golden'));
  fs.writeFileSync(
    path.join(dir, 'fixtures/two.fixture.yaml'),
    `name: two
plugin: { module: ${ECHO}, export: createEchoEntry, config: { sleepDurationMs: 20000 } }
golden: golden/two.ndjson
tasks:
  - { id: a, type: echo }
  - { id: b, type: echo }
`,
  );
  return dir;
}

describe('golden timelines in the editor (fake VS Code)', function () {
  this.timeout(60000);
  const pb = fakeExtensionSuite(workspace);
  let fixture: string;
  let golden: string;

  beforeEach(async () => {
    fixture = path.join(pb.ws, 'fixtures/two.fixture.yaml');
    golden = path.join(pb.ws, 'fixtures/golden/two.ndjson');
    await pb.activate();
  });

  it('opens a golden in a panel of its own, once per file, and the live run goes on', async () => {
    const done = (await pb.ext.runFixture({ file: fixture }, 'run'))!;
    fs.writeFileSync(golden, goldenText(done.records));
    const live = (await pb.ext.runFixture({ file: fixture }, 'step'))!;
    await live.step();
    const livePanel = pb.ext.panel!;
    await pb.fake.vscode.commands.executeCommand('plugbench.openTimeline', Uri.file(golden));
    assert.equal(pb.ext.goldens.panels.size, 1);
    const goldenPanel = pb.ext.goldens.panels.get(golden)!;
    assert.notEqual(goldenPanel, livePanel);
    assert.equal(goldenPanel.source.kind, 'static');
    // The live run is untouched: same panel, same session, still paused and able to go on.
    assert.equal(pb.ext.panel, livePanel);
    assert.equal(livePanel.session, live);
    assert.equal(live.phase, 'paused', `${live.status.message}\n${pb.fake.log.join('\n')}`);
    await live.step();
    assert.equal(live.rounds, 2);
    // Opening it again focuses the same panel; the Explorer's item does the same.
    const before = pb.fake.panels.length;
    await pb.fake.vscode.commands.executeCommand('plugbench.openGoldenTimeline', Uri.file(golden));
    assert.equal(pb.fake.panels.length, before);
    // Closing the golden leaves the live run.
    goldenPanel.dispose();
    assert.equal(pb.ext.goldens.panels.size, 0);
    assert.equal(pb.ext.panel, livePanel);
    assert.equal(live.phase, 'paused');
  });

  it("compares the open run with its fixture's golden: the golden check's differences, at their rounds", async () => {
    const done = (await pb.ext.runFixture({ file: fixture }, 'run'))!;
    fs.writeFileSync(golden, goldenWithChangedRound(goldenText(done.records), 2));
    await pb.fake.vscode.commands.executeCommand('plugbench.compareWithGolden');
    const compare = pb.ext.goldens.compare!;
    assert.ok(compare, 'a comparison opened');
    assert.deepEqual(
      compare.comparison.differences.map((d) => [d.run, d.golden, d.fields.map((f) => f.path)]),
      [[2, 2, ['$.pluginPhase.reason']]],
    );
    // The webview gets both timelines and the differences once it is ready, its cursor on the first difference.
    const panel = pb.fake.panels[pb.fake.panels.length - 1]!;
    assert.equal(panel.viewType, 'plugbench.compare');
    panel.webview.receive({ type: 'ready' });
    const load = panel.webview.posted.find((m) => (m as { type: string }).type === 'compareLoad') as {
      cursor: number;
      differences: unknown[];
      run: { records: unknown[] };
    };
    assert.equal(load.cursor, 2);
    assert.equal(load.differences.length, 1);
    assert.equal(load.run.records.length, done.records.length);
    // The webview's state comes back validated; anything else is refused.
    panel.webview.receive({
      type: 'compareState',
      cursor: 2,
      goldenCursor: 2,
      layout: 'stacked',
      difference: 0,
      text: 'x',
    });
    assert.equal(compare.state?.layout, 'stacked');
    panel.webview.receive({ type: 'compareState', cursor: 'x' });
    assert.equal(compare.state?.cursor, 2);
    await pb.fake.vscode.commands.executeCommand('plugbench.nextDifference');
    assert.deepEqual(panel.webview.posted.at(-1), { type: 'compareAction', action: 'nextDifference' });
  });

  it('says what to do when the fixture has no golden timeline yet', async () => {
    await pb.ext.runFixture({ file: fixture }, 'run');
    await pb.fake.vscode.commands.executeCommand('plugbench.compareWithGolden');
    assert.equal(pb.ext.goldens.compare, undefined);
    assert.ok(
      pb.fake.messages.some((m) =>
        /no golden timeline at .*two\.ndjson yet; record it with: plugbench test --update-golden/.test(m.text),
      ),
      JSON.stringify(pb.fake.messages),
    );
  });

  it("offers the workspace's timeline files when the palette's Open Timeline has none at hand", async () => {
    fs.writeFileSync(golden, '');
    pb.fake.setQuickPickAnswer((items) => (items as { uri?: Uri }[]).find((i) => i.uri));
    await pb.fake.vscode.commands.executeCommand('plugbench.openTimeline');
    const pick = pb.fake.quickPicks.at(-1)!.items as { label: string }[];
    assert.deepEqual(
      pick.map((i) => i.label),
      ['two.ndjson', '$(folder-opened) Browse…'],
    );
  });

  it('a run in the editor, stepped or run to the end, matches its committed golden timeline', async () => {
    const examples = path.join(ROOT, 'examples');
    const file = path.join(examples, 'fixtures/webapi-quota.fixture.yaml');
    const goldenText = fs.readFileSync(path.join(examples, 'golden/webapi-quota.ndjson'), 'utf8');
    const run = (await pb.ext.runFixture({ file }, 'run'))!;
    assert.equal(run.phase, 'finished', run.status.message);
    // The golden check's comparison finds nothing: the run ends with its run.finished, as plugbench test's does.
    assert.deepEqual(compareWithGolden(goldenText, run.records).differences, []);
    const stepped = (await pb.ext.runFixture({ file }, 'step'))!;
    for (let i = 0; i < 5; i++) await stepped.step();
    await stepped.runToNext('event');
    await stepped.runToEnd();
    assert.deepEqual(compareWithGolden(goldenText, stepped.records).differences, []);
  });
});
