// The choice of SDK and harness for a workspace folder's runners: the folder's installed packages when they are
// there, built and recent enough; the bundled copy otherwise, with the reason (extension/src/host/workspace-packages.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  MIN_PACKAGES_VERSION,
  choosePackages,
  describeChoice,
  olderThan,
} from '../../../extension/src/host/workspace-packages';

/**
 * Writes node_modules/<name> with a package.json of `version` and, unless `built` is false, its entry and (unless
 * `runner` is false) its runner process, exported as the harness exports it.
 */
function fakePackage(root: string, name: string, version: string, built = true, runner = true): string {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  const exports = {
    '.': './dist/index.js',
    ...(runner ? { './runner-process': './dist/runner.js' } : {}),
    './package.json': './package.json',
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version, exports }));
  if (built) fs.writeFileSync(path.join(dir, 'dist/index.js'), 'module.exports = {};\n');
  if (built && runner) fs.writeFileSync(path.join(dir, 'dist/runner.js'), '\n');
  return fs.realpathSync(dir);
}

describe('extension: which SDK and harness a workspace folder runs with', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pb-packages-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("the workspace's installed harness and the SDK next to it", () => {
    const harness = fakePackage(tmp, '@plugbench/harness', MIN_PACKAGES_VERSION);
    const sdk = fakePackage(tmp, '@plugbench/sdk', '0.2.0');
    const sub = path.join(tmp, 'plugins', 'a');
    fs.mkdirSync(sub, { recursive: true });
    const choice = choosePackages(sub); // found by walking up, as Node does
    assert.equal(choice.source, 'workspace');
    assert.ok(choice.source === 'workspace');
    assert.deepEqual(choice.harness, { name: '@plugbench/harness', dir: harness, version: MIN_PACKAGES_VERSION });
    assert.deepEqual(choice.sdk, { name: '@plugbench/sdk', dir: sdk, version: '0.2.0' });
    assert.equal(choice.runner, path.join(harness, 'dist/runner.js'), "the harness's own runner process");
    assert.match(
      describeChoice(choice, '9.9.9'),
      /use the workspace's @plugbench\/harness 0\.1\.0 .* and @plugbench\/sdk 0\.2\.0/,
    );
  });

  it('the bundled copy when the workspace has no harness, says so', () => {
    const choice = choosePackages(tmp);
    assert.equal(choice.source, 'bundled');
    assert.match(
      describeChoice(choice, '0.1.0'),
      /bundled in the extension \(0\.1\.0\): the workspace has no @plugbench\/harness installed/,
    );
  });

  it('the bundled copy when the installed harness is not built (its entry is missing)', () => {
    fakePackage(tmp, '@plugbench/harness', '0.1.0', false);
    fakePackage(tmp, '@plugbench/sdk', '0.1.0');
    assert.equal(choosePackages(tmp).source, 'bundled');
  });

  it('the bundled copy when the installed harness has no runner process of its own', () => {
    fakePackage(tmp, '@plugbench/harness', '0.1.0', true, false);
    fakePackage(tmp, '@plugbench/sdk', '0.1.0');
    const choice = choosePackages(tmp);
    assert.ok(choice.source === 'bundled');
    assert.match(choice.reason, /@plugbench\/harness 0\.1\.0 has no runner process/);
  });

  it('the bundled copy, naming the package and the minimum, when a package is older than the minimum', () => {
    fakePackage(tmp, '@plugbench/harness', '0.1.0');
    fakePackage(tmp, '@plugbench/sdk', '0.0.9');
    const choice = choosePackages(tmp);
    assert.ok(choice.source === 'bundled');
    assert.equal(choice.tooOld?.name, '@plugbench/sdk');
    assert.match(
      choice.reason,
      /the workspace's @plugbench\/sdk 0\.0\.9 is older than 0\.1\.0, the oldest this extension runs/,
    );
  });

  it('compares versions by number, a pre-release before its release', () => {
    assert.equal(olderThan('0.0.9', '0.1.0'), true);
    assert.equal(olderThan('0.10.0', '0.9.0'), false);
    assert.equal(olderThan('0.1.0', '0.1.0'), false);
    assert.equal(olderThan('0.1.0-beta.1', '0.1.0'), true);
    assert.equal(olderThan('1.0.0', '0.1.0'), false);
  });
});
