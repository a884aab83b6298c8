// The virtual list's arithmetic: a list of 100,000 rows renders the rows in view and a few more, and revealing a
// row scrolls as little as possible.
import assert from 'node:assert/strict';
import { revealRow, rowWindow } from '../../view/src/virtual-window';

describe('view: virtual list window', () => {
  it('renders only the rows in view, plus the overscan, at any scroll position', () => {
    const count = 100_000;
    const rh = 40;
    const viewH = 600;
    for (const scrollTop of [0, 12_345, (count * rh) / 2, count * rh - viewH]) {
      const { first, last } = rowWindow(scrollTop, viewH, rh, count);
      assert.ok(last - first <= viewH / rh + 1 + 4, `${last - first} rows at ${scrollTop}`);
      assert.ok(first * rh <= scrollTop && last * rh >= Math.min(scrollTop + viewH, count * rh), 'covers the view');
    }
    assert.deepEqual(rowWindow(0, 600, 40, 3), { first: 0, last: 3 }, 'a short list renders all');
    assert.deepEqual(rowWindow(0, 600, 40, 0), { first: 0, last: 0 });
  });

  it('reveals a row by scrolling as little as possible', () => {
    assert.equal(revealRow(5, 0, 400, 40), 0, 'already in view');
    assert.equal(revealRow(20, 0, 400, 40), 21 * 40 - 400, 'below: the row at the bottom edge');
    assert.equal(revealRow(2, 400, 400, 40), 80, 'above: the row at the top edge');
    assert.equal(revealRow(0, 0, 10, 40), 0, 'a view smaller than a row shows its top');
  });
});
