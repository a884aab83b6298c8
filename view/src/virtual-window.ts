/**
 * The arithmetic of a fixed-row-height virtual list: which rows are in view, and where to scroll to show one. Pure,
 * so the list's behaviour at 100,000 rows is tested without a browser.
 *
 * @module
 */

/** The rows to render, `first` inclusive to `last` exclusive. */
export interface RowWindow {
  first: number;
  last: number;
}

/** The rows in view at `scrollTop`, plus `overscan` rows on each side, clipped to `count`. */
export function rowWindow(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  count: number,
  overscan = 2,
): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { first: Math.min(first, last), last };
}

/** The scroll position that shows row `row` whole, moving as little as possible from `scrollTop`. */
export function revealRow(row: number, scrollTop: number, viewHeight: number, rowHeight: number): number {
  const top = row * rowHeight;
  if (top < scrollTop || rowHeight > viewHeight) return top;
  if (top + rowHeight > scrollTop + viewHeight) return Math.max(0, top + rowHeight - viewHeight);
  return scrollTop;
}
