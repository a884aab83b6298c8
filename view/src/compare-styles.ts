/**
 * The comparison's CSS: the bar of differences and the two panes, laid out side by side or one above the other.
 * Colours from VS Code theme variables, with the report's fallbacks; scoped under `.pbc-root`.
 *
 * @module
 */

/** The CSS of the comparison view. */
export const COMPARE_CSS = `
.pbc-root {
  display: grid;
  grid-template-rows: auto auto auto minmax(0, 1fr);
  height: 100%;
  color: var(--vscode-foreground, #3b3b3b);
  background: var(--vscode-editor-background, #ffffff);
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
}
.pbc-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
.pbc-summary { font-weight: 600; margin-right: 8px; }
.pbc-btn, .pbc-item { font: inherit; color: var(--vscode-button-secondaryForeground, #3b3b3b);
  background: var(--vscode-button-secondaryBackground, #e5e5e5);
  border: 1px solid var(--vscode-contrastBorder, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.pbc-btn:hover:not(:disabled), .pbc-item:hover { background: var(--vscode-button-secondaryHoverBackground, #cccccc); }
.pbc-btn:disabled { opacity: 0.6; cursor: default; }
.pbc-btn:focus-visible, .pbc-item:focus-visible { outline: 1px solid var(--vscode-focusBorder, #005fb8); outline-offset: 1px; }
.pbc-item[aria-current='true'] { outline: 2px solid var(--vscode-focusBorder, #005fb8); outline-offset: -2px; }
.pbc-status { margin: 0; padding: 4px 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pbc-list { display: flex; gap: 4px; margin: 0; padding: 0 8px 4px; list-style: none; overflow-x: auto; }
.pbc-list li { flex: none; }
.pbc-panes { display: grid; min-height: 0; gap: 0; }
.pbc-root[data-layout='side-by-side'] .pbc-panes { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.pbc-root[data-layout='stacked'] .pbc-panes { grid-template-rows: minmax(0, 1fr) minmax(0, 1fr); }
.pbc-pane { display: flex; flex-direction: column; min-width: 0; min-height: 0; overflow: auto; scrollbar-gutter: stable;
  border-left: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
.pbc-pane > .pb-root { flex: 1; min-height: 0; }
.pbc-side { margin: 0; padding: 2px 8px; font-size: inherit; font-weight: 600;
  background: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.08)); }
`;
