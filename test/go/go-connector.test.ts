// Flyte's own Go connector plugin (flyteplugins webapi/connector, loaded as FlytePropeller loads it) drives
// `plugbench serve` under flyteplugins' tests.RunPluginEndToEndTest: connector_test.go in this folder, a Go module
// requiring Flyte's published modules. Go downloads the modules (scripts/serve/install.sh does it ahead in
// `npm run test:all`); the first build of the test binary compiles Flyte's dependency tree and takes minutes, later
// ones come from Go's build cache.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startReplica, stopReplica, type Replica } from '../harness/serve/replica';

describe("go: Flyte's connector plugin against plugbench serve", function () {
  this.timeout(20 * 60_000);
  let server: Replica | undefined;

  before(async () => {
    server = await startReplica([
      '--config',
      path.join(__dirname, '../python/serve.yaml'),
      'test/harness/serve/plugins/countdown.ts',
    ]);
  });
  after(async () => {
    await stopReplica(server);
  });

  it('runs tests.RunPluginEndToEndTest of the connector-service plugin to success with the outputs', async () => {
    const child = spawn('go', ['test', '-count=1', '-v', './...'], {
      cwd: __dirname,
      env: { ...process.env, PLUGBENCH_SERVE_ADDRESS: server!.address, GOFLAGS: '-mod=readonly' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, `go test failed:\n${out.slice(-6000)}`);
    assert.match(
      out,
      /--- PASS: TestConnectorPluginAgainstPlugbenchServe\/a_task_succeeds_with_the_outputs_plugbench_serve_returns/,
    );
    assert.match(out, /supports the following task types: \[countdown\]/, 'ListAgents discovery');
  });
});
