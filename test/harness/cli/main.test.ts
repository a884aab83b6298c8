// The plugbench command: exit codes 0/1/2/3 from a real process, clear messages, --help for every command, the
// reporters (junit parsed with a real XML parser), run's text, NDJSON and HTML outputs, and --update-golden.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseTimeline } from '@plugbench/sdk';
import { runCli } from './support';
import { buildsHarnessRunner } from '../runner/support';

const repo = path.resolve(__dirname, '../../..');
const fixtures = path.join(repo, 'test/harness/fixtures');
const tsxCli = require.resolve('tsx/cli');
const mainTs = path.join(repo, 'harness/src/cli/main.ts');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs plugbench in a process of its own (from the sources, through tsx), as CI would. */
function spawnCli(args: string[], cwd = repo) {
  // The workspace packages from their sources (the `@plugbench/source` export condition), in tsx's own child too.
  const NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=@plugbench/source`.trim();
  const r = spawnSync(process.execPath, [tsxCli, mainTs, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs plugbench in this process, capturing its output. */
const run = (args: string[], cwd = repo) => runCli(args, cwd);

describe('harness: the plugbench command', function () {
  this.timeout(60_000);
  buildsHarnessRunner();

  describe('exit codes, in a real process', () => {
    it('0: plugbench test examples passes', () => {
      const r = spawnCli(['test', 'examples']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✓ examples\/fixtures\/webapi-quota\.fixture\.yaml/);
      assert.match(r.stdout, /failed as expected/);
      assert.match(r.stdout, /fixtures: \d+ passed, 0 failed/);
    });

    it('1: a plugin that breaks the contract fails its test', () => {
      const r = spawnCli(['test', 'test/harness/fixtures/leaky-plugin.fixture.yaml']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /✗ task leak\n\s+task leak: the events sent differ\n\s+expected \["RUNNING:0","SUCCEEDED:0"\]\n\s+actual {3}\["SUCCEEDED:0"\]/,
      );
      assert.match(r.stdout, /\[tokensReleased\] task leak round 1: token ".*" of namespace "pool"/);
      assert.match(r.stdout, /fix: release it in Finalize/);
    });

    it('2: an invalid fixture names the file, line, column and what was expected', () => {
      const r = spawnCli(['test', 'test/harness/fixtures/broken-fixture.fixture.yaml']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /broken-fixture\.fixture\.yaml:7:14 \$\.tasks\[0\]\.retries: expected number, received string/,
      );
    });

    it('3: a missing plugin module, and one that does not compile', () => {
      const missing = spawnCli(['run', 'test/harness/fixtures/missing-plugin.fixture.json']);
      assert.equal(missing.code, 3, missing.stdout + missing.stderr);
      assert.match(
        missing.stderr,
        /plugin failed to load: .*test\/harness\/plugins\/does-not-exist\.ts: no such file\n\s+fix: check the module path; in a fixture it is relative to the fixture file/,
      );
      const broken = spawnCli(['test', 'test/harness/fixtures/broken-plugin.fixture.yaml']);
      assert.equal(broken.code, 3, broken.stdout + broken.stderr);
      assert.match(broken.stdout, /broken-plugin\.ts: does not compile: .*broken-plugin\.ts:3:\d+/);
    });

    it('the worst outcome wins when fixtures differ', () => {
      const r = spawnCli([
        'test',
        'test/harness/fixtures/leaky-plugin.fixture.yaml',
        'test/harness/fixtures/broken-fixture.fixture.yaml',
        'test/harness/fixtures/good.fixture.yaml',
      ]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /fixtures: 1 passed, 2 failed \(1 invalid fixture\)/);
    });

    it('the built bin, when the build is there and current', function () {
      const built = path.join(repo, 'harness/dist/cli.js');
      // `npm test` builds first; a plain mocha run after editing the sources would test a stale bundle.
      if (!existsSync(built) || statSync(built).mtimeMs < newestSource(path.join(repo, 'harness/src'))) this.skip();
      const r = spawnSync(
        process.execPath,
        [path.join(repo, 'harness/bin/plugbench.js'), 'test', 'examples', '--reporter', 'json'],
        { cwd: repo, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { summary: { exitCode: number } }).summary.exitCode, 0);
    });
  });

  describe('in this process', () => {
    it('--help for every command', async () => {
      for (const args of [['--help'], ['run', '--help'], ['test', '-h'], ['schema', '--help'], ['help', 'test']]) {
        const r = await run(args);
        assert.equal(r.code, 0, args.join(' '));
        assert.match(r.stdout, /Usage/);
      }
      assert.match((await run(['run', '--help'])).stdout, /--html FILE/);
      assert.match((await run(['test', '--help'])).stdout, /--reporter R/);
      assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
    });

    it('command line mistakes exit 2 and point at the help', async () => {
      const unknown = await run(['frobnicate']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown command "frobnicate"; the commands are: run, test, schema/);
      const option = await run(['test', '--bogus']);
      assert.equal(option.code, 2);
      assert.match(option.stderr, /Unknown option '--bogus'[\s\S]*see: plugbench test --help/);
      const reporter = await run(['test', '--reporter', 'tap']);
      assert.match(reporter.stderr, /--reporter tap: one of spec, json, junit/);
      assert.equal((await run(['run'])).code, 2);
      const none = await run(['test', 'nowhere/*.fixture.yaml']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no fixtures .* at nowhere\/\*\.fixture\.yaml/);
    });

    it('run: the timeline per task, then the verdict', async () => {
      const r = await run(['run', 'examples/fixtures/webapi-quota.fixture.yaml']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /^webapi-quota \(examples\/fixtures\/webapi-quota\.fixture\.yaml\): finished \(terminal\): (\d+) run rounds; job-1 (\d+) rounds, job-2 \d+ rounds/,
      );
      // The run's rounds are every task's rounds together: the headline counts both, and says which is which.
      const [, runRounds, job1] = /: (\d+) run rounds; job-1 (\d+) rounds/.exec(r.stdout)!;
      assert.ok(Number(job1) < Number(runRounds));
      assert.match(r.stdout, /task job-1: Succeeded, plugin phase \S+, 1 attempt, \d+ rounds; events/);
      assert.match(r.stdout, /job-3 #0 {2}Succeeded/);
      assert.match(r.stdout, /events {2}r1 WAITING_FOR_RESOURCES/);
      assert.match(r.stdout, /tokens {2}default\//);
      assert.match(r.stdout, /✓ webapi-quota: every expectation and contract check passed/);
      const one = await run(['run', 'examples/fixtures/webapi-quota.fixture.yaml', '--task', 'job-2']);
      assert.doesNotMatch(one.stdout, /job-3/);
      assert.match(one.stdout, /: finished \(terminal\): \d+ run rounds; job-2 \d+ rounds\n/);
      assert.match(
        (await run(['run', 'examples/fixtures/webapi-quota.fixture.yaml', '--task', 'job-9'])).stderr,
        /no such task .* its tasks: job-1, job-2/,
      );
    });

    it('run --json: NDJSON in the timeline schema; --html: a standalone report', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-cli-'));
      try {
        const html = path.join(dir, 'out', 'report.html');
        const r = await run(['run', 'examples/fixtures/echo-abort.fixture.yaml', '--json', '--html', html]);
        assert.equal(r.code, 0, r.stderr);
        const records = parseTimeline(r.stdout, 'stdout');
        assert.equal(records[0]!.kind, 'run.started');
        assert.equal(records.at(-1)!.kind, 'run.finished');
        assert.match(r.stderr, /wrote the HTML report: .*report\.html/);
        const page = readFileSync(html, 'utf8');
        assert.match(page, /^<!doctype html>/);
        assert.match(page, /<title>echo-abort: plugbench timeline<\/title>/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('test --reporter junit: valid XML with a suite per fixture and failures for what failed', async () => {
      const files = [
        'examples/fixtures/echo-basic.fixture.yaml',
        'examples/fixtures/webapi-lost-info.fixture.yaml',
        ...['leaky-plugin.fixture.yaml', 'broken-fixture.fixture.yaml', 'missing-plugin.fixture.json'].map(
          (f) => `test/harness/fixtures/${f}`,
        ),
      ];
      const r = await run(['test', ...files, '--reporter', 'junit']);
      assert.equal(r.code, 3);
      assert.equal(XMLValidator.validate(r.stdout), true);
      const doc = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        isArray: (name) => name === 'testsuite' || name === 'testcase',
      }).parse(r.stdout) as {
        testsuites: {
          tests: string;
          failures: string;
          errors: string;
          testsuite: Array<{
            name: string;
            tests: string;
            testcase: Array<{ name: string; failure?: { message: string; '#text': string }; error?: { type: string } }>;
          }>;
        };
      };
      const suites = doc.testsuites.testsuite;
      assert.deepEqual(
        suites.map((s) => s.name),
        [
          'echo-basic',
          'webapi-lost-info',
          'leaky-plugin',
          'broken-fixture.fixture.yaml',
          'missing-plugin.fixture.json',
        ],
      );
      assert.deepEqual(
        suites[0]!.testcase.map((c) => c.name),
        ['task copy', 'contract checks', 'golden timeline echo-basic.ndjson'],
      );
      assert.ok(suites[0]!.testcase.every((c) => c.failure === undefined));
      assert.match(suites[1]!.testcase[0]!.name, /^fails on purpose: /);
      const leak = suites[2]!.testcase;
      assert.match(leak[0]!.failure!.message, /task leak: the events sent differ/);
      assert.match(leak[1]!.failure!['#text'], /\[tokensReleased\]/);
      assert.equal(suites[3]!.testcase[0]!.error!.type, 'InvalidFixture');
      assert.equal(suites[4]!.testcase[0]!.error!.type, 'PluginLoadError');
      assert.equal(Number(doc.testsuites.failures), 2);
      assert.equal(Number(doc.testsuites.errors), 2);
      // Progress went to stderr, so stdout is only the XML.
      assert.match(r.stderr, /✓ examples\/fixtures\/echo-basic\.fixture\.yaml/);
    });

    it('test --reporter json --out FILE', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-cli-'));
      try {
        const out = path.join(dir, 'report.json');
        const r = await run(['test', 'test/harness/fixtures/good.fixture.yaml', '--reporter', 'json', '--out', out]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, '');
        const report = JSON.parse(readFileSync(out, 'utf8')) as {
          summary: { passed: number };
          fixtures: Array<{ status: string; result: { tasks: Array<{ events: string[] }> } }>;
        };
        assert.equal(report.summary.passed, 1);
        assert.deepEqual(report.fixtures[0]!.result.tasks[1]!.events, [
          'WAITING_FOR_RESOURCES:0',
          'RUNNING:1',
          'RUNNING:2',
          'RUNNING:3',
          'SUCCEEDED:0',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('test --update-golden writes golden timelines; a changed run then shows a diff', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-cli-'));
      try {
        const fixture = path.join(dir, 'echo.fixture.yaml');
        const write = (sleep: number) =>
          writeFileSync(
            fixture,
            `plugin: { module: ${JSON.stringify(path.join(repo, 'examples/plugins/echo.ts'))}, export: createEchoEntry, config: { sleepDurationMs: ${sleep} } }\ntasks: [{ id: e, type: echo }]\ngolden: golden/echo.ndjson\n`,
          );
        write(20_000);
        const missing = await run(['test', dir]);
        assert.equal(missing.code, 1);
        assert.match(
          missing.stdout,
          /no golden timeline at .*golden\/echo\.ndjson; record it with: plugbench test --update-golden/,
        );
        const update = await run(['test', dir, '--update-golden']);
        assert.equal(update.code, 0, update.stdout);
        assert.match(update.stdout, /golden timeline written: .*echo\.ndjson/);
        assert.equal((await run(['test', dir])).code, 0);
        write(30_000);
        const differs = await run(['test', dir]);
        assert.equal(differs.code, 1);
        assert.match(
          differs.stdout,
          /the run differs from the golden timeline .*echo\.ndjson at record \d+ \(call handle of task e, attempt 0, round 4\):\n\s+\$\.decision\.code: expected "event", actual "dedup"/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('schema prints the committed JSON Schema', async () => {
      const r = await run(['schema']);
      assert.equal(r.stdout, readFileSync(path.join(repo, 'harness/schema/fixture.schema.json'), 'utf8'));
    });

    it('finds fixtures by directory and by glob, relative to the working directory', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-cli-'));
      try {
        copyFileSync(path.join(fixtures, 'good.fixture.yaml'), path.join(dir, 'a.fixture.yaml'));
        const text = readFileSync(path.join(dir, 'a.fixture.yaml'), 'utf8')
          .replace('../plugins/contract-breakers.ts', path.join(repo, 'test/harness/plugins/contract-breakers.ts'))
          .replace(/^golden:.*$/m, '');
        writeFileSync(path.join(dir, 'a.fixture.yaml'), text);
        const byGlob = await run(['test', '*.fixture.yaml'], dir);
        assert.equal(byGlob.code, 0, byGlob.stdout + byGlob.stderr);
        assert.match(byGlob.stdout, /✓ a\.fixture\.yaml/);
        assert.equal((await run(['test'], dir)).code, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
