// Test Explorer and the fixture views in a real VS Code, on the examples/ workspace: a fixture with a repeated task
// id and one naming a missing module get diagnostics on the right lines and never stop Test Explorer from listing
// the others; a continuous run reruns a fixture after its file changes; Update golden writes the golden timeline;
// the keybindings of Step, Back, Run to next event and Run to end clash with none of VS Code's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { TreeNode } from '../../../extension/src/views/fixtures-tree';
import { duplicateIdFixture } from '../../extension/testing/broken-fixtures';
import { hasDriver } from './driver';
import { plugbench } from './extension-api';
import { screenshotsInThemes } from './screens';
import { until } from './until';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(ROOT, 'examples');

/** An echo fixture: `plugin` as written (relative to the fixture), `extra` lines before `tasks:`. */
function echoFixture(name: string, plugin: string, tasks: string[], extra: string[] = []): string {
  return [
    `name: ${name}`,
    `plugin: { module: ${plugin}, export: createEchoEntry, config: { sleepDurationMs: 0 } }`,
    ...extra,
    'tasks:',
    ...tasks.flatMap((t) => [`  - id: ${t}`, '    type: echo']),
    '',
  ].join('\n');
}

/** plugbench's diagnostics of a file. */
function diagnostics(file: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'plugbench');
}

describe('Test Explorer and the fixture views', function () {
  this.timeout(240000);
  let pb: PlugbenchExtension;
  // A folder of the workspace (the fixture globs and the file watcher see it); removed afterwards.
  const dir = fs.mkdtempSync(path.join(EXAMPLES, 'tmp-testing-'));
  const file = (name: string) => path.join(dir, name);
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(file(name)), { recursive: true });
    fs.writeFileSync(file(name), text);
  };
  const echo = JSON.stringify(path.relative(dir, path.join(EXAMPLES, 'plugins/echo.ts')));

  before(async () => {
    pb = await plugbench();
    await pb.index.refresh();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    fs.rmSync(dir, { recursive: true, force: true });
    await pb.index.refresh();
  });

  it('puts a repeated task id and a missing module on their lines, and still lists every other fixture', async () => {
    const dup = file('dup.fixture.yaml');
    write('dup.fixture.yaml', duplicateIdFixture(echo));
    const gone = file('gone.fixture.yaml');
    write('gone.fixture.yaml', echoFixture('gone', './plugins/gone.ts', ['x']));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(dup));
    await vscode.window.showTextDocument(doc);
    // The repeat: on the second `a` (line 8), though the file has a schema error (line 5) too.
    const repeat = await until('the duplicate id diagnostic', () =>
      diagnostics(dup).find((d) => /duplicate task id "a"/.test(d.message)),
    );
    assert.strictEqual(repeat.range.start.line, 7);
    assert.strictEqual(repeat.range.start.character, 8);
    assert.ok(diagnostics(dup).some((d) => d.range.start.line === 4 && /expected number/.test(d.message)));
    // The missing module: on the value of `module:` (line 2), and marked missing in the plugbench view.
    const missing = await until('the missing module diagnostic', () =>
      diagnostics(gone).find((d) => /no such file/.test(d.message)),
    );
    assert.strictEqual(missing.range.start.line, 1);
    assert.strictEqual(
      fs.readFileSync(gone, 'utf8').split('\n')[1]!.slice(missing.range.start.character, missing.range.end.character),
      './plugins/gone.ts',
    );
    const plugins = pb.tree.getChildren({ kind: 'group', group: 'plugins' });
    const node = plugins.find(
      (n): n is Extract<TreeNode, { kind: 'plugin' }> =>
        n.kind === 'plugin' && n.plugin.uri.fsPath === file('plugins/gone.ts'),
    );
    assert.ok(node, 'the missing module is in the plugins list');
    assert.match(String(pb.tree.getTreeItem(node).description), /^missing/);
    // Test Explorer: the broken fixture is listed (with unique ids), and so is one added afterwards.
    const item = await until('the broken fixture in Test Explorer', () => pb.tests.controller.items.get(dup));
    const ids: string[] = [];
    item.children.forEach((c) => ids.push(c.id));
    assert.strictEqual(new Set(ids).size, ids.length, ids.join(', '));
    const later = file('later.fixture.yaml');
    write('later.fixture.yaml', echoFixture('later', echo, ['l']));
    await vscode.commands.executeCommand('testing.refreshTests');
    await until('the later fixture in Test Explorer', () => pb.tests.controller.items.get(later));
    for (const f of ['echo-basic', 'webapi-quota'])
      assert.ok(
        pb.index.fixtures.some((x) => x.name === f && pb.tests.controller.items.get(x.file)),
        `${f} still listed`,
      );
    if (hasDriver()) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await new Promise((r) => setTimeout(r, 1000));
      await screenshotsInThemes('testing-duplicate-id-problems');
      await vscode.commands.executeCommand('vscode.revealTestInExplorer', item);
      await new Promise((r) => setTimeout(r, 1000));
      await screenshotsInThemes('testing-explorer-broken-fixture');
    }
    fs.rmSync(dup);
    fs.rmSync(gone);
  });

  it('reruns a fixture in a continuous run when its file changes, and stops when the run is cancelled', async () => {
    const watched = file('watched.fixture.yaml');
    const other = file('other.fixture.yaml');
    write('watched.fixture.yaml', echoFixture('watched', echo, ['w']));
    write('other.fixture.yaml', echoFixture('other', echo, ['o']));
    await pb.index.update(vscode.Uri.file(watched));
    await pb.index.update(vscode.Uri.file(other));
    const runs: string[][] = [];
    const listener = pb.tests.onDidFinishRun((r) => runs.push(r.files));
    const profile = pb.tests.runProfile;
    assert.strictEqual(profile.supportsContinuousRun, true);
    const cts = new vscode.CancellationTokenSource();
    try {
      const include = [pb.tests.item(watched)!, pb.tests.item(other)!];
      // What VS Code calls when the continuous run is switched on for these items.
      await profile.runHandler(new vscode.TestRunRequest(include, undefined, profile, true), cts.token);
      // The expectation changes on disk: the watched fixture reruns, alone, and now fails.
      write(
        'watched.fixture.yaml',
        echoFixture('watched', echo, ['w'], []).replace('type: echo', 'type: echo\n    expect: { nodePhase: Failed }'),
      );
      await until('a rerun of the watched fixture', () => runs.length > 0, 60000);
      assert.deepStrictEqual(runs[0], [watched]);
      await until('its new result', () => pb.tests.results.get(`${watched}#w/nodePhase`)?.outcome === 'failed', 30000);
      if (hasDriver()) {
        await vscode.commands.executeCommand('vscode.revealTestInExplorer', pb.tests.item(watched));
        await new Promise((r) => setTimeout(r, 1000));
        await screenshotsInThemes('testing-continuous-run');
      }
      cts.cancel();
      const before = runs.length;
      write('watched.fixture.yaml', echoFixture('watched', echo, ['w']));
      await new Promise((r) => setTimeout(r, 3000));
      assert.strictEqual(runs.length, before, 'nothing reruns after the continuous run is cancelled');
    } finally {
      cts.cancel();
      listener.dispose();
      fs.rmSync(watched, { force: true });
      fs.rmSync(other, { force: true });
    }
  });

  it('Update golden writes the golden timeline and reruns the fixture', async () => {
    const gold = file('gold.fixture.yaml');
    const golden = file('gold.golden.ndjson');
    write('gold.fixture.yaml', echoFixture('gold', echo, ['g'], ['golden: gold.golden.ndjson']));
    await pb.index.update(vscode.Uri.file(gold));
    const item = await until('the fixture in Test Explorer', () => pb.tests.item(gold));
    assert.ok(!fs.existsSync(golden));
    const written = await vscode.commands.executeCommand<string | undefined>('plugbench.updateGolden', item);
    assert.strictEqual(written, golden);
    const kinds = fs
      .readFileSync(golden, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    assert.ok(kinds.includes('call'), kinds.join(', '));
    // The rerun compared the run with what was just written.
    assert.strictEqual(pb.tests.results.get(`${gold}#checks/golden`)?.outcome, 'passed');
    assert.strictEqual(pb.tests.results.get(gold)?.outcome, 'passed');
    if (hasDriver()) {
      await vscode.commands.executeCommand(
        'vscode.revealTestInExplorer',
        pb.tests.controller.items.get(gold)!.children.get(`${gold}#checks`),
      );
      await new Promise((r) => setTimeout(r, 1000));
      await screenshotsInThemes('testing-update-golden');
    }
  });

  it('binds Step, Back, Run to next event and Run to end to keys no VS Code default uses', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = await until('the default keybindings', () => vscode.window.activeTextEditor?.document.getText());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // One binding per `{ "key": ..., "command": ... }` object of the (commented) JSON.
    const bindings = [
      ...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"(?:,\s*"when":\s*"((?:[^"\\]|\\.)*)")?/g),
    ].map((m) => ({ key: m[1]!, command: m[2]!, when: m[3] }));
    assert.ok(bindings.length > 500, `read ${bindings.length} default keybindings`);
    const ours = bindings.filter((b) => b.command.startsWith('plugbench.'));
    assert.deepStrictEqual(ours.map((b) => `${b.command} ${b.key}`).sort(), [
      'plugbench.runToEnd alt+end',
      'plugbench.runToNextEvent alt+n',
      'plugbench.step alt+.',
      'plugbench.stepBack alt+,',
    ]);
    for (const b of ours) assert.match(b.when ?? '', /activeWebviewPanelId == 'plugbench\.timeline'/);
    // Alt+End moves to the last item of a focused list; our keys act in the timeline and in fixture editors only.
    const clashes = bindings.filter(
      (b) =>
        ours.some((o) => o.key === b.key) &&
        !b.command.startsWith('plugbench.') &&
        !b.command.startsWith('-') &&
        !/listFocus/.test(b.when ?? ''),
    );
    assert.deepStrictEqual(clashes, []);
  });
});
