// Flyte's own Go connector plugin (flyteplugins webapi/connector, loaded as FlytePropeller loads it) drives
// `plugbench serve` under flyteplugins' tests.RunPluginEndToEndTest: connector_test.go in this folder, a Go module
// requiring Flyte's published modules. Go downloads the modules (scripts/serve/install.sh does it ahead in
// `npm run test:all`); the first build of the test binary compiles Flyte's dependency tree and takes minutes, later
// ones come from Go's build cache.
import assert from 'node:assert/strict';
import { runToExit, startCountdownReplica, stopReplica, type Replica } from '../harness/serve/replica';

describe("go: Flyte's connector plugin against plugbench serve", function () {
  this.timeout(20 * 60_000);
  let server: Replica | undefined;

  before(async () => {
    server = await startCountdownReplica();
  });
  after(async () => {
    await stopReplica(server);
  });

  it('runs tests.RunPluginEndToEndTest of the connector-service plugin to success with the outputs', async () => {
    const { code, out } = await runToExit('go', ['test', '-count=1', '-v', './...'], {
      cwd: __dirname,
      env: { ...process.env, PLUGBENCH_SERVE_ADDRESS: server!.address, GOFLAGS: '-mod=readonly' },
    });
    assert.equal(code, 0, `go test failed:\n${out.slice(-6000)}`);
    assert.match(
      out,
      /--- PASS: TestConnectorPluginAgainstPlugbenchServe\/a_task_succeeds_with_the_outputs_plugbench_serve_returns/,
    );
    assert.match(out, /supports the following task types: \[countdown\]/, 'ListAgents discovery');
  });
});
