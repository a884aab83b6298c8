// A plugin author's first minutes, end to end, outside the repository: a new npm project installs the packed
// tarballs (their dependencies from the registry), `npx plugbench init` writes the project, and `npm install`,
// `npm test`, `npx plugbench test` and `tsc --noEmit` pass in it at once; the same for `init --kind webapi`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packPublished, packagingTmp, sh, type Packed } from './pack';

// Installs reuse npm's cache; the registry is asked only for what the cache lacks.
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

describe('packaging: a new plugin project from the tarballs', function () {
  this.timeout(600_000);
  let project: string;
  let packed: Record<'sdk' | 'harness', Packed>;

  before(async () => {
    packed = await packPublished();
    project = path.join(packagingTmp(), 'my-plugin');
    mkdirSync(project);
    sh('npm', ['init', '-y'], project);
    sh('npm', [...NPM_INSTALL, packed.sdk.tarball, packed.harness.tarball], project);
  });

  it('npx plugbench init writes the project and adds the dev tools and scripts to package.json', () => {
    const out = sh('npx', ['--no-install', 'plugbench', 'init'], project);
    assert.match(out, /wrote src\/plugin\.ts/);
    for (const f of [
      'src/plugin.ts',
      'test/plugin.test.ts',
      'fixtures/batch.fixture.yaml',
      'fixtures/batch.golden.ndjson',
      'tsconfig.json',
      '.mocharc.json',
      '.gitignore',
      '.vscode/extensions.json',
      '.github/workflows/test.yml',
    ]) {
      assert.ok(existsSync(path.join(project, f)), `init did not write ${f}`);
    }
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    assert.equal(pkg.scripts.test, 'mocha');
    assert.equal(pkg.scripts['check-types'], 'tsc --noEmit');
    // The tarballs the project installed stay what it depends on.
    assert.match(pkg.dependencies['@plugbench/sdk']!, /^file:.*plugbench-sdk-.*\.tgz$/);
    assert.match(pkg.dependencies['@plugbench/harness']!, /^file:.*plugbench-harness-.*\.tgz$/);
    for (const tool of ['typescript', 'mocha', 'tsx', '@types/mocha', '@types/node'])
      assert.ok(pkg.devDependencies[tool], `no devDependencies.${tool}`);
  });

  it('npm install, then npm test passes (mocha: the testbed and the fixture with its golden timeline)', () => {
    sh('npm', NPM_INSTALL, project);
    const out = sh('npm', ['test'], project);
    assert.match(out, /3 passing/, out);
    assert.doesNotMatch(out, /failing/, out);
  });

  it('npx plugbench test passes', () => {
    const out = sh('npx', ['--no-install', 'plugbench', 'test'], project);
    assert.match(out, /fixtures: 1 passed, 0 failed/, out);
  });

  it('init --kind webapi in a folder of the project: its npm test, plugbench test and tsc pass with the packages installed above', () => {
    sh('npx', ['--no-install', 'plugbench', 'init', 'jobs', '--kind', 'webapi'], project);
    const jobs = path.join(project, 'jobs');
    assert.match(sh('npm', ['test'], jobs), /2 passing/);
    assert.match(sh('npx', ['--no-install', 'plugbench', 'test'], jobs), /fixtures: 1 passed, 0 failed/);
    sh('npm', ['run', 'check-types'], jobs);
  });

  it('tsc --noEmit passes (npm run check-types), with the packages resolved through their exports', () => {
    sh('npm', ['run', 'check-types'], project);
  });

  it("the schema files resolve through the packages' exports, as a project imports them", () => {
    const req = createRequire(path.join(project, 'package.json'));
    for (const id of ['@plugbench/sdk/schema/timeline.schema.json', '@plugbench/harness/schema/fixture.schema.json']) {
      const schema = req(id) as { $schema?: string };
      assert.match(String(schema.$schema), /json-schema\.org/, `${id} is not a JSON Schema`);
    }
  });

  it('the installed packages are the tarballs (not the repository through a link)', () => {
    for (const ws of ['sdk', 'harness'] as const) {
      const installed = path.join(project, 'node_modules', '@plugbench', ws);
      assert.ok(existsSync(path.join(installed, 'dist/index.js')), `${installed}/dist/index.js`);
      assert.equal(
        readFileSync(path.join(installed, 'package.json'), 'utf8'),
        readFileSync(path.join(packed[ws].dir, 'package.json'), 'utf8'),
      );
    }
  });
});
