// One mapping from an error to its category, and from the category to the fixture status, the exit code of
// `plugbench` and the JUnit failure type; errors made by a second copy of the packages classify the same.
import assert from 'node:assert/strict';
import { PlugbenchError, PluginLoadError, crossRealmClass } from '@plugbench/sdk';
import {
  ERROR_CATEGORIES,
  EXIT_CODES,
  ErrorCategory,
  ExitCode,
  classifyError,
  errorCategory,
  FixtureError,
  ModuleProblem,
  PluginModuleError,
} from '@plugbench/harness';

const issue = {
  file: 'x.fixture.yaml',
  path: '$',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  code: 'custom' as const,
  message: 'bad',
};

describe('error categories', () => {
  it('an invalid fixture: status invalid, exit code 2, JUnit type InvalidFixture', () => {
    assert.deepEqual(classifyError(new FixtureError('x.fixture.yaml', [issue])), {
      category: 'fixture',
      status: 'invalid',
      exitCode: 2,
      junitType: 'InvalidFixture',
    });
  });

  it('a plugin that cannot load (a module problem or the loader of the entry): status plugin-error, exit code 3', () => {
    const want = { category: 'plugin-load', status: 'plugin-error', exitCode: 3, junitType: 'PluginLoadError' };
    assert.deepEqual(
      classifyError(new PluginModuleError('p.ts', ModuleProblem.NotFound, 'no such file', 'create it')),
      want,
    );
    assert.deepEqual(classifyError(new PluginLoadError('the loader threw', 'echo')), want);
  });

  it('anything else is internal: the fixture fails, the command exits 70, JUnit names the class', () => {
    assert.deepEqual(classifyError(new TypeError('x is undefined')), {
      category: 'internal',
      status: 'failed',
      exitCode: 70,
      junitType: 'TypeError',
    });
    assert.equal(classifyError(new PlugbenchError('other')).category, ErrorCategory.Internal);
    assert.deepEqual(classifyError('a thrown string'), {
      category: 'internal',
      status: 'failed',
      exitCode: 70,
      junitType: 'Error',
    });
  });

  it('classifies errors of another copy of the packages by their marker, not by this copy’s classes', () => {
    class OtherFixtureError extends Error {}
    crossRealmClass(OtherFixtureError, 'FixtureError');
    class OtherPluginLoadError extends Error {}
    crossRealmClass(OtherPluginLoadError, 'PluginLoadError');
    class OtherPluginModuleError extends OtherPluginLoadError {}
    crossRealmClass(OtherPluginModuleError, 'PluginModuleError');
    assert.equal(errorCategory(new OtherFixtureError('bad')), 'fixture');
    assert.equal(errorCategory(new OtherPluginLoadError('bad')), 'plugin-load');
    assert.equal(errorCategory(new OtherPluginModuleError('bad')), 'plugin-load');
  });

  it('a status maps to the exit code of its category (an internal error fails its fixture: exit code 1 in a test run)', () => {
    for (const info of Object.values(ERROR_CATEGORIES)) {
      assert.equal(EXIT_CODES[info.status], info.status === 'failed' ? ExitCode.Failed : info.exitCode);
    }
    assert.equal(EXIT_CODES.passed, 0);
  });
});
