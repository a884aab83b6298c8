// `plugbench serve` driven by Flyte's own Python stubs (PyPI flyteidl: flyteidl.service.agent_pb2_grpc), an
// independent client of the protocol. The packages of requirements.txt are installed into a virtual environment
// under node_modules/.cache the first time (scripts/serve/install.sh does it in `npm run test:all`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runToExit, startCountdownReplica, stopReplica, type Replica } from '../harness/serve/replica';

const root = path.resolve(__dirname, '../..');
const venv = path.join(root, 'node_modules/.cache/plugbench-python');
const python = path.join(venv, 'bin/python');
const requirements = path.join(__dirname, 'requirements.txt');

/** The virtual environment with requirements.txt installed, by scripts/serve/install.sh (it skips what is there). */
function ensureVenv(): void {
  const marker = path.join(venv, '.requirements');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === readFileSync(requirements, 'utf8')) return;
  execFileSync('bash', [path.join(root, 'scripts/serve/install.sh')], { stdio: 'inherit' });
}

describe("python: Flyte's flyteidl stubs against plugbench serve", function () {
  this.timeout(300_000);
  let server: Replica | undefined;

  before(async () => {
    ensureVenv();
    server = await startCountdownReplica();
  });
  after(async () => {
    await stopReplica(server);
  });

  it('runs Create, Get, Delete and the metadata service with agent_pb2_grpc', async () => {
    const { code, out } = await runToExit(python, [path.join(__dirname, 'connector_client.py'), server!.address]);
    assert.equal(code, 0, `the Python client failed:\n${out}`);
    assert.match(out, /ALL PASS/);
    assert.doesNotMatch(out, /^FAIL /m);
    assert.equal((out.match(/^PASS /gm) ?? []).length, 12, out);
  });
});
