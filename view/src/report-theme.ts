/**
 * The theme of the view outside VS Code (the standalone HTML report): fallbacks for the `--vscode-*` variables the
 * view reads, and the page's own few rules.
 *
 * @module
 */
import type { ThemeKind } from './palette';

/** The fonts VS Code would give a webview. */
const REPORT_FONTS: Readonly<Record<string, string>> = {
  '--vscode-font-family': "system-ui, -apple-system, 'Segoe UI', Ubuntu, 'Noto Sans', sans-serif",
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
};

/** The chart colours of VS Code's dark theme (its high-contrast dark theme uses them too). */
export const VSCODE_DARK_CHARTS = {
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
} as const;

const LIGHT = {
  '--vscode-editor-background': '#ffffff',
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#6f6f6f',
  '--vscode-disabledForeground': '#9b9b9b',
  '--vscode-errorForeground': '#d21a1a',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-panel-border': '#e0e0e0',
  '--vscode-editorRuler-foreground': 'rgba(0, 0, 0, 0.08)',
  '--vscode-list-hoverBackground': '#f7f7f7',
  '--vscode-list-inactiveSelectionBackground': '#e4eefa',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-editorWidget-border': '#d4d4d4',
  '--vscode-editorHoverWidget-background': '#f8f8f8',
  '--vscode-editorHoverWidget-border': '#c8c8c8',
  '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)',
  '--vscode-textCodeBlock-background': '#f3f3f3',
  '--vscode-button-background': '#005fb8',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#0258a8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-button-secondaryHoverBackground': '#cccccc',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-charts-red': '#d9302c',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-yellow': '#c99a06',
  '--vscode-charts-orange': '#e07b1a',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-purple': '#8a4ec2',
  '--vscode-terminal-ansiCyan': '#0598bc',
  '--vscode-editorWarning-foreground': '#bf8803',
  '--vscode-diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.3)',
  '--vscode-diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.18)',
};

/**
 * Fallbacks for the VS Code theme variables the view reads, per kind of theme: light and dark after the OS setting,
 * and a high-contrast set for forced colours or a request for more contrast. In a webview VS Code defines them all.
 * Data, so that the contrast test checks what the report shows.
 */
export const REPORT_THEMES = {
  light: LIGHT,
  dark: {
    ...LIGHT,
    ...{
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-disabledForeground': '#7a7a7a',
      '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-editorRuler-foreground': 'rgba(255, 255, 255, 0.07)',
      '--vscode-list-hoverBackground': '#242424',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-editorHoverWidget-background': '#252526',
      '--vscode-editorHoverWidget-border': '#454545',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)',
      '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      ...VSCODE_DARK_CHARTS,
      '--vscode-terminal-ansiCyan': '#29b8db',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)',
      '--vscode-diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)',
    },
  },
  hcDark: {
    ...LIGHT,
    ...{
      '--vscode-editor-background': '#000000',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-list-hoverBackground': '#000000',
      '--vscode-list-inactiveSelectionBackground': '#000000',
      '--vscode-editorRuler-foreground': '#6fc3df',
      '--vscode-textCodeBlock-background': '#000000',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-background': '#000000',
      '--vscode-button-border': '#6fc3df',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-editorHoverWidget-background': '#0c141f',
      '--vscode-disabledForeground': '#a5a5a5',
      '--vscode-errorForeground': '#f48771',
      '--vscode-charts-red': '#f48771',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd370',
      '--vscode-charts-orange': '#ff9b3d',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#d2a8ff',
      '--vscode-editorWarning-foreground': '#ffd370',
    },
  },
} as const satisfies Partial<Record<ThemeKind, Readonly<Record<string, string>>>>;

const declarations = (vars: Readonly<Record<string, string>>) =>
  Object.entries(vars)
    .map(([k, v]) => `    ${k}: ${v};`)
    .join('\n');

/**
 * Fallbacks for the VS Code theme variables the view reads, light and dark after the OS setting, and a
 * high-contrast set for forced colours or a request for more contrast. In a webview VS Code defines them all.
 */
export const REPORT_THEME_CSS = `
:root {
  color-scheme: light dark;
${declarations(REPORT_FONTS)}
${declarations(REPORT_THEMES.light)}
}
@media (prefers-color-scheme: dark) {
  :root {
${declarations(REPORT_THEMES.dark)}
  }
}
@media (forced-colors: active), (prefers-contrast: more) {
  :root {
${declarations(REPORT_THEMES.hcDark)}
  }
}
html, body { margin: 0; height: 100%; background: var(--vscode-editor-background); color: var(--vscode-foreground); }
#app { height: 100vh; }
.pb-fatal { margin: 12px; padding: 8px 12px; color: var(--vscode-errorForeground); border: 1px solid currentColor; white-space: pre-wrap; }
`;
