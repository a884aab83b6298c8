/**
 * The CSS of the event list and the overview strip, kept apart from the view's layout so that each panel's look
 * lives with the panel. Colours come from the view's `--pb-*` names (VS Code theme variables).
 *
 * @module
 */

/** Height of an event list row: two lines (where the round stands and what it decided; what it sent and asked for). */
export const EVENT_ROW_HEIGHT = 40;

/** The CSS of the `events` and `overview` grid areas. */
export const EVENTS_CSS = `
/* Overview strip: the whole run, above the lanes */
.pb-overview { grid-area: overview; position: relative; height: 44px; min-width: 0; border-bottom: 1px solid var(--pb-border); border-right: 1px solid var(--pb-border); cursor: col-resize; touch-action: none; }
.pb-overview > canvas { position: absolute; left: 0; top: 0; pointer-events: none; }
.pb-overview[data-zoomed='true'] { cursor: grab; }
/* A short or narrow view keeps its height for the lanes; one both short and narrow has none to spare. */
@media (max-height: 640px) { .pb-overview { height: 28px; } .pb-root[data-narrow] .pb-slot-overview { display: none; } }
.pb-root[data-narrow] .pb-overview { height: 28px; }
.pb-overview:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }

/* In the layout's slots (the grid areas of the same names), the panels size themselves. */
.pb-slot-events > .pb-events { width: clamp(240px, 24vw, 380px); height: 100%; border-left: 1px solid var(--pb-border); border-right: none; }
.pb-root[data-narrow] .pb-slot-events > .pb-events { width: clamp(180px, 38vw, 280px); }
.pb-slot-overview > .pb-overview { border-right: none; }

/* Event list: one row per round, beside the lanes */
.pb-events { grid-area: events; display: flex; flex-direction: column; min-width: 0; min-height: 0; border-right: 1px solid var(--pb-border); }
.pb-events-head { display: flex; align-items: baseline; gap: 8px; padding: 6px 8px 2px; }
.pb-events-title { font-weight: 600; }
.pb-events-count { color: var(--pb-muted); font-variant-numeric: tabular-nums; }
.pb-events-filters { display: flex; flex-wrap: wrap; gap: 4px; padding: 2px 8px 6px; border-bottom: 1px solid var(--pb-border); }
.pb-events-filters select, .pb-events-filters input {
  min-width: 0; height: 24px; font: inherit; padding: 0 4px;
  color: var(--vscode-input-foreground, var(--pb-fg));
  background: var(--vscode-input-background, var(--pb-bg));
  border: 1px solid var(--vscode-input-border, var(--pb-border));
  border-radius: 2px;
}
.pb-events-filters select { flex: 1 1 90px; max-width: 14em; }
.pb-events-filters input { flex: 2 1 100px; }
.pb-events-filters select:focus-visible, .pb-events-filters input:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
.pb-events-list.pb-vlist { flex: 1 1 auto; max-height: none; min-height: 80px; }
.pb-events-list.pb-vlist:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
.pb-events-list .pb-none { padding: 6px 8px; }
.pb-events-list .pb-vrow { height: ${EVENT_ROW_HEIGHT}px; line-height: 18px; padding: 2px 8px; cursor: pointer; border-bottom: 1px solid var(--pb-border); border-left: 2px solid transparent; }
.pb-events-list .pb-vrow:hover { background: var(--pb-lane-alt); }
.pb-events-list .pb-vrow[aria-selected='true'] {
  color: var(--vscode-list-inactiveSelectionForeground, var(--pb-fg));
  background: var(--pb-selection); border-left-color: var(--pb-focus);
}
.pb-events-list:focus-within .pb-vrow[aria-selected='true'] {
  color: var(--vscode-list-activeSelectionForeground, var(--pb-fg));
  background: var(--vscode-list-activeSelectionBackground, var(--pb-selection));
  outline: 1px solid var(--vscode-list-focusOutline, var(--pb-focus)); outline-offset: -1px;
}
.pb-ev-line { display: flex; align-items: center; gap: 8px; overflow: hidden; white-space: nowrap; }
.pb-ev-line > span { flex: none; }
.pb-ev-num { min-width: 5ch; text-align: right; color: var(--pb-muted); font-variant-numeric: tabular-nums; }
.pb-ev-round { font-family: var(--pb-mono); font-size: 12px; }
.pb-ev-detail { padding-left: calc(5ch + 8px); font-size: 12px; }
.pb-ev-detail > span { overflow: hidden; text-overflow: ellipsis; flex: 0 1 auto; }
.pb-ev-events { font-family: var(--pb-mono); }
.pb-ev-resource { color: var(--pb-muted); }
.pb-ev-error { color: var(--pb-error); }
.pb-ev-none { color: var(--pb-muted); font-style: italic; }
.pb-vrow[aria-selected='true'] .pb-ev-num, .pb-vrow[aria-selected='true'] .pb-ev-resource { color: inherit; }
`;
