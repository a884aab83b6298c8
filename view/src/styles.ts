/**
 * The view's CSS. Every colour comes from a VS Code theme variable (`--vscode-*`), through the view's own `--pb-*`
 * names, which the view sets to the palette it resolved (theme.ts: contrast-checked, phases told apart); the
 * standalone report defines fallbacks for the `--vscode-*` ones. High-contrast themes set `--vscode-contrastBorder`,
 * which turns on borders around everything. The layout is a grid of named areas (layout.ts sizes it).
 *
 * @module
 */
import { PHASE_NAMES } from '@plugbench/sdk/timeline';
import { EVENTS_CSS } from './event-styles';

/** The CSS of the timeline view, scoped under `.pb-root`. */
export const TIMELINE_VIEW_CSS = `
.pb-root {
  /* Until the view resolves its palette (theme.ts sets these on the root, contrast-checked), the theme's own. */
  --pb-bg: var(--vscode-editor-background, #ffffff);
  --pb-fg: var(--vscode-foreground, #3b3b3b);
  --pb-muted: var(--vscode-descriptionForeground, #6f6f6f);
  --pb-border: var(--vscode-panel-border, rgba(128, 128, 128, 0.35));
  --pb-contrast-border: var(--vscode-contrastBorder, transparent);
  --pb-focus: var(--vscode-focusBorder, #005fb8);
  --pb-lane-alt: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.06));
  --pb-selection: var(--vscode-list-inactiveSelectionBackground, rgba(0, 120, 212, 0.16));
  --pb-widget-bg: var(--vscode-editorWidget-background, #f3f3f3);
  --pb-code-bg: var(--vscode-textCodeBlock-background, rgba(128, 128, 128, 0.1));
  --pb-error: var(--vscode-errorForeground, #a1260d);
  --pb-hold: var(--vscode-charts-blue, #1a85ff);
  --pb-on-hold: #000000;
  --pb-waiting: var(--vscode-editorWarning-foreground, #895503);
  --pb-inserted: var(--vscode-diffEditor-insertedTextBackground, rgba(156, 204, 44, 0.25));
  --pb-removed: var(--vscode-diffEditor-removedTextBackground, rgba(255, 0, 0, 0.2));
${PHASE_NAMES.map((p) => `  --pb-phase-${p}: #888888;\n  --pb-on-phase-${p}: #000000;`).join('\n')}
  --pb-font-size: var(--vscode-font-size, 13px);
  --pb-mono: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, monospace);
  --pb-splitter: 6px;
  box-sizing: border-box;
  position: relative;
  /* Named areas: the overview strip above the lanes and the event list right of the lanes and pools are slots for
     panels that live there (empty, they take no room). The layout (layout.ts) sizes the lanes row and the inspector. */
  display: grid;
  grid-template-columns: minmax(0, 1fr) auto var(--pb-splitter) var(--pb-inspector-col, minmax(260px, 34%));
  grid-template-rows: auto auto auto var(--pb-lanes-row, minmax(100px, 1fr)) var(--pb-splitter) minmax(0, 1fr);
  grid-template-areas:
    'toolbar toolbar toolbar toolbar'
    'legend legend legend legend'
    'overview overview vsplit inspector'
    'lanes events vsplit inspector'
    'hsplit events vsplit inspector'
    'pools events vsplit inspector';
  height: 100%;
  min-height: 360px;
  color: var(--pb-fg);
  background: var(--pb-bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  font-size: var(--pb-font-size);
  outline: none;
}
.pb-root[data-no-pools] { grid-template-rows: auto auto auto minmax(0, 1fr) 0 0; }
.pb-root[data-no-pools] .pb-hsplit, .pb-root[data-no-pools] .pb-pools { display: none; }
/* Narrow (a half-width editor group): the inspector goes under the lanes and pools. */
.pb-root[data-narrow] {
  grid-template-columns: minmax(0, 1fr) auto;
  grid-template-rows: auto auto auto var(--pb-lanes-row, 140px) var(--pb-splitter) minmax(0, 1fr) var(--pb-splitter) var(--pb-inspector-row, 40%);
  grid-template-areas:
    'toolbar toolbar'
    'legend legend'
    'overview overview'
    'lanes events'
    'hsplit events'
    'pools events'
    'vsplit vsplit'
    'inspector inspector';
}
.pb-root[data-narrow][data-no-pools] {
  grid-template-rows: auto auto auto minmax(0, 1fr) 0 0 var(--pb-splitter) var(--pb-inspector-row, 40%);
}
.pb-root *, .pb-root *::before, .pb-root *::after { box-sizing: border-box; }
.pb-root:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
.pb-slot-overview { grid-area: overview; min-width: 0; }
.pb-slot-events { grid-area: events; min-height: 0; }
.pb-slot-overview:empty, .pb-slot-events:empty { display: none; }

/* Splitters */
.pb-splitter { background: transparent; position: relative; z-index: 1; touch-action: none; }
.pb-splitter::after { content: ''; position: absolute; background: var(--pb-border); }
.pb-hsplit { grid-area: hsplit; cursor: row-resize; }
.pb-vsplit { grid-area: vsplit; cursor: col-resize; }
.pb-hsplit::after, .pb-root[data-narrow] .pb-vsplit::after { left: 0; right: 0; top: 2px; height: 1px; width: auto; bottom: auto; }
.pb-vsplit::after { top: 0; bottom: 0; left: 2px; width: 1px; }
.pb-root[data-narrow] .pb-vsplit { cursor: row-resize; }
.pb-splitter:hover::after, .pb-splitter.pb-dragging::after, .pb-splitter:focus-visible::after { background: var(--pb-focus); }
.pb-hsplit:hover::after, .pb-hsplit.pb-dragging::after, .pb-hsplit:focus-visible::after,
.pb-root[data-narrow] .pb-vsplit:hover::after, .pb-root[data-narrow] .pb-vsplit:focus-visible::after { top: 1px; height: 3px; }
.pb-vsplit:hover::after, .pb-vsplit.pb-dragging::after, .pb-vsplit:focus-visible::after { left: 1px; width: 3px; }
.pb-splitter:focus-visible { outline: none; }

/* Toolbar */
.pb-toolbar {
  grid-area: toolbar;
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px;
  padding: 6px 8px;
  border-bottom: 1px solid var(--pb-border);
}
.pb-title { font-weight: 600; margin-right: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 28ch; }
.pb-group { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 2px; }
.pb-btn {
  display: inline-flex; align-items: center; gap: 4px;
  height: 24px; padding: 0 7px;
  color: var(--vscode-button-secondaryForeground, var(--pb-fg));
  background: var(--vscode-button-secondaryBackground, rgba(128, 128, 128, 0.14));
  border: 1px solid var(--vscode-button-border, var(--pb-contrast-border));
  border-radius: 2px;
  font: inherit; cursor: pointer; white-space: nowrap;
}
.pb-btn:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, rgba(128, 128, 128, 0.24)); }
.pb-btn:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: 1px; }
.pb-btn:disabled { opacity: 0.45; cursor: default; }
.pb-btn.pb-primary { color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #005fb8); }
.pb-btn.pb-primary:hover:not(:disabled) { background: var(--vscode-button-hoverBackground, #0258a8); }
.pb-btn[aria-pressed='true'] { color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #005fb8); }
.pb-icon { width: 14px; height: 14px; fill: currentColor; flex: none; }
/* Narrow: the round buttons by their icons (each has its name as its label and title), on one line. */
.pb-root[data-narrow] .pb-btn > .pb-icon + span { display: none; }
.pb-slider { flex: 1 1 160px; min-width: 120px; accent-color: var(--pb-focus); margin: 0 4px; }
.pb-step { font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 15ch; }
.pb-status { color: var(--pb-muted); flex: 1 1 16ch; min-width: 0; overflow-wrap: anywhere; }
.pb-status[data-kind='error'] { color: var(--pb-error); }

/* Legend: one line in most runs (only what the run draws); its breakpoint count keeps its room when empty. */
.pb-legend {
  grid-area: legend;
  display: flex; flex-wrap: wrap; align-items: center; gap: 0 6px;
  padding: 2px 8px;
  border-bottom: 1px solid var(--pb-border);
  color: var(--pb-fg);
  font-size: 12px;
}
/* One height for every item, whatever it holds (a pressed chip's dot, an empty count): lines never move. */
.pb-legend > * { height: 22px; }
.pb-legend [hidden] { display: none; }
.pb-chip {
  display: inline-flex; align-items: center; gap: 5px;
  padding: 0 6px 0 4px; line-height: 20px; border-radius: 3px;
  color: var(--pb-fg); background: none; border: 1px solid transparent;
  font: inherit; cursor: pointer; white-space: nowrap;
}
.pb-chip:hover { border-color: var(--pb-border); }
.pb-chip:focus-visible { outline: 1px solid var(--pb-focus); }
.pb-chip[aria-pressed='true'] { border-color: var(--pb-error); }
.pb-chip[aria-pressed='true']::after { content: ''; width: 7px; height: 7px; border-radius: 50%; background: var(--pb-error); }
.pb-more { color: var(--pb-muted); text-decoration: underline; }
.pb-legend-bps { display: inline-flex; align-items: center; gap: 4px; margin-left: auto; color: var(--pb-muted); }
.pb-invisible { visibility: hidden; }
.pb-swatch { width: 12px; height: 12px; border-radius: 2px; border: 1px solid var(--pb-contrast-border); flex: none; }
.pb-hatch { background: repeating-linear-gradient(135deg, var(--pb-phase-Running) 0 3px, var(--pb-fg) 3px 4.5px); }
.pb-marker-key { display: inline-flex; align-items: center; gap: 3px; white-space: nowrap; }
.pb-marker-key canvas { flex: none; }
/* Narrow and collapsed: marks by their shape (the name is in the title); the toggle shows them named. */
.pb-root[data-narrow] .pb-legend:not([data-expanded]) .pb-key-text { display: none; }

/* Lanes */
.pb-lanes { grid-area: lanes; position: relative; min-height: 0; min-width: 0; overflow: hidden; }
.pb-lanes > canvas { position: absolute; left: 0; top: 0; pointer-events: none; }
.pb-lanes-scroll { position: absolute; inset: 0; overflow-y: auto; overflow-x: hidden; cursor: crosshair; }
.pb-lanes-scroll:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
.pb-spacer { width: 1px; }
.pb-tooltip {
  position: absolute; z-index: 2; pointer-events: none; max-width: 360px;
  padding: 4px 8px; border-radius: 3px;
  color: var(--pb-fg);
  background: var(--pb-widget-bg);
  border: 1px solid var(--vscode-editorHoverWidget-border, var(--pb-border));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.25));
  white-space: pre-line; font-size: 12px;
}
.pb-tooltip[hidden] { display: none; }
.pb-empty { position: absolute; left: 20px; right: 8px; color: var(--pb-fg); pointer-events: none; }
.pb-empty[hidden] { display: none; }

/* Pools: scroll with a visible scrollbar; nothing in them is cut. */
.pb-pools {
  grid-area: pools; min-height: 0; min-width: 0; overflow-y: auto; overflow-x: hidden;
  scrollbar-gutter: stable;
  scrollbar-color: var(--vscode-scrollbarSlider-background, rgba(100, 100, 100, 0.6)) transparent;
}
.pb-pools-title { padding: 6px 8px 2px; font-weight: 600; }
.pb-pools-title span { font-weight: normal; color: var(--pb-muted); }
.pb-pool { padding: 2px 0 6px; border-bottom: 1px solid var(--pb-border); }
.pb-pool:last-child { border-bottom: none; }
.pb-pool-head { display: flex; flex-wrap: wrap; gap: 0 10px; align-items: baseline; padding: 2px 8px; }
.pb-pool-name { font-weight: 600; font-family: var(--pb-mono); }
.pb-pool-stats { color: var(--pb-muted); font-variant-numeric: tabular-nums; }
.pb-pool-stats b { color: var(--pb-fg); font-weight: 600; }
.pb-pool-stats .pb-warn { color: var(--pb-waiting); }
.pb-pool-stats .pb-over { color: var(--pb-error); font-weight: 600; }
.pb-none[hidden] { display: none; }
.pb-pool canvas { display: block; }
.pb-pool-lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px; padding: 2px 8px 0; }
.pb-list-title { color: var(--pb-muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
/* Whole rows: eight of 18 px, then a scrollbar. */
.pb-vlist { position: relative; overflow-y: auto; max-height: 144px; scrollbar-color: var(--vscode-scrollbarSlider-background, rgba(100, 100, 100, 0.6)) transparent; }
.pb-vlist-inner { position: relative; }
.pb-vrow { position: absolute; left: 0; right: 0; height: 18px; line-height: 18px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pb-vrow .pb-task { font-family: var(--pb-mono); }
.pb-vrow .pb-dim { color: var(--pb-muted); }
.pb-vrow.pb-current { font-weight: 600; }
.pb-none { color: var(--pb-muted); font-style: italic; line-height: 18px; }

/* Inspector */
.pb-inspector { grid-area: inspector; overflow: auto; min-width: 0; min-height: 0; padding: 8px 10px 16px; }
.pb-inspector h2 { font-size: 1.05em; margin: 0 0 2px; }
.pb-inspector h3 {
  font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
  color: var(--pb-muted); margin: 14px 0 4px;
}
.pb-sub { color: var(--pb-muted); margin-bottom: 6px; }
.pb-kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; }
.pb-kv dt { color: var(--pb-muted); }
.pb-kv dd { margin: 0; overflow-wrap: anywhere; }
.pb-code, .pb-inspector pre {
  font-family: var(--pb-mono); font-size: 12px;
  background: var(--pb-code-bg); border-radius: 3px;
  border: 1px solid var(--pb-contrast-border);
}
/* The colour goes with the background: a webview's default styles give code elements VS Code's textPreformat colours,
   whose high-contrast foreground (black in HC dark, white in HC light) is meant for their own background, not ours. */
.pb-code { padding: 1px 4px; overflow-wrap: anywhere; color: var(--pb-fg); }
.pb-inspector pre { margin: 0; padding: 6px 8px; overflow: auto; max-height: 320px; white-space: pre; }
.pb-phase { display: inline-flex; align-items: center; gap: 5px; }
.pb-badge {
  display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; line-height: 17px;
  color: var(--vscode-badge-foreground, #fff); background: var(--vscode-badge-background, #616161);
  border: 1px solid var(--pb-contrast-border);
}
/* Phase fills with the text colour the palette picked for each (the one with the better contrast). */
.pb-badge[data-code='event'] { background: var(--pb-phase-Success); color: var(--pb-on-phase-Success); }
.pb-badge[data-code='round-error'], .pb-badge[data-code='version-cap'], .pb-badge[data-code='write-lost'] { background: var(--pb-phase-PermanentFailure); color: var(--pb-on-phase-PermanentFailure); }
.pb-badge[data-code='retry'] { background: var(--pb-phase-RetryableFailure); color: var(--pb-on-phase-RetryableFailure); }
.pb-badge[data-code='barrier-replay'] { background: var(--pb-phase-Queued); color: var(--pb-on-phase-Queued); }
.pb-error-box { border-left: 3px solid var(--pb-error); padding: 4px 8px; background: var(--pb-code-bg); }
.pb-error-box .pb-msg { color: var(--pb-error); font-weight: 600; overflow-wrap: anywhere; }
.pb-diff .pb-add { background: var(--pb-inserted); }
.pb-diff .pb-del { background: var(--pb-removed); }
.pb-diff span { display: block; }
.pb-items { list-style: none; margin: 0; padding: 0; }
.pb-items li { padding: 2px 0; border-bottom: 1px solid var(--pb-border); overflow-wrap: anywhere; }
.pb-items li:last-child { border-bottom: none; }
.pb-log-error { color: var(--pb-error); }
.pb-log-warn { color: var(--pb-waiting); }
.pb-log-debug { color: var(--pb-muted); }
.pb-level { display: inline-block; min-width: 5ch; font-family: var(--pb-mono); font-size: 11px; }
.pb-inspector details > summary { cursor: pointer; color: var(--pb-muted); }
.pb-help {
  position: absolute; right: 12px; top: 40px; z-index: 3; padding: 8px 12px;
  color: var(--pb-fg); background: var(--pb-widget-bg);
  border: 1px solid var(--vscode-editorWidget-border, var(--pb-border));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.25));
}
.pb-help[hidden] { display: none; }
.pb-help table { border-collapse: collapse; }
.pb-help td { padding: 1px 10px 1px 0; }
.pb-help kbd { font-family: var(--pb-mono); padding: 0 4px; border: 1px solid var(--pb-border); border-radius: 3px; }
.pb-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
${EVENTS_CSS}
${PHASE_NAMES.map((p) => `.pb-swatch[data-phase='${p}'] { background: var(--pb-phase-${p}); }`).join('\n')}
`;
