/**
 * The timeline view, shared by the VS Code webview and the standalone HTML report: `mountTimelineView(root,
 * options)` draws lanes, pools, a round inspector and controls for a timeline, and reports what the user asks for as
 * intents. Browser code only: no node modules, no zod, nothing that needs `unsafe-eval` or inline scripts.
 *
 * @module
 */
export { TimelineView, mountTimelineView } from './view';
export { TIMELINE_VIEW_CSS } from './styles';
// Every type of the view's API (also `@plugbench/view/types`), the probe and layout its `probe()` gives included.
export type * from './types';
export { SHORTCUTS, keyAction, type KeyAction } from './keyboard';
export { diffJson, diffLines, stableJson, type DiffLine } from './diff';
export {
  CompareView,
  CompareLayout,
  type CompareDifference,
  type CompareSide,
  type CompareState,
  type CompareViewOptions,
} from './compare-view';
