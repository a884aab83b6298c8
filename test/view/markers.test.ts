import assert from 'node:assert/strict';
import { MARKER_RADIUS, markerRadius } from '../../view/src/lanes-canvas';

describe('view: marker size', () => {
  it('grows with the width of a round on screen, between a readable minimum and the row', () => {
    assert.equal(markerRadius(2), MARKER_RADIUS.min, 'a 100,000-round run still shows its markers');
    assert.ok(markerRadius(20) > markerRadius(10), 'zooming in makes them bigger');
    assert.equal(markerRadius(400), MARKER_RADIUS.max, 'never taller than a lane');
  });
});
