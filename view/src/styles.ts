/**
 * The view's CSS. Every colour comes from a VS Code theme variable (`--vscode-*`), through the view's own
 * `--pb-*` names; the standalone report defines fallbacks for the `--vscode-*` ones. High-contrast themes set
 * `--vscode-contrastBorder`, which turns on borders around everything.
 *
 * @module
 */
import { PHASE_NAMES } from '@plugbench/sdk/timeline';
import { EVENTS_CSS } from './event-styles';

/** The CSS of the timeline view, scoped under `.pb-root`. */
export const TIMELINE_VIEW_CSS = `
.pb-root {
  --pb-bg: var(--vscode-editor-background, #ffffff);
  --pb-fg: var(--vscode-foreground, #3b3b3b);
  --pb-muted: var(--vscode-descriptionForeground, #717171);
  --pb-border: var(--vscode-panel-border, rgba(128, 128, 128, 0.35));
  --pb-contrast-border: var(--vscode-contrastBorder, transparent);
  --pb-focus: var(--vscode-focusBorder, #005fb8);
  --pb-grid: var(--vscode-editorRuler-foreground, rgba(128, 128, 128, 0.25));
  --pb-lane-alt: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.06));
  --pb-selection: var(--vscode-list-inactiveSelectionBackground, rgba(0, 120, 212, 0.16));
  --pb-widget-bg: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.08));
  --pb-code-bg: var(--vscode-textCodeBlock-background, rgba(128, 128, 128, 0.1));
  --pb-error: var(--vscode-errorForeground, #e51400);
  --pb-hold: var(--vscode-charts-blue, #1a85ff);
  --pb-waiting: var(--vscode-charts-yellow, #bf8803);
  --pb-inserted: var(--vscode-diffEditor-insertedTextBackground, rgba(156, 204, 44, 0.25));
  --pb-removed: var(--vscode-diffEditor-removedTextBackground, rgba(255, 0, 0, 0.2));
  --pb-phase-Undefined: var(--vscode-disabledForeground, #8c8c8c);
  --pb-phase-NotReady: var(--vscode-disabledForeground, #8c8c8c);
  --pb-phase-WaitingForResources: var(--vscode-charts-yellow, #bf8803);
  --pb-phase-Queued: var(--vscode-charts-purple, #652d90);
  --pb-phase-Initializing: var(--vscode-terminal-ansiCyan, #0598bc);
  --pb-phase-Running: var(--vscode-charts-blue, #1a85ff);
  --pb-phase-Success: var(--vscode-charts-green, #388a34);
  --pb-phase-RetryableFailure: var(--vscode-charts-orange, #d18616);
  --pb-phase-PermanentFailure: var(--vscode-charts-red, #e51400);
  --pb-font-size: var(--vscode-font-size, 13px);
  --pb-mono: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, monospace);
  box-sizing: border-box;
  display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(280px, 24%) minmax(300px, 28%);
  grid-template-rows: auto auto auto minmax(0, 1fr);
  grid-template-areas: 'toolbar toolbar toolbar' 'legend legend legend' 'overview events inspector' 'main events inspector';
  height: 100%;
  min-height: 420px;
  color: var(--pb-fg);
  background: var(--pb-bg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  font-size: var(--pb-font-size);
  outline: none;
}
.pb-root *, .pb-root *::before, .pb-root *::after { box-sizing: border-box; }
.pb-root:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
@media (max-width: 1200px) {
  .pb-root {
    grid-template-columns: minmax(0, 1fr) minmax(300px, 36%);
    grid-template-rows: auto auto auto minmax(0, 1fr) minmax(0, 1fr);
    grid-template-areas: 'toolbar toolbar' 'legend legend' 'overview events' 'main events' 'main inspector';
  }
  .pb-inspector { border-top: 1px solid var(--pb-border); }
}
@media (max-width: 760px) {
  .pb-root {
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    grid-template-rows: auto auto auto minmax(160px, 1.2fr) minmax(160px, 1fr);
    grid-template-areas: 'toolbar toolbar' 'legend legend' 'overview overview' 'main main' 'events inspector';
  }
}

/* Toolbar */
.pb-toolbar {
  grid-area: toolbar;
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px;
  padding: 6px 8px;
  border-bottom: 1px solid var(--pb-border);
}
.pb-title { font-weight: 600; margin-right: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 28ch; }
.pb-group { display: inline-flex; align-items: center; gap: 2px; }
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
.pb-slider { flex: 1 1 160px; min-width: 120px; accent-color: var(--pb-focus); margin: 0 4px; }
.pb-step { font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 15ch; }
.pb-status { color: var(--pb-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 40ch; }
.pb-status[data-kind='error'] { color: var(--pb-error); }

/* Legend */
.pb-legend {
  grid-area: legend;
  display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px;
  padding: 4px 8px;
  border-bottom: 1px solid var(--pb-border);
  color: var(--pb-muted);
}
.pb-legend-label { margin-right: 2px; }
.pb-chip {
  display: inline-flex; align-items: center; gap: 5px;
  padding: 1px 6px 1px 4px; border-radius: 3px;
  color: var(--pb-fg); background: none; border: 1px solid transparent;
  font: inherit; cursor: pointer;
}
.pb-chip:hover { border-color: var(--pb-border); }
.pb-chip:focus-visible { outline: 1px solid var(--pb-focus); }
.pb-chip[aria-pressed='true'] { border-color: var(--pb-error); }
.pb-chip[aria-pressed='true']::after { content: ''; width: 7px; height: 7px; border-radius: 50%; background: var(--pb-error); }
.pb-swatch { width: 12px; height: 12px; border-radius: 2px; border: 1px solid var(--pb-contrast-border); flex: none; }
.pb-hatch { background: repeating-linear-gradient(135deg, var(--pb-phase-Running) 0 3px, var(--pb-fg) 3px 4.5px); }
.pb-marker-key { display: inline-flex; align-items: center; gap: 3px; }
.pb-marker-key canvas { flex: none; }

/* Main: lanes over pools */
.pb-main { grid-area: main; display: flex; flex-direction: column; min-height: 0; min-width: 0; border-right: 1px solid var(--pb-border); }
.pb-lanes { position: relative; flex: 1 1 auto; min-height: 140px; }
.pb-lanes > canvas { position: absolute; left: 0; top: 0; pointer-events: none; }
.pb-lanes-scroll { position: absolute; inset: 0; overflow-y: auto; overflow-x: hidden; cursor: crosshair; }
.pb-lanes-scroll:focus-visible { outline: 1px solid var(--pb-focus); outline-offset: -1px; }
.pb-spacer { width: 1px; }
.pb-tooltip {
  position: absolute; z-index: 2; pointer-events: none; max-width: 360px;
  padding: 4px 8px; border-radius: 3px;
  color: var(--vscode-editorHoverWidget-foreground, var(--pb-fg));
  background: var(--vscode-editorHoverWidget-background, var(--pb-bg));
  border: 1px solid var(--vscode-editorHoverWidget-border, var(--pb-border));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.25));
  white-space: pre-line; font-size: 12px;
}
.pb-tooltip[hidden] { display: none; }
.pb-empty { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--pb-muted); pointer-events: none; }
.pb-empty[hidden] { display: none; }

/* Pools */
.pb-pools { flex: 0 1 auto; max-height: 48%; overflow-y: auto; border-top: 1px solid var(--pb-border); }
.pb-pools-title { padding: 6px 8px 2px; font-weight: 600; }
.pb-pools-title span { font-weight: normal; color: var(--pb-muted); }
.pb-pool { padding: 2px 0 6px; border-bottom: 1px solid var(--pb-border); }
.pb-pool:last-child { border-bottom: none; }
.pb-pool-head { display: flex; gap: 10px; align-items: baseline; padding: 2px 8px; }
.pb-pool-name { font-weight: 600; font-family: var(--pb-mono); }
.pb-pool-stats { color: var(--pb-muted); font-variant-numeric: tabular-nums; }
.pb-pool-stats b { color: var(--pb-fg); font-weight: 600; }
.pb-pool-stats .pb-warn { color: var(--pb-waiting); }
.pb-pool-stats .pb-over { color: var(--pb-error); font-weight: 600; }
.pb-none[hidden] { display: none; }
.pb-pool canvas { display: block; }
.pb-pool-lists { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 2px 8px 0; }
.pb-list-title { color: var(--pb-muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.pb-vlist { position: relative; overflow-y: auto; max-height: 92px; }
.pb-vlist-inner { position: relative; }
.pb-vrow { position: absolute; left: 0; right: 0; height: 18px; line-height: 18px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pb-vrow .pb-task { font-family: var(--pb-mono); }
.pb-vrow .pb-dim { color: var(--pb-muted); }
.pb-vrow.pb-current { font-weight: 600; }
.pb-none { color: var(--pb-muted); font-style: italic; line-height: 18px; }

/* Inspector */
.pb-inspector { grid-area: inspector; overflow: auto; min-width: 0; padding: 8px 10px 16px; }
@media (max-width: 760px) { .pb-inspector { border-top: 1px solid var(--pb-border); } }
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
/* Chart colours are dark on light themes and light on dark ones: the editor background reads on both. */
.pb-badge[data-code='event'] { background: var(--vscode-charts-green, #388a34); color: var(--pb-bg); }
.pb-badge[data-code='round-error'], .pb-badge[data-code='version-cap'], .pb-badge[data-code='write-lost'] { background: var(--vscode-charts-red, #e51400); color: var(--pb-bg); }
.pb-badge[data-code='retry'] { background: var(--vscode-charts-orange, #d18616); color: var(--pb-bg); }
.pb-badge[data-code='barrier-replay'] { background: var(--vscode-charts-purple, #652d90); color: var(--pb-bg); }
.pb-error-box { border-left: 3px solid var(--pb-error); padding: 4px 8px; background: var(--pb-code-bg); }
.pb-error-box .pb-msg { color: var(--pb-error); font-weight: 600; overflow-wrap: anywhere; }
.pb-diff .pb-add { background: var(--pb-inserted); }
.pb-diff .pb-del { background: var(--pb-removed); }
.pb-diff span { display: block; }
.pb-items { list-style: none; margin: 0; padding: 0; }
.pb-items li { padding: 2px 0; border-bottom: 1px solid var(--pb-border); overflow-wrap: anywhere; }
.pb-items li:last-child { border-bottom: none; }
.pb-log-error { color: var(--pb-error); }
.pb-log-warn { color: var(--vscode-editorWarning-foreground, var(--pb-waiting)); }
.pb-log-debug { color: var(--pb-muted); }
.pb-level { display: inline-block; min-width: 5ch; font-family: var(--pb-mono); font-size: 11px; }
.pb-inspector details > summary { cursor: pointer; color: var(--pb-muted); }
.pb-help {
  position: absolute; right: 12px; top: 40px; z-index: 3; padding: 8px 12px;
  background: var(--vscode-editorWidget-background, var(--pb-bg));
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
