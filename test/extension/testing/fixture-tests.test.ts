// Test Explorer with the fake VS Code over a temporary workspace: a broken fixture never stops the refresh,
// continuous runs rerun what a change affects, and Update golden writes the golden timeline.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFixture } from '../../../harness/src/run-fixture';
import { type FakeTestController, type FakeTestItem, TestRunRequest } from '../fake-vscode';
import { ROOT } from '../support';
import { duplicateIdFixture } from './broken-fixtures';
import { fakeExtensionSuite } from '../fake-extension';

const ECHO = path.join(ROOT, 'examples/plugins/echo.ts');

/** A fixture of echo tasks: `plugin` is the module path as written. */
function echoFixture(name: string, plugin: string, tasks: string[], extra = ''): string {
  return [
    `name: ${name}`,
    `plugin: { module: ${JSON.stringify(plugin)}, export: createEchoEntry, config: { sleepDurationMs: 0 } }`,
    extra,
    'tasks:',
    ...tasks.flatMap((t) => [`  - id: ${t}`, '    type: echo']),
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

describe('Test Explorer (fake VS Code)', function () {
  this.timeout(90000);
  const pb = fakeExtensionSuite(() => fs.mkdtempSync(path.join(os.tmpdir(), 'pb-testing-')));
  const file = (name: string) => path.join(pb.ws, name);
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(file(name)), { recursive: true });
    fs.writeFileSync(file(name), text);
  };
  const controller = () => pb.fake.controllers[0] as FakeTestController;
  const activate = () => pb.activate();

  beforeEach(() => write('fixtures/good.fixture.yaml', echoFixture('good', ECHO, ['one'])));

  it('lists a fixture with repeated task ids (and other errors) under unique ids, and every other fixture, old and new', async () => {
    // `a` twice, a task called `checks` (the contract checks item's id), and a schema error besides.
    write('fixtures/dup.fixture.yaml', duplicateIdFixture(JSON.stringify(ECHO), 'checks'));
    await activate();
    const dup = file('fixtures/dup.fixture.yaml');
    const item = controller().items.get(dup)!;
    const ids: string[] = [];
    item.children.forEach((c) => ids.push(c.id));
    assert.deepEqual(ids, [`${dup}#a`, `${dup}#checks~2`, `${dup}#a~2`, `${dup}#checks`]);
    assert.ok(controller().items.get(file('fixtures/good.fixture.yaml')), 'the good fixture is listed');
    assert.match(String((item.error as { value?: string })?.value ?? item.error), /Invalid fixture/);
    // The repeat is a diagnostic on the second `a`'s line (8), although the file has a schema error too.
    assert.deepEqual(
      pb.fake.diagnosticsOf(dup).filter((d) => /duplicate/.test(d)),
      ['8:9 duplicate task id "a" (also tasks[0]) (at $.tasks[2].id)'],
    );
    // A fixture added afterwards appears on the next refresh (Test Explorer's refresh button).
    write('fixtures/later.fixture.yaml', echoFixture('later', ECHO, ['x']));
    await controller().refreshHandler!();
    assert.ok(controller().items.get(file('fixtures/later.fixture.yaml')), 'the later fixture is listed');
    assert.ok(controller().items.get(dup), 'the broken one still is');
  });

  it('runs continuously: a change reruns the fixtures it affects, found through the bundle sources; cancelling stops', async () => {
    // `mine` names a plugin of the workspace that imports common/lib.ts (outside the plugin's folder), which
    // re-exports the example echo plugin; `good` names echo itself.
    write('common/lib.ts', `export * from ${JSON.stringify(ECHO.replace(/\.ts$/, ''))};\n`);
    write('plugins/mine.ts', "export * from '../common/lib';\n");
    write('fixtures/mine.fixture.yaml', echoFixture('mine', '../plugins/mine.ts', ['m']));
    await activate();
    const profile = pb.ext.tests.runProfile;
    assert.equal(profile.supportsContinuousRun, true);
    const runs: string[][] = [];
    pb.ext.tests.onDidFinishRun((r) => runs.push(r.files.map((f) => path.basename(f))));
    const cts = new pb.fake.vscode.CancellationTokenSource();
    await profile.runHandler(new TestRunRequest(undefined, undefined, profile, true) as never, cts.token as never);
    const watcher = pb.fake.watchers.find((w) => w.glob === '**/*')!;
    assert.ok(watcher, 'a continuous run watches the workspace');
    assert.deepEqual(runs, [], 'nothing runs before a change');
    /** Writes the file again (a change during the run) and waits for the n-th rerun. */
    const changed = async (name: string, n: number) => {
      fs.appendFileSync(file(name), '\n');
      watcher.change.fire(pb.fake.vscode.Uri.file(file(name)) as never);
      const deadline = Date.now() + 60000;
      while (runs.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(runs.length, n, `a rerun after ${name} changed`);
      return runs[n - 1];
    };
    // A fixture: itself only.
    assert.deepEqual(await changed('fixtures/good.fixture.yaml', 1), ['good.fixture.yaml']);
    // The workspace's plugin module: mine only.
    assert.deepEqual(await changed('plugins/mine.ts', 2), ['mine.fixture.yaml']);
    // common/lib.ts, which mine.ts imports from another folder: the runner reported it among mine's bundle sources.
    assert.deepEqual(await changed('common/lib.ts', 3), ['mine.fixture.yaml']);
    assert.equal(pb.ext.tests.results.get(file('fixtures/mine.fixture.yaml'))?.outcome, 'passed');
    // Each rerun is a test run of the continuous request.
    assert.equal(controller().runs.at(-1)?.request.continuous, true);
    // An event for a file not written since the run started (a watcher reporting late) runs nothing.
    watcher.change.fire(pb.fake.vscode.Uri.file(ECHO) as never);
    // Cancelled: a change runs nothing.
    cts.cancel();
    fs.appendFileSync(file('fixtures/good.fixture.yaml'), '\n');
    watcher.change.fire(pb.fake.vscode.Uri.file(file('fixtures/good.fixture.yaml')) as never);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(runs.length, 3);
  });

  it('Update golden writes the golden timeline as plugbench test --update-golden does, then reruns the item', async () => {
    write('fixtures/gold.fixture.yaml', echoFixture('gold', ECHO, ['g'], 'golden: gold.golden.ndjson'));
    await activate();
    const gold = file('fixtures/gold.fixture.yaml');
    const golden = file('fixtures/gold.golden.ndjson');
    // Only fixtures with a golden timeline get the menu entry (the manifest's `testId in plugbench.goldenTests`).
    const context = pb.fake.executed.filter((e) => e.command === 'setContext' && e.args[0] === 'plugbench.goldenTests');
    assert.deepEqual(context.at(-1)?.args[1], [gold]);
    await pb.ext.tests.runFiles([gold]);
    assert.equal(pb.ext.tests.results.get(`${gold}#checks/golden`)?.outcome, 'failed', 'no golden file yet');
    const item = controller().items.get(gold) as FakeTestItem;
    const written = await pb.fake.vscode.commands.executeCommand('plugbench.updateGolden', item);
    assert.equal(written, golden);
    const records = fs
      .readFileSync(golden, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    assert.ok(
      records.some((r) => r.kind === 'call'),
      'the golden holds the run',
    );
    // Byte for byte what the harness writes for `plugbench test --update-golden` (its runFixture with updateGolden).
    const ours = fs.readFileSync(golden, 'utf8');
    fs.rmSync(golden);
    await runFixture(gold, { updateGolden: true });
    assert.equal(fs.readFileSync(golden, 'utf8'), ours);
    // The rerun that followed matched it.
    assert.equal(pb.ext.tests.results.get(`${gold}#checks/golden`)?.outcome, 'passed');
    assert.equal(pb.ext.tests.results.get(gold)?.outcome, 'passed');
  });
});
