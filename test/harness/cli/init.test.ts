// `plugbench init`: the files of a plugin project, package.json written or added to without overwriting what a
// project chose, existing files kept, a clear usage error, and a template whose fixture passes (expectations, contract
// checks and the golden timeline committed with it). The whole flow from packed tarballs, with npm install, npm test
// and tsc in the new project, is test/packaging/init-project.test.ts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { testFixture } from '@plugbench/harness';
import { DEV_TOOLS } from '../../../harness/src/cli/init/dev-tools';
import { packageNameFor } from '../../../harness/src/cli/init/package-json';
import { PLUGIN_KINDS } from '../../../harness/src/cli/init/kinds';
import { templateFiles } from '../../../harness/src/cli/init/templates';
import { useTempDir } from '../../support/temp-dir';
import { runCli } from './support';

const repo = path.resolve(__dirname, '../../..');
const harnessVersion = (
  JSON.parse(readFileSync(path.join(repo, 'harness/package.json'), 'utf8')) as { version: string }
).version;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;

describe('plugbench init', () => {
  const tmp = useTempDir('plugbench-init-');

  it('writes a plugin project into a new folder: every template file, and package.json with the packages, tools and scripts', async () => {
    const r = await runCli(['init', 'my-plugin'], tmp());
    assert.equal(r.code, 0, r.stderr);
    const dir = path.join(tmp(), 'my-plugin');
    const expected = [
      '.github/workflows/test.yml',
      '.gitignore',
      '.mocharc.json',
      '.vscode/extensions.json',
      'fixtures/batch.fixture.yaml',
      'fixtures/batch.golden.ndjson',
      'src/plugin.ts',
      'test/plugin.test.ts',
      'tsconfig.json',
    ];
    for (const f of expected) assert.ok(existsSync(path.join(dir, f)), `init did not write ${f}`);
    assert.deepEqual(
      templateFiles('core').map((f) => f.target),
      expected,
    );
    const pkg = readJson(path.join(dir, 'package.json'));
    assert.equal(pkg.name as unknown, 'my-plugin');
    assert.deepEqual(pkg.dependencies, { '@plugbench/sdk': `^${harnessVersion}` });
    assert.deepEqual(pkg.devDependencies, { '@plugbench/harness': `^${harnessVersion}`, ...DEV_TOOLS });
    assert.equal(pkg.scripts!.test, 'mocha');
    assert.equal(pkg.scripts!['check-types'], 'tsc --noEmit');
    assert.deepEqual(readJson(path.join(dir, '.vscode/extensions.json')).recommendations, [
      'plugbench.plugbench',
    ] as unknown);
    assert.match(r.stdout, /wrote src\/plugin\.ts/);
    assert.match(r.stdout, /cd my-plugin && npm install && npm test/);
  });

  it("adds to an existing package.json: keeps the project's own entries, replaces only npm init's placeholder test script", async () => {
    writeFileSync(
      path.join(tmp(), 'package.json'),
      JSON.stringify({
        name: 'mine',
        version: '2.0.0',
        scripts: { test: 'echo "Error: no test specified" && exit 1', lint: 'eslint .' },
        dependencies: { '@plugbench/sdk': 'file:sdk.tgz', '@plugbench/harness': 'file:harness.tgz' },
        devDependencies: { typescript: '5.8.2' },
      }),
    );
    const r = await runCli(['init'], tmp());
    assert.equal(r.code, 0, r.stderr);
    const pkg = readJson(path.join(tmp(), 'package.json'));
    assert.equal(pkg.name as unknown, 'mine');
    assert.equal(pkg.version as unknown, '2.0.0');
    assert.deepEqual(pkg.scripts, {
      test: 'mocha',
      lint: 'eslint .',
      'check-types': 'tsc --noEmit',
      fixtures: 'plugbench test',
    });
    assert.deepEqual(pkg.dependencies, { '@plugbench/sdk': 'file:sdk.tgz', '@plugbench/harness': 'file:harness.tgz' });
    // The harness is a dependency already: not listed again among the dev dependencies.
    assert.equal(pkg.devDependencies!['@plugbench/harness'], undefined);
    assert.equal(pkg.devDependencies!.typescript, '5.8.2');
    assert.match(r.stdout, /kept package\.json devDependencies\.typescript \(5\.8\.2\)/);
  });

  it('never overwrites a file; says which it kept', async () => {
    writeFileSync(path.join(tmp(), 'tsconfig.json'), '{"mine": true}\n');
    const r = await runCli(['init', '.'], tmp());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(path.join(tmp(), 'tsconfig.json'), 'utf8'), '{"mine": true}\n');
    assert.match(r.stdout, /kept tsconfig\.json \(it exists\)/);
    assert.ok(existsSync(path.join(tmp(), 'src/plugin.ts')));
  });

  it('refuses an unknown kind and a second folder with exit code 2', async () => {
    const kind = await runCli(['init', '--kind', 'spark'], tmp());
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /--kind spark: one of core, webapi/);
    const two = await runCli(['init', 'a', 'b'], tmp());
    assert.equal(two.code, 2);
    assert.match(two.stderr, /init takes one folder, got 2: a b/);
    assert.equal(existsSync(path.join(tmp(), 'a')), false);
  });

  it('names the package after the folder, in the characters npm accepts', () => {
    assert.equal(packageNameFor('My Plugin!'), 'my-plugin-');
    assert.equal(packageNameFor('.hidden'), 'hidden');
    assert.equal(packageNameFor('___'), 'flyte-plugin');
  });

  it("pins the dev tools to the ranges this repository tests with (the root package.json's)", () => {
    const root = readJson(path.join(repo, 'package.json'));
    for (const [name, range] of Object.entries(DEV_TOOLS))
      assert.equal(range, root.devDependencies![name], `harness/src/cli/init/dev-tools.ts: ${name}`);
  });

  it('--kind webapi writes an AsyncPlugin project: the same project files, its own plugin, fixture and test', async () => {
    const r = await runCli(['init', 'jobs', '--kind', 'webapi'], tmp());
    assert.equal(r.code, 0, r.stderr);
    const dir = path.join(tmp(), 'jobs');
    assert.match(readFileSync(path.join(dir, 'src/plugin.ts'), 'utf8'), /from '@plugbench\/sdk\/webapi'/);
    assert.ok(existsSync(path.join(dir, 'fixtures/remote-job.golden.ndjson')));
    assert.match(r.stdout, /npx plugbench run fixtures\/remote-job\.fixture\.yaml/);
    const shared = (kind: 'core' | 'webapi') =>
      templateFiles(kind)
        .map((f) => f.target)
        .filter((t) => !/^(src|test|fixtures)\//.test(t));
    assert.deepEqual(shared('webapi'), shared('core'));
  });

  for (const kind of PLUGIN_KINDS) {
    it(`the ${kind} template's fixtures pass: expectations, contract checks and the committed golden timeline`, async () => {
      const fixtures = templateFiles(kind).filter((f) => f.target.endsWith('.fixture.yaml'));
      assert.equal(fixtures.length, 1);
      for (const f of fixtures) {
        const outcome = await testFixture(f.source);
        assert.equal(outcome.status, 'passed', outcome.result?.problems.join('\n') ?? outcome.error?.message);
        assert.equal(outcome.result!.golden?.status, 'matched');
      }
    });
  }
});
