/**
 * The lanes' row geometry, shared by the canvases (lanes, pools: their columns line up) and the CSS. No DOM.
 *
 * @module
 */

/** Label column width (narrower in a narrow view), header height and row height of the lanes, in CSS pixels. */
export const LAYOUT = { labelWidth: 150, narrowLabelWidth: 112, headerHeight: 24, rowHeight: 26, barInset: 6 } as const;
