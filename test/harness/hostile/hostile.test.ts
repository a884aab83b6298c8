// Hostile plugins and fixtures: nothing a plugin or a fixture does makes plugbench lie, hang or crash. Each fixture in
// this folder documents its verdict; the exit codes are checked through the real command in a child process.
//
// Flyte's Go contract makes most wrong values unrepresentable (flyteplugins go/tasks/pluginmachinery/core/phase.go:
// `Phase` an int8 enum, `PhaseInfo.reason string`, `TaskInfo.OccurredAt *time.Time`, `Logs []*core.TaskLog`,
// `CustomInfo *structpb.Struct`); plugbench checks the same types at run time (README "Differences from Flyte").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { TimelineRecordSchema, type CallRecord } from '@plugbench/sdk';
import { useColor } from '../../../harness/src/cli/colors';
import { ROUND_ERROR_ABORT } from '../../../harness/src/expectations';
import { FixtureError } from '../../../harness/src/fixture/errors';
import { loadFixture, parseFixture } from '../../../harness/src/fixture/load';
import { compileGlobs, globToRegExp, GlobError } from '../../../harness/src/glob';
import { PluginModuleError } from '../../../harness/src/plugin/errors';
import { bundleModule } from '../../../harness/src/plugin/load';
import { openFixture, runFixture } from '../../../harness/src/run-fixture';
import { GlobSet } from '../../../extension/src/core/glob';

const repo = path.resolve(__dirname, '../../..');
const here = path.relative(repo, __dirname);
const tsxCli = require.resolve('tsx/cli');
const mainTs = path.join(repo, 'harness/src/cli/main.ts');

/** Runs plugbench in a process of its own, as CI would; colours off unless `env` says otherwise. */
function cli(args: string[], env: Record<string, string | undefined> = { NO_COLOR: '1' }, cwd = repo) {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  // The sources, through the packages' `@plugbench/source` export condition, as test/harness/cli/main.test.ts runs them.
  const NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=@plugbench/source`.trim();
  const r = spawnSync(process.execPath, [tsxCli, mainTs, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...base, ...env, NODE_OPTIONS },
    timeout: 60_000,
  });
  assert.notEqual(r.signal, 'SIGTERM', `plugbench ${args.join(' ')} did not finish within 60 s`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

interface JsonFixture {
  file: string;
  status: string;
  cases: { name: string; passed: boolean; messages: string[] }[];
  error?: { message: string };
}
const jsonFixtures = (stdout: string) => (JSON.parse(stdout) as { fixtures: JsonFixture[] }).fixtures;
const byName = (fixtures: JsonFixture[], name: string) =>
  fixtures.find((f) => path.basename(f.file) === `${name}.fixture.yaml`)!;
const fx = (name: string) => path.join(__dirname, `${name}.fixture.yaml`);

describe('harness: hostile plugins and fixtures', function () {
  this.timeout(120_000);

  describe('A+B: plugin values of the wrong type are round errors; a task aborted by them fails its fixture', () => {
    const cases: [string, RegExp][] = [
      ['phase-42', /transition\.info\.phase is 42 \(a number\); expected a Phase/],
      ['phase-minus-1', /transition\.info\.phase is -1 \(a number\); expected a Phase/],
      ['reason-number', /transition\.info\.reason is 42 \(a number\); expected a string/],
      [
        'occurred-at-string',
        /transition\.info\.info\.occurredAt is "2024-01-01T00:00:00Z" \(a string\); expected a valid Date/,
      ],
      ['logs-object', /transition\.info\.info\.logs is an object; expected an array of TaskLog/],
      ['custom-info-bigint', /transition\.info\.info\.customInfo\.rows is 10n \(a bigint\); expected JSON data/],
      ['custom-info-cycle', /transition\.info\.info\.customInfo\.loop\.self refers back to itself \(a cycle\)/],
      ['raw-event-invalid', /recordRaw\(info\)\.reason is an object; expected a string/],
    ];

    it('through the command: exit 1, each fixture failing with its round error named, the opted-out one passing', () => {
      const r = cli(['test', '--reporter', 'json', `${here}/values-*.fixture.yaml`]);
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /internal error/);
      const fixtures = jsonFixtures(r.stdout);
      for (const [mode, field] of cases) {
        const f = byName(fixtures, `values-${mode}`);
        assert.equal(f.status, 'failed', mode);
        const task = f.cases.find((c) => c.name === 'task t')!;
        assert.equal(task.passed, false, mode);
        assert.match(
          task.messages.join('\n'),
          /task t: was aborted \(max number of system retry attempts \[11\/10\] exhausted[^)]*\) after \d+ round\(s\); round errors: /,
          mode,
        );
        assert.match(task.messages.join('\n'), field, mode);
      }
      assert.equal(byName(fixtures, 'values-allowed').status, 'passed');
    });

    it('every record of such a run passes the timeline schema, and the replay check does not blame the replay', async () => {
      for (const [mode, field] of cases) {
        const result = await runFixture(fx(`values-${mode}`));
        for (const rec of result.timeline) {
          const parsed = TimelineRecordSchema.safeParse(JSON.parse(JSON.stringify(rec)));
          assert.ok(
            parsed.success,
            `${mode}: record ${rec.seq} fails the timeline schema: ${parsed.success ? '' : parsed.error.message}`,
          );
        }
        const errors = result.timeline.filter(
          (r): r is CallRecord => r.kind === 'call' && r.decision?.code === 'round-error',
        );
        assert.ok(errors.length > 0 && errors.every((r) => field.test(r.error?.message ?? '')), mode);
        assert.ok(
          errors.every((r) => r.events.length === 0 && r.state?.persisted === false),
          `${mode}: nothing of the round persists`,
        );
        assert.deepEqual(result.violations, [], mode);
      }
    });

    it('the abort reason the default expectation recognises is the executor’s', async () => {
      const result = await runFixture(fx('values-reason-number'));
      const fin = result.timeline.find((r) => r.kind === 'task.finished');
      assert.ok(fin?.kind === 'task.finished' && fin.nodePhase === 'Aborted');
      assert.match(fin.reason ?? '', ROUND_ERROR_ABORT);
    });

    it('a resource call after its round settled is refused before the pool and fails the next round of the task', async () => {
      const session = await openFixture(fx('late-resource-call'));
      const result = await session.finish();
      assert.equal(result.passed, true, result.problems.join('\n'));
      const calls = result.timeline.filter((r): r is CallRecord => r.kind === 'call');
      const late = calls.filter((r) => r.decision?.code === 'round-error');
      assert.deepEqual(
        late.map((r) => r.round),
        [2],
      );
      assert.match(
        late[0]!.error!.message,
        /AllocateResource \[pool\] \[late-token\] was called after its round had settled .* it was refused and no pool changed/,
      );
      assert.ok(
        calls.every((r) => r.resources.every((c) => c.token !== 'late-token')),
        'the refused call is no resource call of any round',
      );
      assert.deepEqual(
        session.testbed.pools().flatMap((p) => p.holders),
        [],
      );
    });
  });

  describe('C: fixtures stay inside their project; only regular files are read, without blocking', () => {
    it('a module that is a device or outside, a golden outside, an alias bomb: invalid fixtures (exit 2) naming the path', () => {
      const names = ['module-dev-zero', 'module-outside', 'golden-etc-passwd', 'golden-escape', 'alias-bomb'];
      const r = cli(['test', '--reporter', 'json', ...names.map((n) => `${here}/${n}.fixture.yaml`)]);
      assert.equal(r.code, 2, r.stderr);
      const fixtures = jsonFixtures(r.stdout);
      const message = (n: string) => byName(fixtures, n).error!.message;
      for (const n of names) assert.equal(byName(fixtures, n).status, 'invalid', n);
      assert.match(
        message('module-dev-zero'),
        /\$\.plugin\.module: module path "\/dev\/zero" resolves to \/dev\/zero, outside the fixture's project/,
      );
      assert.match(message('module-outside'), /module path "\/etc\/hostname" .* outside the fixture's project/);
      assert.match(
        message('golden-etc-passwd'),
        /\$\.golden: golden path "\/etc\/passwd" .* outside the fixture's project/,
      );
      assert.match(message('golden-escape'), /golden path "\.\.\/\.\.\/\.\.\/\.\.\/plugbench-hostile-escape\.ndjson"/);
      assert.match(message('alias-bomb'), /alias-bomb\.fixture\.yaml:1:1 \$: the YAML cannot be expanded/);
      assert.doesNotMatch(r.all, /root:/, 'not a line of /etc/passwd is printed');
    });

    it('--update-golden writes nothing outside the project; --allow-outside-project still refuses a device', () => {
      const escaped = path.resolve(__dirname, '../../../../plugbench-hostile-escape.ndjson');
      const r = cli(['test', '--update-golden', `${here}/golden-escape.fixture.yaml`]);
      assert.equal(r.code, 2, r.all);
      assert.equal(existsSync(escaped), false);
      const dev = cli(['test', '--allow-outside-project', `${here}/module-dev-zero.fixture.yaml`]);
      assert.equal(dev.code, 2, dev.all);
      assert.match(dev.stdout, /module path "\/dev\/zero" \(\/dev\/zero\) is a character device, not a regular file/);
    });

    describe('in a project of its own', () => {
      let dir: string;
      beforeEach(() => {
        dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-hostile-'));
        writeFileSync(path.join(dir, 'package.json'), '{"name": "hostile"}\n');
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      it('a fixture that is a FIFO, a golden that is a FIFO, a fixture above the size limit: exit 2, without blocking', () => {
        const mk = spawnSync('mkfifo', [path.join(dir, 'pipe.fixture.yaml'), path.join(dir, 'pipe.ndjson')]);
        assert.equal(mk.status, 0, 'mkfifo');
        writeFileSync(
          path.join(dir, 'golden.fixture.yaml'),
          `plugin: { module: ${JSON.stringify(path.join(__dirname, 'plugins/hostile.ts'))}, export: createHostile, config: { mode: late-resource-call } }\ntasks: [{ id: t, type: hostile }]\ngolden: pipe.ndjson\n`,
        );
        writeFileSync(path.join(dir, 'huge.fixture.yaml'), '');
        truncateSync(path.join(dir, 'huge.fixture.yaml'), 17 * 1024 * 1024); // sparse: nothing is written
        const r = cli(
          ['test', '--allow-outside-project', 'pipe.fixture.yaml', 'golden.fixture.yaml', 'huge.fixture.yaml'],
          { NO_COLOR: '1' },
          dir,
        );
        assert.equal(r.code, 2, r.all);
        assert.match(
          r.stdout,
          /pipe\.fixture\.yaml:1:1 \$: cannot read the fixture: a FIFO \(named pipe\), not a regular file/,
        );
        assert.match(
          r.stdout,
          /\$\.golden: golden path "pipe\.ndjson" \(.*pipe\.ndjson\) is a FIFO \(named pipe\), not a regular file/,
        );
        assert.match(
          r.stdout,
          /huge\.fixture\.yaml:1:1 \$: cannot read the fixture: 17825792 bytes, more than the limit of 16777216/,
        );
      });

      it('a symbolic link inside the project that points outside it is outside', async () => {
        const { symlinkSync } = await import('node:fs');
        symlinkSync('/etc/passwd', path.join(dir, 'golden.ndjson'));
        writeFileSync(
          path.join(dir, 'a.fixture.yaml'),
          'plugin: { module: p.ts }\ntasks: [{ id: t, type: x }]\ngolden: golden.ndjson\n',
        );
        await assert.rejects(
          openFixture(path.join(dir, 'a.fixture.yaml')),
          (e: unknown) =>
            e instanceof FixtureError &&
            /golden path "golden\.ndjson" resolves to .* outside the fixture's project/.test(e.message),
        );
      });
    });

    it('YAML: 40,000 keys with a duplicate, and 40,000 unknown keys, are invalid fixtures with positions', () => {
      const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`);
      const dup = `plugin: { module: p.ts }\ntasks: [{ id: t, type: x, template: { custom: {} } }]\ndescription: many\nchecks:\n${keys.join('\n')}\n  k7: again\n`;
      assert.throws(
        () => parseFixture(dup, 'dup.fixture.yaml'),
        (e: unknown) =>
          e instanceof FixtureError &&
          e.issues.length === 1 &&
          e.issues[0]!.code === 'duplicate_key' &&
          e.issues[0]!.line === 40_005 &&
          /"k7" is repeated/.test(e.issues[0]!.message),
      );
      const unknown = `plugin: { module: p.ts }\ntasks: [{ id: t, type: x }]\nchecks:\n${keys.join('\n')}\n`;
      assert.throws(
        () => parseFixture(unknown, 'unknown.fixture.yaml'),
        (e: unknown) =>
          e instanceof FixtureError &&
          e.issues.length === 100 &&
          e.issues.some((i) => /^39901 more unknown keys in this mapping, from "k99"$/.test(i.message)) &&
          e.issues.some((i) => i.message.startsWith('unknown key "k0"')),
      );
    });

    it('a plugin that imports a device fails to compile (exit 3 category) instead of being read forever', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-hostile-import-'));
      try {
        writeFileSync(path.join(dir, 'p.ts'), "import zero from '/dev/zero';\nexport default zero;\n");
        await assert.rejects(
          bundleModule(path.join(dir, 'p.ts'), { cacheDir: path.join(dir, 'cache') }),
          (e: unknown) =>
            e instanceof PluginModuleError && /\/dev\/zero is a character device, not a regular file/.test(e.message),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a fixture file that is a directory is unreadable, not an internal error', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-hostile-dir-'));
      try {
        mkdirSync(path.join(dir, 'd.fixture.yaml'));
        await assert.rejects(
          loadFixture(path.join(dir, 'd.fixture.yaml')),
          /cannot read the fixture: a directory, not a regular file/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('D: globs', () => {
    it('an unbalanced brace or a reversed range is a usage error (exit 2) on the command line, without a stack', () => {
      for (const glob of ['examples/{fixtures,golden', 'examples/[z-a]*']) {
        const r = cli(['test', glob]);
        assert.equal(r.code, 2, r.all);
        assert.match(
          r.stderr,
          new RegExp(`plugbench: invalid glob ${JSON.stringify(glob).replace(/[[\]{}*]/g, '\\$&')}: `),
        );
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
    });

    it('the compiler throws a GlobError; settings keep the globs that compile and list the others', () => {
      assert.throws(() => globToRegExp('a/{b,c'), GlobError);
      assert.ok(globToRegExp('a/{b,c}/*.ts').test('a/c/x.ts'));
      const { regExps, problems } = compileGlobs(['**/*.fixture.yaml', 'examples/{fixtures']);
      assert.equal(regExps.length, 1);
      assert.match(problems[0]!.message, /invalid glob "examples\/\{fixtures": 1 "\{" without a closing "\}"/);
      const set = new GlobSet(['**/*.fixture.yaml', 'x/{'], ['[z-a]']);
      assert.equal(set.matches('a/b.fixture.yaml'), true);
      assert.equal(set.problems.length, 2);
    });
  });

  describe('E: secrets never appear in any output', () => {
    const token = 'tok"en\\with\nnewline-7f3a';
    const pin = 'q7';
    const forms = [token, JSON.stringify(token).slice(1, -1), 'newline-7f3a'];
    const assertHidden = (what: string, text: string) => {
      for (const f of forms) assert.ok(!text.includes(f), `${what} shows the token as ${JSON.stringify(f)}`);
      assert.doesNotMatch(text, /(?<![\p{L}\p{N}])q7(?![\p{L}\p{N}])/u, `${what} shows the 2-character pin`);
    };

    it('spec, json and junit reports, the timeline as text, NDJSON and HTML: the secrets are ***', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-secrets-'));
      try {
        for (const args of [
          ['test'],
          ['test', '--reporter', 'json'],
          ['test', '--reporter', 'junit'],
          ['run'],
          ['run', '--json'],
          ['run', '--html', path.join(dir, 'r.html')],
        ]) {
          const r = cli([...args, `${here}/secret-leak.fixture.yaml`]);
          assert.equal(r.code, 1, r.all);
          assertHidden(args.join(' '), r.all);
          if (args[0] === 'test') assert.match(r.stdout, /login with \*\*\* and pin \*\*\* refused/);
        }
        assertHidden('the HTML report', readFileSync(path.join(dir, 'r.html'), 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the console of the call and of its replay is captured and redacted', async () => {
      const result = await runFixture(fx('secret-leak'));
      const calls = result.timeline.filter((r): r is CallRecord => r.kind === 'call' && r.call === 'handle');
      assert.ok(calls[0]!.replay !== undefined, 'the replay ran');
      assert.deepEqual(
        calls[0]!.logs.map((l) => l.message),
        ['calling the service with *** pin ***'],
      );
      assertHidden('the timeline', JSON.stringify(result.timeline));
      assertHidden('the result', JSON.stringify({ ...result, timeline: [] }));
      assert.match(calls[1]!.transition!.text, /message:"login with \*\*\* and pin \*\*\* refused"/);
      void pin;
    });
  });

  describe('F: colours through Node', () => {
    const terminal = Object.assign(Object.create(tty.WriteStream.prototype) as tty.WriteStream, { isTTY: true });

    it('a terminal is coloured as Node decides: FORCE_COLOR=0, NO_COLOR and TERM=dumb switch colours off', () => {
      assert.equal(useColor(terminal, { TERM: 'xterm-256color' }, undefined), true);
      assert.equal(useColor(terminal, { TERM: 'xterm-256color', FORCE_COLOR: '0' }, undefined), false);
      assert.equal(useColor(terminal, { TERM: 'dumb' }, undefined), false);
      assert.equal(useColor(terminal, { TERM: 'xterm-256color', NO_COLOR: '1' }, undefined), false);
      assert.equal(useColor(terminal, { TERM: 'xterm-256color' }, true), false, '--no-color');
    });

    it('a pipe is coloured only when FORCE_COLOR asks, and FORCE_COLOR=0 does not', () => {
      assert.equal(useColor({}, {}, undefined), false);
      assert.equal(useColor({}, { FORCE_COLOR: '1' }, undefined), true);
      assert.equal(useColor({}, { FORCE_COLOR: '0' }, undefined), false);
      const forced = cli(['test', 'examples/fixtures/echo-basic.fixture.yaml'], { FORCE_COLOR: '1' });
      assert.match(forced.stdout, /\x1b\[32m✓\x1b\[39m/);
      const off = cli(['test', 'examples/fixtures/echo-basic.fixture.yaml'], { FORCE_COLOR: '0' });
      assert.doesNotMatch(off.stdout, /\x1b\[/);
    });
  });
});
