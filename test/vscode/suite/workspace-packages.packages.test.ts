// plugbench in a plugin author's own project (a folder outside the repository with the packed @plugbench/sdk and
// @plugbench/harness installed and `plugbench init` run, test/vscode/packages-project.mjs): the runner uses the
// project's installed packages, not the copy bundled in the extension, and runs the project's fixture with them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import { plugbench } from './extension-api';
import { until } from './until';

describe("plugbench in a plugin project: the project's own SDK and harness", function () {
  this.timeout(120000);
  let pb: PlugbenchExtension;
  let project: string;
  const installed = (name: string) => fs.realpathSync(path.join(project, 'node_modules', '@plugbench', name));
  const versionOf = (name: string) =>
    (JSON.parse(fs.readFileSync(path.join(installed(name), 'package.json'), 'utf8')) as { version: string }).version;

  before(async () => {
    pb = await plugbench();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    project = folder.uri.fsPath;
    assert.ok(
      fs.existsSync(path.join(project, 'node_modules/@plugbench/harness/package.json')),
      `${project} has no installed harness`,
    );
  });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("chooses the project's installed packages for its folder", () => {
    const choice = pb.runners.packagesFor(project);
    assert.strictEqual(choice.source, 'workspace', JSON.stringify(choice));
    assert.ok(choice.source === 'workspace');
    assert.strictEqual(choice.harness.dir, installed('harness'));
    assert.strictEqual(choice.sdk.dir, installed('sdk'));
  });

  it("starts a runner that loads the project's harness and SDK (its hello names them)", async () => {
    const client = await pb.runners.fork(project);
    try {
      const hello = await client.ready;
      assert.deepStrictEqual(hello.packages, {
        source: 'workspace',
        harness: { dir: installed('harness'), version: versionOf('harness') },
        sdk: { dir: installed('sdk'), version: versionOf('sdk') },
      });
    } finally {
      await client.close();
    }
  });

  it("finds the project's fixture and runs it to the end with those packages", async () => {
    await pb.index.refresh();
    const fixture = path.join(project, 'fixtures', 'batch.fixture.yaml');
    assert.ok(
      pb.index.fixtures.some((f) => f.uri.fsPath === fixture),
      `batch not in ${pb.index.fixtures.map((f) => f.name).join(', ')}`,
    );
    await vscode.commands.executeCommand('plugbench.runFixture', { file: fixture });
    const session = await until('a timeline session', () => pb.panel?.session);
    await until('the run to finish', () => session.phase === 'finished' || session.phase === 'error');
    assert.strictEqual(session.phase, 'finished', session.status.message);
    assert.ok(session.model.calls.length > 10, `${session.model.calls.length} calls`);
  });
});
