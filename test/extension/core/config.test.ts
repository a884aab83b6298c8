// The extension's settings as read from the configuration.
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings } from '../../../extension/src/core/config';

describe('settings', () => {
  it('fall back to the defaults and say which values were ignored', () => {
    const values: Record<string, unknown> = {
      fixtureGlobs: 'not a list',
      roundTimeoutMs: -1,
      codeLens: false,
      nodePath: 3,
    };
    const { settings, problems } = readSettings({ get: <T>(k: string) => values[k] as T });
    assert.deepEqual(settings.fixtureGlobs, DEFAULT_SETTINGS.fixtureGlobs);
    assert.equal(settings.roundTimeoutMs, DEFAULT_SETTINGS.roundTimeoutMs);
    assert.equal(settings.codeLens, false);
    assert.equal(settings.nodePath, '');
    assert.deepEqual(problems.sort(), [
      'plugbench.fixtureGlobs must be a list of glob strings; using the default',
      'plugbench.nodePath must be a string; ignored',
      'plugbench.roundTimeoutMs must be a positive number; using 5000',
    ]);
  });
});
