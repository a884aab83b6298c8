// The runner process is part of the harness, so it runs with the harness it is part of: forked from an installed
// @plugbench/harness (its dist/runner.js, as the extension forks a workspace's own), it loads the SDK installed next to
// that harness and names both in its hello; the VSIX's runner (dist/extension/runner.js) carries both in its bundle and
// says "bundled", even where a harness is installed (harness/src/runner/process/loaded-packages.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunnerClient, forkRunner } from '@plugbench/harness/runner';
import { ROOT, buildsHarnessRunner } from './support';

const MARK = 'plugbench-test: the installed SDK was loaded';

/**
 * Copies a built package (package.json and dist) into `root`/node_modules, as npm would install it, with links to the
 * repository's copies of its dependencies.
 */
function install(root: string, workspace: 'sdk' | 'harness'): string {
  const to = path.join(root, 'node_modules', '@plugbench', workspace);
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(ROOT, workspace, 'package.json'), path.join(to, 'package.json'));
  fs.cpSync(path.join(ROOT, workspace, 'dist'), path.join(to, 'dist'), { recursive: true });
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(to, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(dependencies).filter((d) => !d.startsWith('@plugbench/'))) {
    const link = path.join(root, 'node_modules', ...dep.split('/'));
    if (fs.existsSync(link)) continue;
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', ...dep.split('/')), link, 'dir');
  }
  return to;
}

const versionOf = (workspace: 'sdk' | 'harness') =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, workspace, 'package.json'), 'utf8')) as { version: string }).version;

async function runEchoInstant(runnerPath: string, cwd: string) {
  let stderr = '';
  const transport = forkRunner({ runnerPath, cwd, env: { PLUGBENCH_CACHE_DIR: path.join(cwd, 'cache') } });
  transport.onOutput((stream, text) => {
    if (stream === 'stderr') stderr += text;
  });
  const client = new RunnerClient(transport, { silenceTimeoutMs: 30000 });
  try {
    const hello = await client.ready;
    await client.request({
      type: 'open',
      fixture: path.join(ROOT, 'examples/fixtures/echo-instant.fixture.json'),
      roundTimeoutMs: 5000,
    });
    const end = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 1000 });
    return { hello, reason: end.reason, stderr };
  } finally {
    await client.close();
  }
}

describe("runner process: the harness it is part of and the SDK next to it, or the VSIX's bundle", function () {
  this.timeout(60000);
  buildsHarnessRunner();
  let tmp: string;
  let harness: string;
  let sdk: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'sdk/dist/index.js')), 'sdk/dist is not built: npm run build');
  });
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pb-runner-packages-')));
    harness = install(tmp, 'harness');
    sdk = install(tmp, 'sdk');
    fs.appendFileSync(path.join(sdk, 'dist/index.js'), `\nprocess.stderr.write(${JSON.stringify(`${MARK}\n`)});\n`);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("an installed harness's runner loads the SDK installed next to it, and names both in its hello", async () => {
    const r = await runEchoInstant(path.join(harness, 'dist/runner.js'), tmp);
    assert.equal(r.reason, 'terminal');
    assert.ok(r.stderr.includes(MARK), `the installed SDK did not run; stderr: ${r.stderr}`);
    assert.deepEqual(r.hello.packages, {
      source: 'workspace',
      harness: { dir: harness, version: versionOf('harness') },
      sdk: { dir: sdk, version: versionOf('sdk') },
    });
  });

  it("the VSIX's runner uses its own bundle, even where a harness is installed", async () => {
    const r = await runEchoInstant(path.join(ROOT, 'dist/extension/runner.js'), tmp);
    assert.equal(r.reason, 'terminal');
    assert.ok(!r.stderr.includes(MARK), 'the installed SDK ran in the bundled runner');
    assert.deepEqual(r.hello.packages, { source: 'bundled' });
  });
});
