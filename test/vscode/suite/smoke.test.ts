import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { hasDriver, runFromPalette, screenshot } from './driver';

describe('smoke: the extension in a real VS Code', () => {
  it('runs inside code-server, not a mock', () => {
    assert.strictEqual(vscode.env.appName, 'code-server');
  });

  it('finds and activates plugbench.plugbench', async () => {
    const ext = vscode.extensions.getExtension('plugbench.plugbench');
    assert.ok(ext, 'extension plugbench.plugbench is not loaded');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('screenshots a webview', async function () {
    if (!hasDriver()) this.skip();
    const panel = vscode.window.createWebviewPanel('plugbench.smoke', 'plugbench smoke', vscode.ViewColumn.One, {});
    panel.webview.html =
      '<!DOCTYPE html><html><body style="font-family:sans-serif">' +
      '<h1>plugbench smoke webview</h1><p style="color:#2a7">rendered by the real workbench</p></body></html>';
    try {
      const files = await screenshot('smoke-webview', 'plugbench smoke webview');
      assert.strictEqual(files.length, 2);
      for (const f of files) assert.ok(fs.statSync(f).size > 1000, `${f} looks empty`);
    } finally {
      panel.dispose();
    }
  });

  it('runs a command from the palette', async function () {
    if (!hasDriver()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await runFromPalette('File: New Untitled Text File');
    const deadline = Date.now() + 10000;
    while (vscode.window.activeTextEditor?.document.uri.scheme !== 'untitled' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.scheme, 'untitled');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
