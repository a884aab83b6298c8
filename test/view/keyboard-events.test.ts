// The key that reaches the event list's text filter, and that typing it in a field stays typing.
import assert from 'node:assert/strict';
import { SHORTCUTS, keyAction } from '@plugbench/view';

describe('view: keyboard, the event list', () => {
  it('"/" puts the keyboard in the filter of the list of rounds, except while typing', () => {
    assert.equal(keyAction({ key: '/' }), 'filterRounds');
    assert.equal(
      keyAction({ key: '/', target: { tagName: 'INPUT', type: 'search' } as unknown as EventTarget }),
      undefined,
    );
    assert.ok(
      SHORTCUTS.some((s) => s.action === 'filterRounds' && s.label === '/'),
      'listed in the help',
    );
  });
});
