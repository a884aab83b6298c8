// Hostile plugins: each way a plugin can misbehave (never load, loop, exit, leave errors unhandled, leave timers
// running, log) is its own fixture in ./hostile, run by the real `plugbench test` (every fixture in a runner
// process); each gives its documented verdict, error type and exit code, the command ends, and the other fixtures
// of the run still run and are reported.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/support';
import { buildsHarnessRunner } from './support';

const dir = path.join(__dirname, 'hostile');
const fixture = (name: string) => path.join(dir, `${name}.fixture.yaml`);

/** `plugbench` in this process (its fixtures run in runner processes), its output captured. */
const plugbench = (args: string[]) => runCli(args, dir);

interface JsonFixture {
  file: string;
  status: string;
  cases: { name: string; passed: boolean; messages: string[]; error?: { type: string; message: string } }[];
}

/** Runs one fixture with the json reporter; its exit code and its one fixture's report. */
async function testOne(name: string) {
  const r = await plugbench(['test', fixture(name), '--reporter', 'json', '--timeout', '8000']);
  const report = JSON.parse(r.stdout) as { fixtures: JsonFixture[] };
  assert.equal(report.fixtures.length, 1, r.stderr);
  return { ...r, fixture: report.fixtures[0]! };
}

/** The error case of a fixture that its plugin broke. */
const errorOf = (f: JsonFixture) => f.cases.find((c) => c.error !== undefined)?.error;

describe('hostile plugins under plugbench test', function () {
  this.timeout(60_000);
  buildsHarnessRunner();

  it('a loader that never settles: exit 3, the plugin did not load, named with the fixture', async () => {
    const r = await testOne('load-never-settles');
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.fixture.status, 'plugin-error');
    assert.equal(errorOf(r.fixture)?.type, 'PluginLoadError');
    assert.match(errorOf(r.fixture)!.message, /load-never-settles\.fixture\.yaml: the plugin did not load/);
  });

  for (const [name, why] of [
    ['sync-loop', /did not answer for .* s during outcome/],
    ['microtask-loop', /did not answer for .* s during outcome/],
    ['world-never-settles', /did not answer for .* s during outcome/],
  ] as const) {
    it(`${name}: exit 1, the runner stopped by its watchdog, the cause named`, async () => {
      const r = await testOne(name);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.fixture.status, 'failed');
      assert.equal(errorOf(r.fixture)?.type, 'PluginHang');
      assert.match(errorOf(r.fixture)!.message, new RegExp(`^${name}\\.fixture\\.yaml: `));
      assert.match(errorOf(r.fixture)!.message, why);
    });
  }

  it('process.exit(1) in Handle: exit 1, PluginExit, and the report says who exited', async () => {
    const r = await testOne('exits');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(errorOf(r.fixture)?.type, 'PluginExit');
    assert.match(r.fixture.cases.find((c) => c.error)!.messages.join('\n'), /the plugin called process\.exit\(1\)/);
  });

  it('a rejection left unhandled in a timer: the fixture fails (exit 1) with the rejection, though the plugin succeeded', async () => {
    const r = await testOne('timer-rejection');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(errorOf(r.fixture)?.type, 'PluginUnhandledError');
    assert.match(
      r.fixture.cases.find((c) => c.error)!.messages.join('\n'),
      /unhandled promise rejection in plugin code: Error: rejected in a timer of the plugin/,
    );
    assert.ok(
      r.fixture.cases.some((c) => c.name === 'task a' && c.passed),
      'the verdict of the task itself stands',
    );
  });

  it('a native crash in Handle: exit 1, PluginCrash, with the signal', async () => {
    const r = await testOne('crashes');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(errorOf(r.fixture)?.type, 'PluginCrash');
    assert.match(errorOf(r.fixture)!.message, /crashes\.fixture\.yaml: the runner process was killed by SIGSEGV/);
  });

  it('a Handle that runs the heap out: exit 1, PluginCrash, "ran out of memory"', async () => {
    // A capped heap for the runner of this one fixture, so that it runs out in a moment rather than gigabytes later.
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${before ?? ''} --max-old-space-size=160`.trim();
    try {
      const r = await testOne('memory/out-of-memory');
      assert.equal(r.code, 1, r.stderr);
      assert.equal(errorOf(r.fixture)?.type, 'PluginCrash');
      assert.match(
        errorOf(r.fixture)!.message,
        /out-of-memory\.fixture\.yaml: the plugin ran its runner process out of memory/,
      );
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
  });

  it('an interval left running by the loader: the verdict stands (exit 0) and the command returns', async () => {
    const r = await testOne('leaves-interval');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.fixture.status, 'passed');
  });

  it("console.log in Handle (and in the check's replay) never reaches the reports: json, junit and run --json on stdout parse", async () => {
    const json = await testOne('logs');
    assert.equal(json.code, 0, json.stderr);
    assert.doesNotMatch(json.stdout + json.stderr, /a log line of the plugin|and one on stderr/);
    const junit = await plugbench(['test', fixture('logs'), '--reporter', 'junit']);
    assert.match(junit.stdout, /^<\?xml/);
    assert.doesNotMatch(junit.stdout, /a log line of the plugin/);
    const ndjson = await plugbench(['run', fixture('logs'), '--json']);
    assert.equal(ndjson.code, 0, ndjson.stderr);
    const lines = ndjson.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 3);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
  });

  it('the whole folder in one run, 2 runners: every fixture reported, the worst exit code (3), the junit file lists them all', async () => {
    const out = path.join(os.tmpdir(), `pb-hostile-${process.pid}.xml`);
    const r = await plugbench([
      'test',
      `${dir}/*.fixture.yaml`,
      '--jobs',
      '2',
      '--timeout',
      '8000',
      '--reporter',
      'spec',
      '--reporter',
      'junit',
      '--out',
      out,
    ]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    const xml = fs.readFileSync(out, 'utf8');
    for (const name of [
      'load-never-settles',
      'sync-loop',
      'microtask-loop',
      'world-never-settles',
      'exits',
      'crashes',
      'timer-rejection',
      'leaves-interval',
      'logs',
    ]) {
      assert.match(xml, new RegExp(`<testsuite name="[^"]*" file="${name}\\.fixture\\.yaml"`), name);
    }
    assert.match(r.stdout, /fixtures: 2 passed, 7 failed/);
    fs.rmSync(out, { force: true });
  });
});
