/**
 * Test pages that stand in for a VS Code webview: the CSP a webview panel will use (`default-src 'none'; script-src
 * 'nonce-...'; style-src 'nonce-...'`), theme variables set on <html> the way VS Code sets them, VS Code's default
 * webview styles for elements, body classes `vscode-dark|vscode-high-contrast|vscode-high-contrast-light`, and the
 * view mounted by a host script.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BROWSER_BUNDLE } from '../../harness/src/report/view-bundle';
import { VSCODE_DARK_CHARTS } from '../../view/src/report-theme';

const root = path.resolve(__dirname, '../..');
let bundled: string | undefined;

/** The page bundle (view + model + generator), built once per process. */
export async function pageBundle(): Promise<string> {
  if (bundled) return bundled;
  const out = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/view/page-main.ts'],
    ...BROWSER_BUNDLE,
  });
  bundled = out.outputFiles[0]!.text;
  return bundled;
}

/** The font, the same in every theme. */
const FONT = { '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px' } as const;

/** A few of the variables VS Code defines, per theme kind (enough to see that the view follows them). */
export const VSCODE_THEMES = {
  // Default Light Modern's (theme-defaults/themes/light_modern.json) and VS Code's light defaults.
  'vscode-light': {
    '--vscode-editor-background': '#ffffff',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-errorForeground': '#f85149',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
    '--vscode-textCodeBlock-background': '#dcdcdc66',
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
  },
  'vscode-dark': {
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-errorForeground': '#f85149',
    '--vscode-focusBorder': '#007fd4',
    '--vscode-panel-border': '#80808059',
    ...VSCODE_DARK_CHARTS,
    '--vscode-textPreformat-foreground': '#d7ba7d',
    '--vscode-textPreformat-background': '#ffffff1a',
    '--vscode-textCodeBlock-background': '#0a0a0a66',
    ...FONT,
  },
  'vscode-high-contrast': {
    '--vscode-editor-background': '#000000',
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-errorForeground': '#f48771',
    '--vscode-focusBorder': '#f38518',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-panel-border': '#6fc3df',
    ...VSCODE_DARK_CHARTS,
    // VS Code pairs these for its own code elements (black on white); the editor's code block is black.
    '--vscode-textPreformat-foreground': '#000000',
    '--vscode-textPreformat-background': '#ffffff',
    '--vscode-textCodeBlock-background': '#000000',
    ...FONT,
  },
  'vscode-high-contrast-light': {
    '--vscode-editor-background': '#ffffff',
    '--vscode-foreground': '#292929',
    '--vscode-descriptionForeground': '#292929',
    '--vscode-errorForeground': '#b5200d',
    '--vscode-focusBorder': '#006bbd',
    '--vscode-contrastBorder': '#0f4a85',
    '--vscode-panel-border': '#0f4a85',
    '--vscode-charts-red': '#b5200d',
    '--vscode-charts-blue': '#0f4a85',
    '--vscode-charts-yellow': '#895503',
    '--vscode-charts-orange': '#895503',
    '--vscode-charts-green': '#374e06',
    '--vscode-charts-purple': '#652d90',
    '--vscode-textPreformat-foreground': '#ffffff',
    '--vscode-textPreformat-background': '#09345f',
    '--vscode-textCodeBlock-background': '#f2f2f2',
    ...FONT,
  },
} as const;

/**
 * The part of the default styles VS Code puts in every webview (its webview/browser/pre/index.html) that styles
 * elements the view uses: a view's own CSS must win over it.
 */
const VSCODE_WEBVIEW_DEFAULT_CSS = `
code { color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
pre code { padding: 0; }
kbd { background-color: var(--vscode-keybindingLabel-background); color: var(--vscode-keybindingLabel-foreground); border: 1px solid var(--vscode-keybindingLabel-border); border-radius: 3px; padding: 1px 3px; }`;

/**
 * Writes a webview-like page to a temp dir and returns its file URL. `hostScript` runs after the bundle, with the
 * nonce, and typically mounts the view (`window.plugbench.mountTimelineView(...)`).
 */
export async function writeWebviewPage(options: {
  theme?: keyof typeof VSCODE_THEMES;
  hostScript: string;
}): Promise<string> {
  const nonce = randomBytes(16).toString('base64');
  const theme = options.theme ?? 'vscode-dark';
  const vars = JSON.stringify(VSCODE_THEMES[theme]);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}';">
<title>webview</title>
<style nonce="${nonce}">${VSCODE_WEBVIEW_DEFAULT_CSS}
html, body { margin: 0; height: 100%; background: var(--vscode-editor-background); } #app { height: 100vh; }</style>
</head><body class="${theme}" data-vscode-theme-kind="${theme}">
<div id="app"></div>
<script nonce="${nonce}">
for (const [k, v] of Object.entries(${vars})) document.documentElement.style.setProperty(k, v);
window.__nonce = ${JSON.stringify(nonce)};
</script>
<script nonce="${nonce}">${(await pageBundle()).replace(/<\/script/gi, '<\\/script')}</script>
<script nonce="${nonce}">${options.hostScript}</script>
</body></html>`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-page-'));
  const file = path.join(dir, 'webview.html');
  writeFileSync(file, html);
  return `file://${file}`;
}
