// plugbench in a real VS Code (code-server's 1.100 in headless Chromium), on the examples/ workspace: runs through
// commands, stepping and step back, Test Explorer results, diagnostics, completion, and screenshots of the webview.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { RunSession } from '../../../extension/src/session/run-session';
import { closeSuite, plugbenchReady } from './extension-api';
import { hasDriver, screenshot } from './driver';
import { until } from './until';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(ROOT, 'examples');
const fixture = (name: string) => path.join(EXAMPLES, 'fixtures', name);

/** Debug sessions alive, for messages. */
const liveSessions = new Map<string, vscode.DebugSession>();
vscode.debug.onDidStartDebugSession((s) => liveSessions.set(s.id, s));
vscode.debug.onDidTerminateDebugSession((s) => liveSessions.delete(s.id));
function describeSessions(): string {
  return [...liveSessions.values()]
    .map((s) => `${s.name} (${s.type}, parent ${s.parentSession?.name ?? 'none'})`)
    .join('; ');
}

/** Writes `text` to `file` and shows it in an editor. */
async function showWritten(file: string, text: string): Promise<vscode.TextDocument> {
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function session(pb: PlugbenchExtension): RunSession {
  const s = pb.panel?.session;
  assert.ok(s, 'no timeline session');
  return s;
}

describe('plugbench in VS Code', function () {
  this.timeout(120000);
  let pb: PlugbenchExtension;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-vscode-'));

  before(async () => {
    pb = await plugbenchReady();
  });
  after(() => closeSuite(pb, temp));

  it('finds the example fixtures and plugins', () => {
    const names = pb.index.fixtures.map((f) => f.name);
    for (const n of ['echo-basic', 'webapi-quota', 'hive-constraints'])
      assert.ok(names.includes(n), `${n} not in ${names.join(', ')}`);
    assert.ok(pb.index.plugins.some((p) => p.uri.fsPath === path.join(EXAMPLES, 'plugins', 'webapi.ts')));
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });

  it('runs a fixture through the command and shows its timeline', async () => {
    await vscode.commands.executeCommand('plugbench.runFixture', { file: fixture('echo-basic.fixture.yaml') });
    const s = session(pb);
    await until('the run to finish', () => s.phase === 'finished' || s.phase === 'error');
    assert.strictEqual(s.phase, 'finished', s.status.message);
    assert.strictEqual(s.model.calls.length, 6);
    await pb.panel!.whenReady;
    if (hasDriver()) {
      const files = await screenshot('timeline-echo-basic', 'every task reached a terminal phase');
      for (const f of files) assert.ok(fs.statSync(f).size > 5000, `${f} looks empty`);
    }
  });

  it('steps rounds, goes Back over the recorded rounds, and runs to the next event', async () => {
    await vscode.commands.executeCommand('plugbench.stepFixture', { file: fixture('webapi-quota.fixture.yaml') });
    const s = session(pb);
    await until('the fixture to open', () => s.phase === 'paused');
    assert.strictEqual(s.rounds, 0);
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('plugbench.step');
    assert.strictEqual(s.rounds, 4);
    const calls = s.model.calls.length;
    await vscode.commands.executeCommand('plugbench.stepBack');
    assert.strictEqual(s.rounds, 4, s.status.message);
    assert.strictEqual(s.model.calls.length, calls, 'Back drops no round');
    assert.strictEqual(s.cursor, calls - 2);
    await vscode.commands.executeCommand('plugbench.runToNextEvent');
    assert.ok(s.model.calls[s.cursor]!.events.length > 0, 'stopped on a round that sent an event');
    if (hasDriver()) await screenshot('timeline-stepping', `run round ${s.status.runRound} of`);
  });

  it('runs to a breakpoint on a task and on a phase', async () => {
    await vscode.commands.executeCommand('plugbench.stepFixture', { file: fixture('webapi-quota.fixture.yaml') });
    const s = session(pb);
    await until('the fixture to open', () => s.phase === 'paused');
    s.toggleBreakpoint({ kind: 'task', task: 'job-5' });
    await vscode.commands.executeCommand('plugbench.runToEnd');
    assert.match(s.status.message, /breakpoint task job-5/);
    assert.strictEqual(s.model.calls[s.cursor]!.task, 'job-5');
    s.setBreakpoints([{ kind: 'phase', phase: 'Success' }]);
    await vscode.commands.executeCommand('plugbench.runToEnd');
    assert.match(s.status.message, /breakpoint phase Success/);
    assert.strictEqual(s.model.calls[s.cursor]!.pluginPhase.phase, 'Success');
  });

  it('restores a timeline panel from its saved state by replaying to the cursor', async () => {
    const panel = vscode.window.createWebviewPanel(
      'plugbench.timeline',
      'Timeline: webapi-quota',
      vscode.ViewColumn.One,
      {},
    );
    await pb.restorePanel(panel, {
      fixture: fixture('webapi-quota.fixture.yaml'),
      rounds: 12,
      ui: { cursor: 7, axis: 'rounds', breakpoints: [] },
    });
    const s = session(pb);
    assert.strictEqual(s.rounds, 12);
    assert.strictEqual(s.cursor, 7);
    await pb.panel!.whenReady;
    if (hasDriver()) await screenshot('timeline-restored', `(run round ${s.status.runRound} of ${s.status.runRounds})`);
  });

  it('shows who holds which token and who waits (the resource view)', async () => {
    await vscode.commands.executeCommand('plugbench.runToEnd');
    const s = session(pb);
    await until('the run to finish', () => s.phase === 'finished');
    assert.ok(s.model.pools.length > 0, 'the webapi fixture uses a quota');
    assert.ok(
      s.model.pools.some((p) => p.maxWaiting > 0),
      'five tasks on a quota of two: someone waited',
    );
    if (hasDriver()) {
      // Back to a moment when the pool is full and tasks wait.
      const pool = s.model.pools.find((p) => p.maxWaiting > 0)!;
      const k = pool.waiting.value.findIndex((n) => n > 0);
      s.seek(pool.waiting.call[k]!);
      pb.panel!.sent.length = 0;
      // The webview moves its cursor when the host says so.
      await (pb.panel as unknown as { panel: vscode.WebviewPanel }).panel.webview.postMessage({
        type: 'seek',
        call: pool.waiting.call[k]!,
      });
      // The panel's own title moves with the fixture; innerText is what CSS shows (upper case headings).
      const files = await screenshot('pools-webapi-quota', 'Resource pools');
      assert.ok(files.length === 2);
    }
  });

  it('opens a recorded (golden) timeline without running anything', async () => {
    const golden = path.join(EXAMPLES, 'golden', 'webapi-quota.ndjson');
    if (!fs.existsSync(golden)) return;
    await vscode.commands.executeCommand('plugbench.openTimeline', vscode.Uri.file(golden));
    // A golden opens in a panel of its own (goldens.test.ts).
    const panel = pb.goldens.panels.get(golden);
    assert.strictEqual(panel?.source.kind, 'static');
    assert.strictEqual(panel?.session, undefined);
    await panel!.whenReady;
    if (hasDriver()) await screenshot('timeline-golden-file', 'recorded timeline');
  });

  it('stays usable at 10,000 rounds', async () => {
    const file = path.join(temp, 'long.fixture.yaml');
    fs.writeFileSync(
      file,
      `name: ten-thousand-rounds\nplugin: { module: ${JSON.stringify(path.join(EXAMPLES, 'plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: 864000000 } }\nmaxRounds: 10000\ntasks:\n  - { id: a, type: echo }\n  - { id: b, type: echo }\n  - { id: c, type: echo }\n`,
    );
    await pb.index.update(vscode.Uri.file(file));
    const t0 = Date.now();
    await vscode.commands.executeCommand('plugbench.runFixture', { file });
    const s = session(pb);
    await until('10,000 rounds', () => s.phase === 'finished' || s.phase === 'error', 60000);
    assert.strictEqual(s.model.calls.length, 10000, s.status.message);
    assert.match(s.status.message, /round cap/);
    const ran = Date.now() - t0;
    await vscode.commands.executeCommand('plugbench.stepBack');
    assert.strictEqual(s.rounds, 10000, 'Back keeps every round');
    assert.strictEqual(s.cursor, 9998);
    console.log(
      `      10,000 rounds run and shown in ${ran} ms; Back (only the cursor moves) in ${Date.now() - t0 - ran} ms`,
    );
    if (hasDriver()) await screenshot('timeline-10k-rounds', 'run round 9999 of 10000');
  });

  it('runs fixtures as tests in Test Explorer and reports per expectation', async () => {
    const files = [
      fixture('echo-basic.fixture.yaml'),
      fixture('echo-round-cap.fixture.yaml'),
      fixture('echo-instant.fixture.json'),
    ];
    const own = path.join(temp, 'two-tasks.fixture.yaml');
    fs.writeFileSync(
      own,
      `plugin: { module: ${JSON.stringify(path.join(EXAMPLES, 'plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: 0 } }\ntasks:\n  - id: a\n    type: echo\n    expect: { nodePhase: Succeeded, events: [SUCCEEDED:0] }\n  - id: b\n    type: echo\n    expect: { calls: [handle, finalize] }\n`,
    );
    await pb.index.update(vscode.Uri.file(own));
    await pb.tests.runFiles([...files, own]);
    const r = (id: string) => pb.tests.results.get(id)?.outcome;
    // The examples: every item has a result, and echo-basic's task meets its expectations.
    for (const f of files) assert.ok(r(f), `no result for ${f}`);
    assert.strictEqual(r(`${files[0]}#copy`), 'passed', JSON.stringify(pb.tests.results.get(`${files[0]}#copy`)));
    assert.strictEqual(r(`${files[0]}#copy/events`), 'passed');
    assert.strictEqual(r(`${files[0]}#copy/outputs`), 'passed');
    assert.ok(r(`${files[0]}#checks/golden`), 'the golden timeline is checked');
    // A fixture of our own: all passed, down to each expectation and contract check.
    assert.strictEqual(r(own), 'passed', JSON.stringify([...pb.tests.results].filter(([k]) => k.startsWith(own))));
    for (const id of [
      `${own}#a`,
      `${own}#a/nodePhase`,
      `${own}#a/events`,
      `${own}#b/calls`,
      `${own}#checks/tokensReleased`,
    ])
      assert.strictEqual(r(id), 'passed', id);
    const item = pb.tests.controller.items.get(own)!;
    assert.ok(item.children.get(`${own}#checks`), 'a contract checks item');
    assert.strictEqual(pb.history.last?.kind, 'test');
  });

  it('reports a failed expectation with expected and actual values', async () => {
    const file = path.join(temp, 'wrong.fixture.yaml');
    fs.writeFileSync(
      file,
      `plugin: { module: ${JSON.stringify(path.join(EXAMPLES, 'plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: 0 } }\ntasks:\n  - id: a\n    type: echo\n    expect: { events: [RUNNING:0] }\n`,
    );
    await pb.index.update(vscode.Uri.file(file));
    // Open first: Test Explorer opens its peek on a failure in a visible editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    await pb.tests.runFiles([file]);
    const events = pb.tests.results.get(`${file}#a/events`);
    assert.strictEqual(events?.outcome, 'failed');
    assert.match(events!.messages[0]!, /the events sent differ/);
    if (hasDriver()) {
      // What a user sees: the failure at the expectation, expected against actual.
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('test-failure-at-expectation');
      await vscode.commands.executeCommand('closeReferenceSearch');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('puts diagnostics of a broken fixture at the right place', async () => {
    const doc = await showWritten(
      path.join(temp, 'broken.fixture.yaml'),
      'name: broken\nplugin: { module: ./p.ts }\ntasks:\n  - id: a\n    type: echo\n    retries: many\n',
    );
    const diags = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'plugbench');
      return d.length > 0 && d;
    });
    assert.strictEqual(diags[0]!.range.start.line, 5);
    assert.strictEqual(diags[0]!.range.start.character, 13);
    assert.match(diags[0]!.message, /expected number, received string/);
    if (hasDriver()) {
      // The problem inline, as a user jumping to it (F8) sees it.
      await vscode.commands.executeCommand('editor.action.marker.next');
      await new Promise((r) => setTimeout(r, 500));
      await screenshot('diagnostics-broken-fixture');
      await vscode.commands.executeCommand('closeMarkersNavigation');
    }
  });

  it('puts Run, Step, Test and Debug lenses above a fixture', async () => {
    const uri = vscode.Uri.file(fixture('echo-instant.fixture.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => `${l.range.start.line + 1} ${l.command?.title}`);
    assert.ok(titles.includes('10 $(play) Run'), titles.join('\n'));
    assert.ok(titles.includes('10 $(debug-alt) Debug'), titles.join('\n'));
    if (hasDriver()) {
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('codelens-fixture');
    }
  });

  it('completes YAML fixture keys from the schema', async () => {
    const file = path.join(temp, 'new.fixture.yaml');
    fs.writeFileSync(file, 'name: new\ntasks:\n  - id: a\n    \n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(3, 4),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['type', 'template', 'inputs', 'expect', 'retries'])
      assert.ok(labels.includes(key), `${key} not offered: ${labels.join(', ')}`);
    assert.ok(!labels.includes('id'), 'id is already there');
  });

  it('validates JSON fixtures with the contributed JSON Schema', async () => {
    const doc = await showWritten(
      path.join(temp, 'typo.fixture.json'),
      '{\n  "plugin": { "module": "x.ts" },\n  "tasks": [{ "id": "a", "type": "echo", "retires": 1 }]\n}\n',
    );
    const diags = await until(
      'JSON schema diagnostics',
      () => {
        const d = vscode.languages.getDiagnostics(doc.uri);
        return d.length > 0 && d;
      },
      30000,
    );
    assert.ok(
      diags.some((d) => d.range.start.line === 2),
      diags.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'),
    );
  });

  it('debugs a fixture: a breakpoint in the plugin TypeScript hits during a round', async () => {
    const plugin = path.join(EXAMPLES, 'plugins/echo.ts');
    const lines = fs.readFileSync(plugin, 'utf8').split('\n');
    const handle = lines.findIndex((l) => /^\s*async handle\(/.test(l));
    assert.ok(handle >= 0, 'echo.ts has an async handle(');
    const bp = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(plugin), new vscode.Position(handle + 1, 0)),
    );
    const stops: { reason: string; threadId: number }[] = [];
    let verified = false;
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason: string; threadId: number } }) => {
          if (m.type === 'event' && m.event === 'stopped' && m.body) stops.push(m.body);
          // The plugin bundle is evaluated when the fixture opens; its breakpoint binds through the inline source map.
          if (
            m.type === 'event' &&
            m.event === 'breakpoint' &&
            (m.body as unknown as { breakpoint?: { verified?: boolean } }).breakpoint?.verified
          )
            verified = true;
        },
      }),
    });
    vscode.debug.addBreakpoints([bp]);
    try {
      await vscode.commands.executeCommand('plugbench.debugFixture', { file: fixture('echo-instant.fixture.json') });
      const s = session(pb);
      await until('the debugged runner to open the fixture', () => s.phase === 'paused' || s.phase === 'error', 60000);
      assert.strictEqual(s.phase, 'paused', s.status.message);
      await until('the breakpoint to bind in the plugin source', () => verified, 30000);
      const stepping = s.step();
      await until('the breakpoint to hit', () => stops.length > 0, 60000);
      const debugSession = vscode.debug.activeDebugSession!;
      const trace = (await debugSession.customRequest('stackTrace', { threadId: stops[0]!.threadId })) as {
        stackFrames: { source?: { path?: string }; line: number }[];
      };
      const top = trace.stackFrames[0]!;
      // In code-server's remote extension host the path is a vscode-remote: URI.
      assert.ok(top.source?.path?.endsWith(plugin), JSON.stringify(trace.stackFrames.slice(0, 3)));
      assert.strictEqual(top.line, handle + 2);
      if (hasDriver()) await screenshot('debug-breakpoint-in-plugin');
      vscode.debug.removeBreakpoints([bp]);
      await debugSession.customRequest('continue', { threadId: stops[0]!.threadId });
      await stepping;
      assert.strictEqual(stops.length, 1, 'the breakpoint hit once in the round');
      assert.strictEqual(s.rounds, 1);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
      tracker.dispose();
      pb.panel?.dispose();
      await until('the debug session to end', () => liveSessions.size === 0, 20000).catch((e: Error) => {
        throw new Error(`${e.message}: ${describeSessions()}`);
      });
    }
  });

  it('follows the color theme: light, dark and high contrast', async function () {
    if (!hasDriver()) this.skip();
    await vscode.commands.executeCommand('plugbench.runFixture', { file: fixture('webapi-quota.fixture.yaml') });
    const s = session(pb);
    await until('the run to finish', () => s.phase === 'finished');
    const config = vscode.workspace.getConfiguration('workbench');
    try {
      for (const [name, theme] of [
        ['dark', 'Default Dark Modern'],
        ['high-contrast', 'Default High Contrast'],
        ['light', 'Default Light Modern'],
      ] as const) {
        await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await new Promise((r) => setTimeout(r, 800));
        await screenshot(`timeline-theme-${name}`, 'every task reached a terminal phase');
      }
    } finally {
      await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows fixtures and plugins in the plugbench view, CodeLens on fixtures, and results in Test Explorer', async function () {
    if (!hasDriver()) this.skip();
    pb.panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(fixture('echo-instant.fixture.json')));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('plugbench.fixtures.focus');
    await new Promise((r) => setTimeout(r, 3000));
    await screenshot('view-fixtures-and-codelens');
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await new Promise((r) => setTimeout(r, 1000));
    await screenshot('view-test-explorer');
  });

  it('runs tests under the debugger with the Debug profile', async () => {
    const file = fixture('echo-instant.fixture.json');
    await pb.tests.runFiles([file], true);
    assert.strictEqual(
      pb.tests.results.get(`${file}#first`)?.outcome,
      'passed',
      JSON.stringify(pb.tests.results.get(`${file}#first`)),
    );
    assert.strictEqual(pb.history.last?.kind, 'debug');
    await until('the debug session to end', () => liveSessions.size === 0, 20000).catch((e: Error) => {
      throw new Error(`${e.message}: ${describeSessions()}`);
    });
  });

  it('never logged a webview error or a CSP violation', () => {
    const bad = pb.recentLog.filter((l) => /timeline webview|CSP violation/.test(l));
    assert.deepStrictEqual(bad, []);
  });
});
