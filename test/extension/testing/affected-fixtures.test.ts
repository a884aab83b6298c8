// Which fixtures a continuous run reruns after files change.
import assert from 'node:assert/strict';
import { affectedFixtures } from '../../../extension/src/testing/affected-fixtures';

// quota has not run yet (its bundle's sources are unknown); echo and other have.
const quota = { file: '/w/fixtures/quota.fixture.yaml', modules: ['/w/plugins/webapi.ts'] };
const echo = {
  file: '/w/fixtures/echo.fixture.yaml',
  modules: ['/w/plugins/echo.ts'],
  sources: ['/w/plugins/echo.ts'],
};
const other = { file: '/w/other/x.fixture.json', modules: ['/w/other/src/x.ts'], sources: ['/w/other/src/x.ts'] };

describe('affected fixtures of a continuous run', () => {
  it('a changed fixture reruns itself only', () => {
    assert.deepEqual(affectedFixtures(['/w/fixtures/echo.fixture.yaml'], [quota, echo, other]), [echo.file]);
  });
  it('a changed module reruns the fixtures that name it', () => {
    assert.deepEqual(affectedFixtures(['/w/plugins/echo.ts'], [echo, other]), [echo.file]);
    assert.deepEqual(affectedFixtures(['/w/plugins/webapi.ts'], [quota, echo, other]), [quota.file]);
  });
  it('with the bundle sources known, only those files count: an import does, a neighbour does not', () => {
    const known = { ...quota, sources: ['/w/plugins/webapi.ts', '/w/plugins/lib/quota.ts', '/w/shared/util.ts'] };
    assert.deepEqual(affectedFixtures(['/w/shared/util.ts'], [known, echo]), [known.file]);
    assert.deepEqual(affectedFixtures(['/w/plugins/lib/quota.ts'], [known, echo]), [known.file]);
    assert.deepEqual(affectedFixtures(['/w/plugins/unrelated.ts'], [known, echo]), []);
  });
  it('before the first run, a script in the module folder (or below) counts; other files and folders do not', () => {
    assert.deepEqual(affectedFixtures(['/w/plugins/lib/helper.ts'], [quota, echo, other]), [quota.file]);
    assert.deepEqual(affectedFixtures(['/w/plugins/README.md'], [quota]), []);
    assert.deepEqual(affectedFixtures(['/w/shared/util.ts'], [quota]), []);
  });
  it('a fixture file in a module folder is a fixture, not a source', () => {
    assert.deepEqual(affectedFixtures(['/w/plugins/own.fixture.yaml'], [quota, echo]), []);
  });
  it('several changes: every fixture any of them affects, in the order given', () => {
    assert.deepEqual(affectedFixtures(['/w/other/src/x.ts', '/w/plugins/webapi.ts'], [quota, echo, other]), [
      quota.file,
      other.file,
    ]);
  });
});
