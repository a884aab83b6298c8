/**
 * Browser entry of the test and benchmark pages: the view, the model and the synthetic generator on `window`, so
 * a test drives them like a webview host would (records in hand, intents out).
 */
import { TimelineModel } from '@plugbench/sdk/timeline';
import { CompareView, mountTimelineView } from '@plugbench/view';
import { syntheticTimeline } from '../support/synthetic-timeline';

(window as unknown as { plugbench: unknown }).plugbench = {
  TimelineModel,
  mountTimelineView,
  CompareView,
  syntheticTimeline,
};
