// The event list and the cursor, both ways: the row that shows the cursor, and where a key in the list moves it,
// also when the filter hides the cursor's round.
import assert from 'node:assert/strict';
import { cursorRow, keyMove, moveFromCursor } from '../../view/src/event-nav';

const rows = [2, 5, 9, 14, 20];

describe('view: event list and cursor', () => {
  it('selects the row of the cursor, and keeps the row before a hidden cursor in view', () => {
    assert.deepEqual(cursorRow(rows, 9), { selected: 2, anchor: 2 });
    assert.deepEqual(cursorRow(rows, 10), { selected: -1, anchor: 2 });
    assert.deepEqual(cursorRow(rows, 0), { selected: -1, anchor: 0 });
    assert.deepEqual(cursorRow(rows, 99), { selected: -1, anchor: 4 });
    assert.deepEqual(cursorRow(rows, -1), { selected: -1, anchor: 0 }, 'before the first round');
    assert.deepEqual(cursorRow([], 3), { selected: -1, anchor: 0 });
  });

  it('moves one row, a page, or to either end from a selected row', () => {
    assert.equal(moveFromCursor(rows, 9, { by: 1 }), 14);
    assert.equal(moveFromCursor(rows, 9, { by: -1 }), 5);
    assert.equal(moveFromCursor(rows, 9, { by: 10 }), 20, 'a page past the end stops at the last row');
    assert.equal(moveFromCursor(rows, 9, { by: -10 }), 2);
    assert.equal(moveFromCursor(rows, 9, { to: 'first' }), 2);
    assert.equal(moveFromCursor(rows, 9, { to: 'last' }), 20);
    assert.equal(moveFromCursor(rows, 20, { by: 1 }), undefined, 'nowhere to go past the last row');
    assert.equal(moveFromCursor(rows, 2, { to: 'first' }), undefined);
  });

  it('moves from a hidden cursor to its neighbours on either side, never backwards', () => {
    assert.equal(moveFromCursor(rows, 10, { by: 1 }), 14);
    assert.equal(moveFromCursor(rows, 10, { by: -1 }), 9);
    assert.equal(moveFromCursor(rows, 10, { by: 2 }), 20);
    assert.equal(moveFromCursor(rows, 10, { by: -5 }), 2);
    assert.equal(moveFromCursor(rows, 25, { by: 1 }), undefined, 'no row after the cursor');
    assert.equal(moveFromCursor(rows, 1, { by: -1 }), undefined, 'no row before the cursor');
    assert.equal(moveFromCursor(rows, -1, { by: 1 }), 2, 'from before the first round');
    assert.equal(moveFromCursor(rows, -1, { by: -1 }), undefined);
    assert.equal(moveFromCursor([], 3, { to: 'last' }), undefined);
  });

  it('answers the list keys only', () => {
    assert.deepEqual(keyMove('ArrowDown', 10), { by: 1 });
    assert.deepEqual(keyMove('ArrowUp', 10), { by: -1 });
    assert.deepEqual(keyMove('PageDown', 10), { by: 9 }, 'a page keeps one row of context');
    assert.deepEqual(keyMove('PageUp', 1), { by: -1 });
    assert.deepEqual(keyMove('Home', 10), { to: 'first' });
    assert.deepEqual(keyMove('End', 10), { to: 'last' });
    assert.equal(keyMove('ArrowRight', 10), undefined, 'left and right still step the cursor');
  });
});
