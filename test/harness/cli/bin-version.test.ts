// `plugbench --version` answers from harness/bin before the CLI bundle loads: it must print what the CLI itself
// prints (the harness package's version), and anything else must still reach the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { main, type CliIo } from '../../../harness/src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'harness/bin/plugbench.js');

async function viaMain(args: string[]): Promise<string> {
  let out = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, cwd: repo, env: {} };
  await main(args, io);
  return out;
}

describe('cli: plugbench --version from the bin', () => {
  it('prints the harness version, the same text as the CLI, for --version and -v', async () => {
    const version = (JSON.parse(readFileSync(path.join(repo, 'harness/package.json'), 'utf8')) as { version: string })
      .version;
    for (const flag of ['--version', '-v']) {
      const r = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${version}\n`);
      assert.equal(r.stdout, await viaMain([flag]));
    }
  });

  it('--version with other arguments goes to the CLI (which refuses an unknown command with exit 2)', () => {
    const r = spawnSync(process.execPath, [bin, 'frobnicate', '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });
});
