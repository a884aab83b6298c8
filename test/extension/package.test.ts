// `npm run package` builds a VSIX that holds what the extension needs and nothing of the tests, and the runner
// inside it works on its own: it bundles a plugin with the esbuild the VSIX carries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { RunnerClient, forkRunner } from '@plugbench/harness/runner';
import { ROOT } from './support';

/** The entries of a zip file (central directory), and a way to read each. Enough for a VSIX. */
function readZip(file: string): Map<string, () => Buffer> {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe('extension package (VSIX)', function () {
  this.timeout(180000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-vsix-'));
  const vsix = path.join(dir, 'plugbench.vsix');
  let entries: Map<string, () => Buffer>;

  before(() => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'extension/scripts/package.mjs'), '--out', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    entries = readZip(vsix);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds what the extension needs', () => {
    const needed = [
      'extension/package.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
      'extension/dist/extension/extension.js',
      'extension/dist/extension/runner.js',
      'extension/dist/extension/fixture-info-worker.js',
      'extension/dist/webview/main.js',
      'extension/extension/media/plugbench.png',
      'extension/changelog.md',
      'extension/harness/schema/fixture.schema.json',
      'extension/extension/media/plugbench.svg',
      'extension/dist/node_modules/esbuild/lib/main.js',
      'extension/dist/node_modules/esbuild/package.json',
    ];
    for (const n of needed) assert.ok(entries.has(n), `${n} is missing from the VSIX`);
    assert.ok(
      [...entries.keys()].some((n) =>
        /^extension\/dist\/node_modules\/@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(n),
      ),
      "esbuild's native binary is missing",
    );
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    assert.equal(manifest.main, './dist/extension/extension.js');
  });

  it('is a Marketplace package: icon, preview, repository, keywords; nodePath restricted in untrusted workspaces', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    assert.ok(entries.has(`extension/${manifest.icon}`), `the icon ${manifest.icon} is not in the VSIX`);
    const png = entries.get(`extension/${manifest.icon}`)!();
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is not 128 x 128 px');
    assert.equal(manifest.preview, true);
    assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
    assert.ok(manifest.keywords.length >= 3);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['plugbench.nodePath']);
  });

  it("shows the extension's own README as its page, every link absolute and reaching a file of the repository", () => {
    const readme = entries.get('extension/readme.md')!().toString('utf8');
    assert.equal(readme.split('\n')[0], '# plugbench for VS Code');
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    const repo = manifest.repository.url.replace(/\.git$/, '');
    const links = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(links.length >= 4, `only ${links.length} links`);
    for (const link of links) {
      assert.match(link, /^https:\/\//, `a relative link on the Marketplace page: ${link}`);
      if (!link.startsWith(`${repo}/`)) continue;
      const file = new URL(link).pathname.replace(new URL(`${repo}/blob/HEAD/`).pathname, '');
      assert.ok(
        fs.existsSync(path.join(ROOT, decodeURIComponent(file))),
        `${link} names ${file}, which is not in the repository`,
      );
    }
  });

  it('carries minified bundles', () => {
    for (const b of ['dist/extension/extension.js', 'dist/extension/runner.js', 'dist/webview/main.js']) {
      const code = entries.get(`extension/${b}`)!().toString('utf8');
      assert.doesNotMatch(
        code,
        /^\/\/ (extension|sdk|harness|view)\/src\//m,
        `${b} is not minified (it names its modules)`,
      );
    }
  });

  it('holds nothing of the tests, the sources or the development dependencies', () => {
    const forbidden = [
      /\/test\//,
      /\.vscode-test\//,
      /test-artifacts\//,
      /\/src\//,
      /\.map$/,
      /\.ts$/,
      /^extension\/node_modules\//,
      /^extension\/examples\//,
      /^extension\/sdk\//,
      /^extension\/bench\//,
      /\.vsix$/,
    ];
    for (const name of entries.keys()) {
      for (const f of forbidden) assert.ok(!f.test(name), `${name} should not be in the VSIX`);
      if (name.includes('node_modules/'))
        assert.match(
          name,
          /^extension\/dist\/node_modules\/(esbuild|@esbuild\/[^/]+)\//,
          `${name}: only esbuild is carried`,
        );
    }
    assert.ok(entries.size < 30, `${entries.size} files: more than the extension needs`);
  });

  it('runs a fixture with the runner and esbuild it carries, outside the repository', async () => {
    const unpacked = path.join(dir, 'unpacked');
    for (const [name, read] of entries) {
      if (!name.startsWith('extension/')) continue;
      const to = path.join(unpacked, name.slice('extension/'.length));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, read());
    }
    // Zip entries keep no mode here; VS Code's installer keeps it, and the binary must be executable.
    for (const b of [...entries.keys()].filter((n) => /@esbuild\/[^/]+\/bin\/esbuild$/.test(n)))
      fs.chmodSync(path.join(unpacked, b.slice('extension/'.length)), 0o755);
    const transport = forkRunner({
      runnerPath: path.join(unpacked, 'dist/extension/runner.js'),
      cwd: dir,
      env: { PLUGBENCH_CACHE_DIR: path.join(dir, 'cache'), NODE_PATH: '', ESBUILD_BINARY_PATH: '' },
    });
    const client = new RunnerClient(transport, { silenceTimeoutMs: 20000 });
    try {
      const open = await client.request({
        type: 'open',
        fixture: path.join(ROOT, 'examples/fixtures/echo-instant.fixture.json'),
        roundTimeoutMs: 5000,
      });
      assert.deepEqual(
        open.tasks.map((t) => t.id),
        ['first', 'flaky', 'later'],
      );
      const end = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 1000 });
      assert.equal(end.reason, 'terminal');
    } finally {
      await client.close();
    }
  });
});
