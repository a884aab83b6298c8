// The runner process loads the SDK and harness the host chose: with PLUGBENCH_PACKAGES_DIR, the packages installed
// in that folder (here copies of the built packages, marked so that loading them shows on the runner's stderr);
// without it, the copy bundled next to the runner (dist/extension/packages.js). Either way it runs a fixture and
// says in its hello which it loaded (extension/src/runner-process/package-resolution.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGES_DIR_ENV } from '../../../extension/src/protocol/package-origin';
import { RunnerClient } from '../../../extension/src/session/runner-client';
import { forkRunner } from '../../../extension/src/session/transport';
import { ROOT, ensureRunnerBuilt } from '../support';

const MARK = 'plugbench-test: the workspace harness was loaded';

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

async function runEchoInstant(cwd: string, env: Record<string, string>) {
  let stderr = '';
  const transport = forkRunner({
    runnerPath: path.join(ROOT, 'dist/extension/runner.js'),
    cwd,
    env: { PLUGBENCH_CACHE_DIR: path.join(cwd, 'cache'), ...env },
  });
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

describe("runner process: the workspace's SDK and harness, or the bundled ones", function () {
  this.timeout(60000);
  let tmp: string;
  before(() => {
    ensureRunnerBuilt();
    for (const w of ['sdk', 'harness'])
      assert.ok(fs.existsSync(path.join(ROOT, w, 'dist/index.js')), `${w}/dist is not built: npm run build`);
  });
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pb-runner-packages-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('loads the packages installed in the folder it is given, and says so in its hello', async () => {
    const harness = install(tmp, 'harness');
    const sdk = install(tmp, 'sdk');
    fs.appendFileSync(path.join(harness, 'dist/index.js'), `\nprocess.stderr.write(${JSON.stringify(`${MARK}\n`)});\n`);
    const r = await runEchoInstant(tmp, { [PACKAGES_DIR_ENV]: tmp });
    assert.equal(r.reason, 'terminal');
    assert.ok(r.stderr.includes(MARK), `the workspace's harness did not run; stderr: ${r.stderr}`);
    const version = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'harness/package.json'), 'utf8')) as { version: string }
    ).version;
    assert.deepEqual(r.hello.packages, {
      source: 'workspace',
      harness: { dir: harness, version },
      sdk: { dir: sdk, version },
    });
  });

  it('loads the bundled copy without one, even where a harness is installed', async () => {
    const harness = install(tmp, 'harness');
    install(tmp, 'sdk');
    fs.appendFileSync(path.join(harness, 'dist/index.js'), `\nprocess.stderr.write(${JSON.stringify(`${MARK}\n`)});\n`);
    const r = await runEchoInstant(tmp, {});
    assert.equal(r.reason, 'terminal');
    assert.ok(!r.stderr.includes(MARK), 'the workspace harness ran although the host chose the bundled one');
    assert.deepEqual(r.hello.packages, { source: 'bundled' });
  });
});
