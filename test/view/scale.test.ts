import assert from 'node:assert/strict';
import { formatOffset, ticks } from '../../view/src/scale';

describe('view: scale', () => {
  it('formats virtual offsets and picks round ticks', () => {
    assert.deepEqual([850, 12_500, 185_000, 3_725_000].map(formatOffset), ['850ms', '12.5s', '3m05s', '1h02m']);
    assert.deepEqual(ticks(0, 1000, 500, 100), [0, 200, 400, 600, 800, 1000]);
    assert.deepEqual(ticks(3, 9, 600, 100), [3, 4, 5, 6, 7, 8, 9]);
  });
});
