// plugbench in restricted mode, in a real VS Code: run.mjs's `restricted` session only (index.ts picks it by name),
// where code-server runs with Workspace Trust on and the workspace, a temporary copy of examples/, untrusted.
// Fixtures are still found and validated; nothing runs (no child process), and the user is told why with the way out.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { TreeNode } from '../../../extension/src/views/fixtures-tree';
import { hasDriver, notification, screenshot } from './driver';
import { until } from './until';

const ROOT = path.resolve(__dirname, '../../../..');
const WHY = 'plugbench runs the plugins of this workspace only when you trust it';

/** Every process below this one (the extension host), with its command line: a runner would be one of them. */
function descendants(pid = process.pid): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (p: number) => {
    let tids: string[] = [];
    try {
      tids = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      return; // gone meanwhile
    }
    for (const tid of tids) {
      let children = '';
      try {
        children = fs.readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(/\s+/).filter(Boolean).map(Number)) {
        if (out.has(c)) continue;
        let cmd = '?';
        try {
          cmd = fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
        } catch {
          // gone meanwhile
        }
        out.set(c, cmd);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** The runner's script: a process running it, forked or launched by js-debug, is a run that started. */
const RUNNER = path.join(ROOT, 'dist', 'extension', 'runner.js');

/**
 * Processes started since `before` that are not VS Code's own: the extension host also starts built-in
 * language servers (JSON, ...) as its children when their extensions activate, and, when it runs as root, its port
 * forwarding probe polls `ps -F -A -l | grep root` through a shell (ExtHostTunnelService); neither says anything
 * about plugbench.
 */
function newProcesses(before: Map<number, string>, workspace: string): string[] {
  const vscodeOwn = [/\/lib\/vscode\/extensions\//, /^\/bin\/sh -c ps -F -A -l \| grep root$/, /^grep root$/];
  const fresh = [...descendants()]
    .filter(([pid, cmd]) => !before.has(pid) && !vscodeOwn.some((own) => own.test(cmd.trim())))
    .map(([pid, cmd]) => `${pid} ${cmd}`);
  // A runner anywhere on the machine, whoever started it (js-debug may launch it from a terminal), working in
  // this session's workspace: other runs of the suite may be going on beside this one.
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmd.includes(RUNNER) || !fs.realpathSync(`/proc/${pid}/cwd`).startsWith(fs.realpathSync(workspace)))
        continue;
      if (!fresh.some((f) => f.startsWith(`${pid} `))) fresh.push(`${pid} ${cmd.trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return fresh;
}

describe('plugbench in restricted mode (an untrusted workspace)', function () {
  this.timeout(60000);
  let pb: PlugbenchExtension;
  let workspace: string;
  const fixture = (name: string) => path.join(workspace, 'fixtures', name);

  before(async () => {
    workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    // This suite writes into its workspace: make sure that is run.mjs's copy, never the repo's examples/.
    assert.ok(
      workspace && path.resolve(workspace) !== path.join(ROOT, 'examples'),
      `workspace ${workspace} is not a scratch copy`,
    );
    const ext = vscode.extensions.getExtension<{ extension: PlugbenchExtension }>('plugbench.plugbench');
    assert.ok(ext, 'plugbench is not loaded in restricted mode');
    pb = (await ext.activate()).extension!;
    assert.ok(pb, 'plugbench failed to activate');
    await pb.index.refresh();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs in an untrusted workspace', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.strictEqual(pb.trusted, false);
    assert.ok(
      pb.recentLog.some((l) => l.includes('activated in restricted mode')),
      pb.recentLog.slice(0, 5).join('\n'),
    );
  });

  it('still finds fixtures and plugins, marked restricted in the view, with a trust lens instead of Run', async () => {
    const names = pb.index.fixtures.map((f) => f.name);
    for (const n of ['echo-basic', 'webapi-quota', 'hive-constraints'])
      assert.ok(names.includes(n), `${n} not in ${names.join(', ')}`);
    assert.ok(pb.index.plugins.some((p) => p.uri.fsPath === path.join(workspace, 'plugins', 'webapi.ts')));
    const [fixtures] = pb.tree.getChildren();
    const first = pb.tree
      .getChildren(fixtures)
      .find(
        (n): n is Extract<TreeNode, { kind: 'fixture' }> => n.kind === 'fixture' && n.fixture.name === 'echo-basic',
      );
    assert.ok(first);
    assert.strictEqual(pb.tree.getTreeItem(first).contextValue, 'plugbench.fixture.restricted');
    const uri = vscode.Uri.file(fixture('echo-basic.fixture.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('Manage Workspace Trust')),
      titles.join('\n'),
    );
    assert.ok(!titles.some((t) => t.includes('$(play) Run')), titles.join('\n'));
  });

  it('validates a broken fixture and shows its diagnostics', async () => {
    // Inside the workspace (a scratch copy), so discovery, not just an open document, has to find it.
    const dir = path.join(workspace, 'restricted-tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'broken.fixture.yaml');
    fs.writeFileSync(
      file,
      'name: broken\nplugin: { module: ../plugins/echo.ts }\ntasks:\n  - id: a\n    type: echo\n    retries: many\n',
    );
    await until('discovery to find the broken fixture', () => pb.index.get(file)?.problems.length, 20000).catch(
      async () => {
        await pb.index.refresh(); // a missed watcher event is not what this test is about
        return until('the broken fixture after a refresh', () => pb.index.get(file)?.problems.length);
      },
    );
    const uri = vscode.Uri.file(file);
    const diags = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'plugbench');
      return d.length > 0 && d;
    });
    assert.strictEqual(diags[0]!.range.start.line, 5);
    assert.strictEqual(diags[0]!.range.start.character, 13);
    assert.match(diags[0]!.message, /expected number, received string/);
  });

  it('runs nothing when asked to run a fixture, and says why with "Manage Workspace Trust"', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = descendants();
    const logged = pb.recentLog.length;
    const result = await vscode.commands.executeCommand('plugbench.runFixture', {
      file: fixture('echo-basic.fixture.yaml'),
    });
    assert.strictEqual(result, undefined);
    assert.strictEqual(pb.panel, undefined, 'a timeline panel opened');
    assert.ok(
      pb.recentLog.slice(logged).some((l) => l.startsWith('warn') && l.includes(WHY)),
      pb.recentLog.slice(logged).join('\n'),
    );
    if (hasDriver()) {
      const toast = await notification(WHY);
      assert.ok(toast.buttons.includes('Manage Workspace Trust'), `buttons: ${toast.buttons.join(', ')}`);
      await vscode.commands.executeCommand('workbench.view.extension.plugbench');
      await new Promise((r) => setTimeout(r, 800)); // the view's items and the toast finish drawing
      const [file] = await screenshot('restricted-mode');
      assert.ok(fs.statSync(file!).size > 5000, `${file} looks empty`);
    }
    // A runner would have been forked by now (the trusted session's runs start one within a second).
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(newProcesses(before, workspace), [], 'a process started in restricted mode');
  });

  it('starts no runner for Step, Debug, Test, Run All Tests either', async () => {
    const before = descendants();
    for (const [command, arg] of [
      ['plugbench.stepFixture', { file: fixture('webapi-quota.fixture.yaml') }],
      ['plugbench.debugFixture', { file: fixture('webapi-quota.fixture.yaml') }],
      ['plugbench.testFixture', { file: fixture('echo-basic.fixture.yaml') }],
      ['plugbench.runAllTests', undefined],
    ] as const) {
      const logged = pb.recentLog.length;
      await vscode.commands.executeCommand(command, arg);
      assert.ok(
        pb.recentLog.slice(logged).some((l) => l.includes(WHY)),
        `${command} did not say why: ${pb.recentLog.slice(logged).join('\n')}`,
      );
    }
    assert.strictEqual(pb.panel, undefined, 'a timeline panel opened');
    assert.strictEqual(vscode.debug.activeDebugSession, undefined, 'a debug session started');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(newProcesses(before, workspace), [], 'a process started in restricted mode');
  });

  it('"Manage Workspace Trust" on the message opens the Workspace Trust editor', async function () {
    if (!hasDriver()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    void vscode.commands.executeCommand('plugbench.runFixture', { file: fixture('echo-basic.fixture.yaml') });
    await notification(WHY, 'Manage Workspace Trust');
    const tab = await until('the Workspace Trust editor', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /workspace trust/i.test(t.label)),
    );
    assert.ok(tab.isActive);
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('restricted-manage-trust');
    assert.strictEqual(vscode.workspace.isTrusted, false, 'opening the editor must not trust the workspace');
  });
});
