// The overview strip's arithmetic, over the view's own XScale: where the lanes' window sits on the strip, what a
// drag does to it (select, pan, resize), a click beside it, and the range in words.
import assert from 'node:assert/strict';
import { TimelineModel } from '@plugbench/sdk/timeline';
import {
  CLICK_SLOP_PX,
  MIN_WINDOW_PX,
  centreAt,
  coversDomain,
  dragAt,
  dragWindow,
  rangeText,
  windowPx,
} from '../../view/src/overview-range';
import { columnOf, laneRowHeight, phaseBins } from '../../view/src/overview-bins';
import { XScale } from '../../view/src/scale';
import { PHASES } from '../../view/src/theme';
import { syntheticTimeline } from '../support/synthetic-timeline';

const model = TimelineModel.from(syntheticTimeline({ tasks: 10, seed: 2 }));
const N = model.callCount;

/** The strip: the whole run over 150..1150 px. */
function strip(axis: 'rounds' | 'time' = 'rounds'): XScale {
  const s = new XScale();
  s.axis = axis;
  s.left = 150;
  s.width = 1000;
  s.updateDomain(model);
  s.fit();
  return s;
}

describe('view: overview strip range', () => {
  it('draws the window where its units fall on the strip, never thinner than a grab', () => {
    const s = strip();
    const w = windowPx(s, [N / 4, N / 2]);
    assert.ok(Math.abs(w.x0 - (150 + 250)) < 1e-9 && Math.abs(w.x1 - (150 + 500)) < 1e-9);
    const thin = windowPx(s, [10, 10.001]);
    assert.ok(Math.abs(thin.x1 - thin.x0 - MIN_WINDOW_PX) < 1e-9);
  });

  it('selects a range by dragging beside the window, and pans or resizes from the window itself', () => {
    const win = { x0: 400, x1: 600 };
    assert.equal(dragAt(500, win, false), 'pan');
    assert.equal(dragAt(401, win, false), 'resize-start');
    assert.equal(dragAt(598, win, false), 'resize-end');
    assert.equal(dragAt(300, win, false), 'select');
    assert.equal(dragAt(500, win, true), 'select', 'a fitted view has no window to pan');
  });

  it('turns a drag into the lanes window', () => {
    const s = strip();
    const start: [number, number] = [N / 4, N / 2];
    const unit = N / 1000; // axis units per strip pixel
    // Selecting from right to left is the same range as left to right.
    assert.deepEqual(dragWindow('select', s, 750, 350, start, 8), [s.unitAt(350), s.unitAt(750)]);
    assert.equal(dragWindow('select', s, 350, 350 + CLICK_SLOP_PX - 1, start, 8), null, 'a click selects nothing');
    const narrow = dragWindow('select', s, 350, 355, start, 50)!;
    assert.ok(Math.abs(narrow[1] - narrow[0] - 50) < 1e-9, 'never narrower than the scale zooms');
    const panned = dragWindow('pan', s, 500, 600, start, 8)!;
    assert.ok(
      Math.abs(panned[0] - (start[0] + 100 * unit)) < 1e-9 && Math.abs(panned[1] - (start[1] + 100 * unit)) < 1e-9,
    );
    assert.deepEqual(dragWindow('resize-start', s, 400, 200, start, 8), [s.unitAt(200), start[1]]);
    assert.deepEqual(
      dragWindow('resize-end', s, 650, 50, start, 8),
      [start[0], start[0] + 8],
      'an edge stops short of the other',
    );
    const c = centreAt(s, 150 + 900, start);
    assert.ok(
      Math.abs((c[0] + c[1]) / 2 - s.unitAt(1050)) < 1e-9 && Math.abs(c[1] - c[0] - (start[1] - start[0])) < 1e-9,
    );
  });

  it('zooms the lanes scale to the selection, which the lanes then draw', () => {
    const s = strip();
    const lanes = new XScale();
    lanes.left = 150;
    lanes.width = 1000;
    lanes.updateDomain(model);
    const w = dragWindow('select', s, 400, 600, lanes.window, lanes.minSpan)!;
    lanes.setWindow(w);
    assert.equal(lanes.fitted, false);
    // The selection's edges are now the lanes' edges: the strip's pixel 400 is the lanes' left edge.
    assert.ok(Math.abs(lanes.x(s.unitAt(400)) - lanes.left) < 1e-6);
    assert.ok(Math.abs(lanes.x(s.unitAt(600)) - (lanes.left + lanes.width)) < 1e-6);
    assert.equal(coversDomain(lanes.window, lanes.domain), false);
    assert.equal(coversDomain([-5, N + 5], lanes.domain), true);
  });

  it('says the visible range in the words of the vocabulary', () => {
    assert.equal(rangeText('rounds', [0, N], [0, N], N), 'the whole run');
    assert.equal(rangeText('rounds', [20, 60], [0, N], N), `run round 21 to run round 60 of ${N}`);
    assert.equal(rangeText('rounds', [20.5, 59.2], [0, N], N), `run round 21 to run round 60 of ${N}`);
    assert.equal(rangeText('time', [1000 + 1200, 1000 + 5000], [1000, 99_000], N), '+1.2s to +5s');
  });

  it('bins every round of the run into the strip columns by phase, or draws lanes when they fit', () => {
    const s = strip();
    const bins = phaseBins(model, s, 1000);
    let total = 0;
    for (const n of bins.counts) total += n;
    assert.equal(total, N, 'every round counted once');
    const events = model.calls.filter((c) => c.events.length > 0).length;
    assert.equal(
      bins.events.reduce((a, b) => a + b, 0),
      events,
    );
    // The first round is counted in its column under its phase; the last round falls in the last round's cell.
    const first = PHASES.indexOf(model.calls[0]!.pluginPhase.phase);
    assert.ok(bins.counts[columnOf(model, s, 0, 1000) * PHASES.length + first]! > 0);
    assert.ok(columnOf(model, s, N - 1, 1000) >= 1000 - Math.ceil(1000 / N), "in the last round's cell");
    assert.equal(laneRowHeight(10, 40), 4);
    assert.equal(laneRowHeight(3, 40), 8, 'a few lanes stay thin');
    assert.equal(laneRowHeight(100, 40), 0, 'too many lanes: the density chart');
    assert.equal(laneRowHeight(0, 40), 0);
  });
});
