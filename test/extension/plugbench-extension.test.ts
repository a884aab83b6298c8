// The extension's classes with the fake VS Code API over a temporary workspace: discovery, the tree, diagnostics,
// CodeLens, restricted mode, Test Explorer, the timeline panel's messages, history and rerun.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderTree, type FakeTestController, FakeTextDocument, FakeWebviewPanel } from './fake-vscode';
import { ROOT } from './support';
import { fakeExtensionSuite } from './fake-extension';

const ECHO = JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'));

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ws-'));
  const w = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  w(
    'fixtures/good.fixture.yaml',
    `name: good
plugin:
  module: ${ECHO}
  export: createEchoEntry
  config: { sleepDurationMs: 20000 }
tasks:
  - id: one
    type: echo
    expect: { nodePhase: Succeeded, events: [RUNNING:0, SUCCEEDED:0] }
  - id: two
    type: echo
    expect: { nodePhase: Succeeded }
`,
  );
  w(
    'fixtures/wrong.fixture.json',
    JSON.stringify(
      {
        name: 'wrong',
        plugin: {
          module: path.join(ROOT, 'examples/plugins/echo.ts'),
          export: 'createEchoEntry',
          config: { sleepDurationMs: 0 },
        },
        tasks: [{ id: 'a', type: 'echo', expect: { events: ['RUNNING:0'] } }],
      },
      null,
      2,
    ),
  );
  w(
    'fixtures/broken.fixture.yaml',
    `name: broken
plugin: { module: ./nowhere.ts }
tasks:
  - id: a
    type: echo
    expect: { nodePhase: Finished }
  - id: b
    type: echo
    retries: -1
`,
  );
  w('plugins/my-plugin.ts', 'export const nothing = 1;\n');
  w('node_modules/pkg/x.fixture.yaml', 'ignored: true\n');
  return dir;
}

describe('extension (fake VS Code)', function () {
  this.timeout(60000);
  const pb = fakeExtensionSuite(workspace);
  const activate = (trusted = true) => pb.activate(trusted);

  it('finds fixtures and plugins with the default globs and shows them as a tree', async () => {
    await activate();
    const tree = await renderTree(pb.ext.tree);
    assert.equal(
      tree,
      [
        'Fixtures — 3',
        '  (error) broken — 3 problems · fixtures/broken.fixture.yaml',
        '    (warning) $.tasks[0].expect.nodePhase: Invalid option: expected one of "Queued"|"Running"|"Succeeding"|"RetryableFailure"|"Failing"|"Aborting"|"Succeeded"|"Failed"|"Aborted"',
        '    (warning) $.tasks[1].retries: Too small: expected number to be >=0',
        `    (warning) $.plugin.module: no such file: the plugin module "./nowhere.ts" resolves to ${path.join(pb.ws, 'fixtures/nowhere.ts')} (a module path is relative to the fixture file)`,
        '    (symbol-event) a — echo · expects nodePhase',
        '    (symbol-event) b — echo',
        '  (beaker) good — fixtures/good.fixture.yaml',
        '    (symbol-event) one — echo · expects nodePhase, events',
        '    (symbol-event) two — echo · expects nodePhase',
        '  (beaker) wrong — fixtures/wrong.fixture.json',
        '    (symbol-event) a — echo · expects events',
        'Plugins — 3',
        `  (plug) echo.ts — ${path.join(ROOT, 'examples/plugins/echo.ts')} · 2 fixtures`,
        '    (beaker) good — fixtures/good.fixture.yaml',
        '    (beaker) wrong — fixtures/wrong.fixture.json',
        // Named by broken's module: but not there: marked missing, not listed as a plugin like the others.
        '  (warning) nowhere.ts — missing · fixtures/nowhere.ts · 1 fixture',
        '    (beaker) broken — fixtures/broken.fixture.yaml',
        '  (plug) my-plugin.ts — plugins/my-plugin.ts',
      ].join('\n'),
    );
  });

  it('puts fixture problems at the offending value; JSON schema errors are left to the JSON service', async () => {
    await activate();
    assert.deepEqual(pb.fake.diagnosticsOf(path.join(pb.ws, 'fixtures/broken.fixture.yaml')), [
      '6:26 Invalid option: expected one of "Queued"|"Running"|"Succeeding"|"RetryableFailure"|"Failing"|"Aborting"|"Succeeded"|"Failed"|"Aborted" (at $.tasks[0].expect.nodePhase)',
      '9:14 Too small: expected number to be >=0 (at $.tasks[1].retries)',
      `2:19 no such file: the plugin module "./nowhere.ts" resolves to ${path.join(pb.ws, 'fixtures/nowhere.ts')} (a module path is relative to the fixture file) (at $.plugin.module)`,
    ]);
    // An unknown key in a JSON fixture: the JSON language service reports it from the schema; not twice.
    const bad = path.join(pb.ws, 'fixtures/typo.fixture.json');
    fs.writeFileSync(
      bad,
      '{\n  "tasks": [{ "id": "a", "type": "echo", "expcet": {} }],\n  "plugin": { "module": "../plugins/my-plugin.ts" }\n}\n',
    );
    await pb.ext.index.update(pb.fake.vscode.Uri.file(bad) as never);
    assert.deepEqual(pb.fake.diagnosticsOf(bad), []);
    // ...but a duplicate task id, which no JSON Schema can express, is reported.
    fs.writeFileSync(
      bad,
      '{\n  "tasks": [{ "id": "a", "type": "echo" }, { "id": "a", "type": "echo" }],\n  "plugin": { "module": "../plugins/my-plugin.ts" }\n}\n',
    );
    await pb.ext.index.update(pb.fake.vscode.Uri.file(bad) as never);
    assert.deepEqual(pb.fake.diagnosticsOf(bad), ['2:52 duplicate task id "a" (also tasks[0]) (at $.tasks[1].id)']);
  });

  it('updates diagnostics from unsaved edits', async () => {
    await activate();
    const file = path.join(pb.ws, 'fixtures/good.fixture.yaml');
    const doc = new FakeTextDocument(
      pb.fake.vscode.Uri.file(file),
      fs.readFileSync(file, 'utf8').replace('type: echo', 'type: echo\n    retries: -1'),
    );
    pb.fake.emitters.change.fire({ document: doc });
    const deadline = Date.now() + 5000;
    while (pb.fake.diagnosticsOf(file).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pb.fake.diagnosticsOf(file), [
      '9:14 Too small: expected number to be >=0 (at $.tasks[0].retries)',
    ]);
  });

  it('shows Run, Step, Test and Debug lenses on a fixture; in restricted mode one lens that says why', async () => {
    await activate();
    const lenses = (doc: string) =>
      (
        pb.ext.codeLens.provideCodeLenses({ uri: pb.fake.vscode.Uri.file(path.join(pb.ws, doc)) } as never) as {
          range: { start: { line: number } };
          command: { title: string };
        }[]
      ).map((l) => `${l.range.start.line + 1} ${l.command.title}`);
    assert.deepEqual(lenses('fixtures/good.fixture.yaml'), [
      '6 $(play) Run',
      '6 $(debug-step-over) Step',
      '6 $(beaker) Test',
      '6 $(debug-alt) Debug',
      '7 $(play) Run one',
      '7 $(debug-step-over) Step',
      '10 $(play) Run two',
      '10 $(debug-step-over) Step',
    ]);
    assert.deepEqual(lenses('fixtures/broken.fixture.yaml'), ['3 $(error) 3 problems: fix the fixture to run it']);
    pb.fake.state.trusted = false;
    assert.deepEqual(lenses('fixtures/good.fixture.yaml'), [
      '6 $(shield) plugbench runs plugin code only in a trusted workspace: Manage Workspace Trust',
    ]);
  });

  it('in restricted mode shows and validates fixtures, runs nothing, and says why with a way out', async () => {
    await activate(false);
    assert.match(await renderTree(pb.ext.tree), /good — fixtures\/good.fixture.yaml/);
    assert.equal(pb.fake.diagnosticsOf(path.join(pb.ws, 'fixtures/broken.fixture.yaml')).length, 3);
    pb.fake.answers.push('Manage Workspace Trust');
    const session = await pb.ext.runFixture({ file: path.join(pb.ws, 'fixtures/good.fixture.yaml') }, 'run');
    assert.equal(session, undefined);
    assert.equal(pb.fake.panels.length, 0);
    assert.match(pb.fake.messages[0]!.text, /only when you trust it/);
    assert.deepEqual(pb.fake.messages[0]!.items, ['Manage Workspace Trust']);
    await new Promise((r) => setImmediate(r));
    assert.ok(pb.fake.executed.some((e) => e.command === 'workbench.trust.manage'));
    // Test Explorer's run handler refuses too.
    await pb.ext.tests.runFiles(undefined);
    assert.equal((pb.fake.controllers[0] as FakeTestController).runs.length, 0);
  });

  it('lists fixtures in Test Explorer: fixture, tasks, their expectations, contract checks', async () => {
    await activate();
    const c = pb.fake.controllers[0] as FakeTestController;
    assert.equal(
      c.render(),
      [
        'broken [3] (error)',
        '  a [4]',
        '    node phase [4]',
        '  b [7]',
        '  contract checks [3]',
        'good [6]',
        '  one [7]',
        '    node phase [7]',
        '    events [7]',
        '  two [10]',
        '    node phase [10]',
        '  contract checks [6]',
        'wrong [10]',
        '  a [12]',
        '    events [12]',
        '  contract checks [10]',
      ].join('\n'),
    );
    assert.deepEqual(
      c.profiles.map((p) => p.label),
      ['Run fixtures', 'Debug fixtures'],
    );
  });

  it('runs the tests: passed, failed with an expected/actual diff at the expectation, errored for an invalid fixture', async () => {
    await activate();
    await pb.ext.tests.runFiles(undefined);
    const c = pb.fake.controllers[0] as FakeTestController;
    const run = c.runs[0]!;
    assert.equal(run.ended, true);
    const tree = c.render();
    assert.match(tree, /✅ good \[6\]/);
    assert.match(tree, /✅ {4}node phase \[7\]|✅ node phase \[7\]/);
    assert.match(tree, /❌ wrong \[10\]/);
    assert.match(tree, /⚠️ broken \[3\]/);
    const events = run.messages.get(`${path.join(pb.ws, 'fixtures/wrong.fixture.json')}#a/events`)![0]!;
    assert.equal(events.expectedOutput, JSON.stringify(['RUNNING:0'], null, 2));
    assert.equal(events.actualOutput, JSON.stringify(['SUCCEEDED:0'], null, 2));
    const wrongText = fs.readFileSync(path.join(pb.ws, 'fixtures/wrong.fixture.json'), 'utf8').split('\n');
    assert.equal(
      events.location?.range.start.line,
      wrongText.findIndex((l) => l.includes('"events"')),
    ); // at the expectation
    assert.match(run.output.join(''), /wrong\.fixture\.json: FAILED/);
    // The history knows, and the status bar says it.
    assert.equal(pb.ext.history.last?.kind, 'test');
    assert.equal(pb.ext.history.last?.outcome, 'failed');
    assert.match(String(pb.fake.statusItems[0]!.text), /1 passed, 1 failed, 1 errored/);
  });

  it('re-runs only what Test Explorer asks for (re-run failed includes just the failed items)', async () => {
    await activate();
    const c = pb.fake.controllers[0] as FakeTestController;
    const wrong = c.items.get(path.join(pb.ws, 'fixtures/wrong.fixture.json'))!;
    const events = wrong.children.get(`${wrong.id}#a`)!.children.get(`${wrong.id}#a/events`)!;
    const cts = new pb.fake.vscode.CancellationTokenSource();
    await c.profiles[0]!.runHandler(new pb.fake.vscode.TestRunRequest([events]), cts.token);
    const run = c.runs[0]!;
    assert.deepEqual(
      run.log.filter((l) => l.startsWith('started')),
      ['started events', 'started a', 'started wrong'],
    );
    assert.ok(!run.log.some((l) => l.includes('good')));
  });

  it('runs a fixture in the timeline panel: ready handshake, load, streamed records, a finished status', async () => {
    await activate();
    const session = (await pb.ext.runFixture({ file: path.join(pb.ws, 'fixtures/good.fixture.yaml') }, 'run'))!;
    assert.equal(session.phase, 'finished', session.status.message);
    const panel = pb.fake.panels[0]!;
    assert.equal(panel.viewType, 'plugbench.timeline');
    assert.match(
      panel.webview.html.replace(/&#39;/g, "'"),
      /content="default-src 'none'; img-src https:\/\/fake\.vscode-cdn\.net data:; style-src https:\/\/fake\.vscode-cdn\.net 'nonce-([A-Za-z0-9]+)'; script-src 'nonce-\1'">/,
    );
    assert.doesNotMatch(panel.webview.html, /unsafe-/);
    // Nothing is posted before the webview says it listens.
    assert.equal(panel.webview.posted.length, 0);
    panel.webview.receive({ type: 'ready' });
    const load = panel.webview.posted[0] as { type: string; records: unknown[]; status: { phase: string } };
    assert.equal(load.type, 'load');
    assert.equal(load.status.phase, 'finished');
    assert.ok(load.records.length > 5);
    assert.equal(pb.ext.history.last?.outcome, 'finished');
    assert.match(String(pb.fake.statusItems[0]!.text), /good: finished · run round (\d+) of \1$/);
  });

  it('steps, goes Back over recorded rounds without running, and runs again from here only when asked', async () => {
    await activate();
    const session = (await pb.ext.runFixture({ file: path.join(pb.ws, 'fixtures/good.fixture.yaml') }, 'step'))!;
    const panel = pb.fake.panels[0]!;
    panel.webview.receive({ type: 'ready' });
    assert.equal(session.rounds, 0);
    assert.equal(session.cursor, -1);
    await session.step();
    await session.step();
    await session.step();
    assert.equal(session.rounds, 3);
    assert.equal(session.cursor, 2);
    const records = session.records.length;
    await session.stepBack();
    assert.equal(session.rounds, 3, session.status.message);
    assert.equal(session.cursor, 1);
    assert.equal(session.records.length, records, 'Back drops nothing');
    // The slider moves back; step then moves through what is recorded, without a new round.
    panel.webview.receive({ type: 'intent', intent: { type: 'seek', call: 0 } });
    assert.equal(session.cursor, 0);
    await session.step();
    assert.equal(session.cursor, 1);
    assert.equal(session.rounds, 3);
    // The webview's Run again from here replays to the cursor and drops the later round; the webview gets a load.
    const posted = panel.webview.posted.length;
    panel.webview.receive({ type: 'command', command: 'runAgainFromHere' });
    await session.stepBack(); // queued behind the run again
    assert.equal(session.rounds, 2, session.status.message);
    assert.equal(session.model.calls.length, 2);
    assert.equal(session.cursor, 0);
    assert.ok(panel.webview.posted.slice(posted).some((m) => (m as { type: string }).type === 'load'));
    // Run to the next event from the newest round runs the runner again.
    session.seek(1);
    await session.runToNext('event');
    assert.ok(session.rounds > 2);
    assert.equal(
      pb.fake.messages.filter((m) => m.kind === 'warning').length,
      0,
      'a deterministic plugin replays the same',
    );
  });

  it('validates every webview message: an invalid one is logged and ignored', async () => {
    await activate();
    const session = (await pb.ext.runFixture({ file: path.join(pb.ws, 'fixtures/good.fixture.yaml') }, 'step'))!;
    const panel = pb.fake.panels[0]!;
    panel.webview.receive({ type: 'ready' });
    panel.webview.receive({ type: 'intent', intent: { type: 'seek', call: 'everything' } });
    panel.webview.receive({ type: 'intent', intent: { type: 'rm -rf' } });
    panel.webview.receive({ type: 'command', command: 'stop', extra: 1 });
    panel.webview.receive('not even an object');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(session.phase, 'paused');
    assert.equal(pb.fake.log.filter((l) => /ignored a message that is not valid/.test(l)).length, 4);
    panel.webview.receive({ type: 'error', message: 'TypeError: x is undefined', stack: 'at main.js:1' });
    assert.ok(pb.fake.log.some((l) => l.startsWith('error timeline webview: TypeError: x is undefined')));
  });

  it('restores a panel after a reload by replaying to where it was', async () => {
    await activate();
    const serializer = pb.fake.serializers.get('plugbench.timeline')!;
    const panel = new FakeWebviewPanel('plugbench.timeline', 'Timeline: good');
    await serializer.deserializeWebviewPanel(panel, {
      fixture: path.join(pb.ws, 'fixtures/good.fixture.yaml'),
      rounds: 2,
      ui: { cursor: 0 },
    });
    const s = pb.ext.panel!.session!;
    assert.equal(s.rounds, 2);
    assert.equal(s.cursor, 0);
    panel.webview.receive({ type: 'ready' });
    const load = panel.webview.posted[0] as { type: string; cursor: number; rounds: number };
    assert.deepEqual([load.type, load.cursor, load.rounds], ['load', 0, 2]);
    // A state that is not ours restores an empty panel that says so.
    const other = new FakeWebviewPanel('plugbench.timeline', 'x');
    await serializer.deserializeWebviewPanel(other, { what: 'ever' });
    other.webview.receive({ type: 'ready' });
    assert.match(JSON.stringify(other.webview.posted[0]), /Nothing to restore/);
  });

  it('reports a plugin that fails to load where it fails, and never silently', async () => {
    await activate();
    const plugin = path.join(pb.ws, 'plugins/bad-plugin.ts');
    fs.writeFileSync(plugin, 'export const entry = {\n  id: "x",\n  oops(: 1,\n};\n');
    const fixture = path.join(pb.ws, 'fixtures/bad.fixture.yaml');
    fs.writeFileSync(
      fixture,
      'plugin: { module: ../plugins/bad-plugin.ts, export: entry }\ntasks:\n  - id: a\n    type: x\n',
    );
    await pb.ext.index.update(pb.fake.vscode.Uri.file(fixture) as never);
    const session = (await pb.ext.runFixture({ file: fixture }, 'run'))!;
    assert.equal(session.phase, 'error');
    assert.equal(session.status.error?.kind, 'plugin-load');
    assert.deepEqual(
      pb.fake.diagnosticsOf(plugin).map((d) => d.split(' ')[0]),
      ['3:8'],
    );
    assert.ok(pb.fake.messages.some((m) => m.kind === 'error' && /the plugin did not load/.test(m.text)));
    assert.ok(pb.fake.log.some((l) => l.startsWith('error') && /does not compile/.test(l)));
  });

  it('opens the timeline of a test item from Test Explorer (its task, when it is a task or an expectation)', async () => {
    await activate();
    const c = pb.fake.controllers[0] as FakeTestController;
    const good = c.items.get(path.join(pb.ws, 'fixtures/good.fixture.yaml'))!;
    const expectation = good.children.get(`${good.id}#two`)!.children.get(`${good.id}#two/nodePhase`)!;
    await pb.fake.vscode.commands.executeCommand('plugbench.stepFixture', expectation);
    const s = pb.ext.panel!.session!;
    assert.equal(s.options.fixture, good.id);
    assert.equal(s.options.task, 'two');
    await pb.fake.vscode.commands.executeCommand('plugbench.stepFixture', good.children.get(`${good.id}#checks`));
    assert.equal(pb.ext.panel!.session!.options.task, undefined);
  });

  it('keeps a short history and reruns the last run the way it ran', async () => {
    await activate();
    await pb.ext.runFixture({ file: path.join(pb.ws, 'fixtures/good.fixture.yaml'), task: 'two' }, 'run');
    assert.deepEqual(
      pb.ext.history.entries.map((e) => `${e.kind} ${e.label} ${e.task} ${e.outcome}`),
      ['run fixtures/good.fixture.yaml two finished'],
    );
    await pb.fake.vscode.commands.executeCommand('plugbench.rerunLast');
    assert.equal(pb.ext.history.entries.length, 2);
    assert.equal(pb.ext.history.last?.task, 'two');
    assert.deepEqual(
      pb.ext.panel!.session!.info?.tasks.map((t) => t.id),
      ['two'],
    );
    // The history picker reruns what is picked.
    pb.fake.setQuickPickAnswer((items) => (items as { entry?: unknown }[])[1]);
    await pb.fake.vscode.commands.executeCommand('plugbench.showHistory');
    assert.equal(pb.ext.history.entries.length, 3);
  });
});
