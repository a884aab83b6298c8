import assert from 'node:assert/strict';
import { SHORTCUTS, keyAction } from '@plugbench/view';

describe('view: keyboard', () => {
  it('maps keys to actions, and leaves typing and modified keys alone', () => {
    assert.equal(keyAction({ key: 'ArrowRight' }), 'step');
    assert.equal(keyAction({ key: 'n' }), 'nextEvent');
    assert.equal(keyAction({ key: 'N' }), 'previousEvent');
    assert.equal(keyAction({ key: 'End' }), 'runToEnd');
    assert.equal(keyAction({ key: 'n', ctrlKey: true }), undefined);
    assert.equal(keyAction({ key: 'n', target: { tagName: 'TEXTAREA' } as unknown as EventTarget }), undefined);
    // A focused slider handles arrows itself, but letters still work there.
    assert.equal(
      keyAction({ key: 'ArrowRight', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget }),
      undefined,
    );
    assert.equal(
      keyAction({ key: 'n', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget }),
      'nextEvent',
    );
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    assert.equal(new Set(keys).size, keys.length, 'no key bound twice');
  });
});
