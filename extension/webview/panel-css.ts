/**
 * CSS of the panel's own header (status badge, Stop, Rerun). Only VS Code theme variables, so it follows light,
 * dark and high-contrast themes; the timeline view brings its own CSS.
 *
 * @module
 */
export const PANEL_CSS = `
html, body { height: 100%; margin: 0; padding: 0; }
body {
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  display: flex;
  flex-direction: column;
}
#plugbench-root { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.pb-loading { padding: 12px; color: var(--vscode-descriptionForeground); }
.pbx-header {
  display: flex; align-items: center; gap: 8px; padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  min-height: 26px;
}
.pbx-badge {
  padding: 1px 7px; border-radius: 9px; font-size: 11px; white-space: nowrap;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
  border: 1px solid var(--vscode-contrastBorder, transparent);
}
.pbx-badge[data-phase="running"], .pbx-badge[data-phase="starting"] { background: var(--vscode-progressBar-background); color: var(--vscode-button-foreground); }
.pbx-badge[data-phase="error"] { background: var(--vscode-inputValidation-errorBackground, var(--vscode-errorForeground)); color: var(--vscode-foreground); border-color: var(--vscode-inputValidation-errorBorder, transparent); }
.pbx-badge[data-phase="finished"] { background: var(--vscode-testing-iconPassed, var(--vscode-badge-background)); color: var(--vscode-editor-background); }
.pbx-badge[data-phase="restricted"] { background: var(--vscode-inputValidation-warningBackground, var(--vscode-badge-background)); color: var(--vscode-foreground); }
.pbx-message { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--vscode-descriptionForeground); }
body[data-phase="error"] .pbx-message { color: var(--vscode-errorForeground); white-space: normal; }
body[data-phase="restricted"] .pbx-message { white-space: normal; color: var(--vscode-foreground); }
.pbx-buttons { display: flex; gap: 4px; }
.pbx-button {
  font: inherit; font-size: 12px; padding: 2px 8px; cursor: pointer; border-radius: 2px;
  color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, transparent);
}
.pbx-button:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground); }
.pbx-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.pbx-button:disabled { opacity: 0.5; cursor: default; }
.pbx-body { flex: 1; min-height: 0; display: flex; flex-direction: column; overflow: hidden; }
.pbx-body > * { flex: 1; min-height: 0; }
`;
