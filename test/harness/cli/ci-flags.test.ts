// plugbench test's CI flags, through the real command (every fixture in a runner process): --jobs gives the same
// verdicts as one runner, --shard I/N splits the fixtures so that the shards together run each exactly once,
// --grep, --bail, --pass-with-no-tests, --timeout, several reporters at once, the github reporter, failures at their
// fixture line with a JSON-path diff, junit cases with their line, the heartbeat; and the flags' checks (exit 2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportPlan, shardOf } from '../../../harness/src/cli/test-plan';
import { affectedFixtures } from '../../../harness/src/cli/watch';
import { buildsHarnessRunner } from '../runner/support';
import { runCli } from './support';

const repo = path.resolve(__dirname, '../../..');
const hostile = path.join(repo, 'test/harness/runner/hostile');

const run = (args: string[]) => runCli(args, repo);

interface JsonReport {
  summary: { fixtures: number; exitCode: number };
  fixtures: { file: string; status: string; cases: { name: string; passed: boolean }[] }[];
}
const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const verdicts = (r: JsonReport) =>
  Object.fromEntries(
    r.fixtures.map((f) => [f.file, { status: f.status, cases: f.cases.map((c) => `${c.name}:${c.passed}`) }]),
  );

describe('harness: plugbench test in CI', function () {
  this.timeout(120_000);
  buildsHarnessRunner();

  it('--jobs 2 gives the same verdicts, in the same order, as --jobs 1 (the examples)', async () => {
    const one = await run(['test', 'examples', '--jobs', '1', '--reporter', 'json']);
    const two = await run(['test', 'examples', '--jobs', '2', '--reporter', 'json']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.ok(json(one.stdout).fixtures.length > 10);
    assert.deepEqual(verdicts(json(two.stdout)), verdicts(json(one.stdout)));
    assert.deepEqual(
      json(two.stdout).fixtures.map((f) => f.file),
      json(one.stdout).fixtures.map((f) => f.file),
    );
  });

  it('--shard 1/2 and --shard 2/2 together run every fixture exactly once', async () => {
    const all = json((await run(['test', 'test/harness/fixtures', '--reporter', 'json'])).stdout).fixtures.map(
      (f) => f.file,
    );
    const a = json(
      (await run(['test', 'test/harness/fixtures', '--reporter', 'json', '--shard', '1/2'])).stdout,
    ).fixtures.map((f) => f.file);
    const b = json(
      (await run(['test', 'test/harness/fixtures', '--reporter', 'json', '--shard', '2/2'])).stdout,
    ).fixtures.map((f) => f.file);
    assert.ok(a.length > 0 && b.length > 0);
    assert.deepEqual([...a, ...b].sort(), [...all].sort());
    assert.equal(new Set([...a, ...b]).size, all.length);
  });

  it('shards are a pure function of the sorted list: the same split whatever order the files come in', () => {
    const files = ['c', 'a', 'e', 'b', 'd'];
    assert.deepEqual(shardOf(files, '1/2'), ['a', 'c', 'e']);
    assert.deepEqual(shardOf([...files].reverse(), '2/2'), ['b', 'd']);
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1/2/3']) assert.throws(() => shardOf(files, bad), /--shard/);
  });

  it('--grep runs the fixtures whose name or file matches, else the matching tasks; nothing matched exits 2 unless --pass-with-no-tests', async () => {
    const files = json((await run(['test', 'examples', '--reporter', 'json', '--grep', 'echo-'])).stdout).fixtures.map(
      (f) => f.file,
    );
    assert.ok(files.length > 0 && files.every((f) => f.includes('echo-')), files.join());
    const tasks = json(
      (await run(['test', 'test/harness/fixtures/good.fixture.yaml', '--reporter', 'json', '--grep', '^two$'])).stdout,
    );
    assert.deepEqual(
      tasks.fixtures[0]!.cases.map((c) => c.name),
      ['task two', 'contract checks'],
    );
    const none = await run(['test', 'test/harness/fixtures/good.fixture.yaml', '--grep', 'nothing-like-this']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--pass-with-no-tests/);
    assert.equal(
      (
        await run([
          'test',
          'test/harness/fixtures/good.fixture.yaml',
          '--grep',
          'nothing-like-this',
          '--pass-with-no-tests',
        ])
      ).code,
      0,
    );
    assert.equal((await run(['test', 'nowhere/*.fixture.yaml', '--pass-with-no-tests'])).code, 0);
  });

  it('--bail stops after the first failure and still writes the report', async () => {
    const out = path.join(os.tmpdir(), `pb-bail-${process.pid}.json`);
    try {
      const r = await run([
        'test',
        `${hostile}/exits.fixture.yaml`,
        `${hostile}/logs.fixture.yaml`,
        '--jobs',
        '1',
        '--bail',
        '--reporter',
        'json',
        '--out',
        out,
      ]);
      assert.equal(r.code, 1);
      const report = JSON.parse(fs.readFileSync(out, 'utf8')) as JsonReport;
      assert.deepEqual(
        report.fixtures.map((f) => path.basename(f.file)),
        ['exits.fixture.yaml'],
      );
      assert.match(r.stderr, /1 not run: --bail/);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  it('--timeout: a fixture past its wall-clock limit fails with FixtureTimeout (during a round) and is announced by the heartbeat', async () => {
    // A Handle that sleeps 4 s of wall clock, under a round timeout of 10 s: only --timeout stops it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-timeout-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'slow.ts'),
        `import { doTransition, phaseInfoSuccess, type PluginEntry } from '@plugbench/sdk';
export const entry: PluginEntry = { id: 's', registeredTaskTypes: ['s'], loadPlugin: () => ({ getID: () => 's', getProperties: () => ({}),
  async handle() { for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 800)); return doTransition(phaseInfoSuccess()); }, abort() {}, finalize() {} }) };
`,
      );
      fs.writeFileSync(
        path.join(dir, 'slow.fixture.yaml'),
        `plugin: { module: ${JSON.stringify(path.join(dir, 'slow.ts'))}, export: entry }\nexecutor: { roundTimeoutMs: 10000 }\ntasks: [{ id: a, type: s }]\n`,
      );
      const r = await run(['test', path.join(dir, 'slow.fixture.yaml'), '--timeout', '6000', '--reporter', 'github']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /^::error file=.*slow\.fixture\.yaml,title=slow\.fixture\.yaml%3A plugin runs::slow\.fixture\.yaml: the fixture ran longer than its limit of 6000 ms \(--timeout\)/m,
      );
      assert.match(r.stderr, /plugbench: still running .*slow\.fixture\.yaml \(5s\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed expectation: file:line:col and a JSON-path diff in spec; github annotations at that line; junit cases carry the line', async () => {
    const leaky = 'test/harness/fixtures/leaky-plugin.fixture.yaml';
    const spec = await run(['test', leaky]);
    assert.match(
      spec.stdout,
      /at .*leaky-plugin\.fixture\.yaml:11:15\n\s+differences:\n\s+\$\.tasks\[0\]\.expect\.events\[0\]: expected "RUNNING:0", actual "SUCCEEDED:0"\n\s+\$\.tasks\[0\]\.expect\.events\[1\]: expected "SUCCEEDED:0", actual \(nothing\)/,
    );
    const gh = await run(['test', leaky, '--reporter', 'github']);
    assert.match(
      gh.stdout,
      /^::error file=test\/harness\/fixtures\/leaky-plugin\.fixture\.yaml,line=11,col=15,title=leaky-plugin%3A task leak::task leak: the events sent differ%0A/m,
    );
    assert.match(gh.stdout, /^::notice title=plugbench::fixtures: 0 passed, 1 failed/m);
    const out = path.join(os.tmpdir(), `pb-multi-${process.pid}.xml`);
    try {
      const both = await run(['test', leaky, '--reporter', 'spec', '--reporter', 'junit', '--out', out]);
      assert.match(both.stdout, /✗ test\/harness\/fixtures\/leaky-plugin\.fixture\.yaml/);
      assert.match(
        fs.readFileSync(out, 'utf8'),
        /<testcase classname="[^"]*" name="task leak" file="test\/harness\/fixtures\/leaky-plugin\.fixture\.yaml" line="11"/,
      );
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  it('reporters route: one report on stdout at most, --out files in order, spec as progress', async () => {
    assert.deepEqual(reportPlan([], []), { targets: [], progress: 'stdout' });
    assert.deepEqual(reportPlan(['junit'], ['r.xml']), {
      targets: [{ reporter: 'junit', out: 'r.xml' }],
      progress: 'stderr',
    });
    assert.deepEqual(reportPlan(['spec', 'junit', 'github'], ['r.xml']), {
      targets: [{ reporter: 'junit', out: 'r.xml' }, { reporter: 'github' }],
      progress: 'stderr',
    });
    assert.deepEqual(reportPlan(['spec', 'junit'], ['r.xml']), {
      targets: [{ reporter: 'junit', out: 'r.xml' }],
      progress: 'stdout',
    });
    assert.throws(() => reportPlan(['json', 'junit'], []), /both write to standard output/);
    for (const bad of [
      ['--jobs', '0'],
      ['--timeout', 'soon'],
      ['--grep', '('],
      ['--shard', '3/2'],
      ['--reporter', 'spec', '--reporter', 'spec'],
    ]) {
      const r = await run(['test', 'test/harness/fixtures/good.fixture.yaml', ...bad]);
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.stderr, /see: plugbench test --help/);
    }
  });

  it('--watch reruns a changed fixture alone, and the fixtures that name a changed plugin', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-watch-'));
    try {
      const a = path.join(dir, 'a.fixture.yaml');
      const b = path.join(dir, 'b.fixture.yaml');
      fs.writeFileSync(a, 'plugin: { module: ./alpha.ts }\n');
      fs.writeFileSync(b, 'plugin: { module: ./beta.ts }\n');
      assert.deepEqual(affectedFixtures([a], [a, b]), [a]);
      assert.deepEqual(affectedFixtures([path.join(dir, 'beta.ts')], [a, b]), [b]);
      assert.deepEqual(affectedFixtures([path.join(dir, 'shared-helper.ts')], [a, b]), [a, b]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
