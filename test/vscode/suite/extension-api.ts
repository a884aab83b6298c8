// The activated extension's API, for the suites. Not a suite itself (index.ts loads only *.test.js), bundled into
// each suite by scripts/vscode/build-tests.mjs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';

/** The extension, activated. */
export async function plugbench(): Promise<PlugbenchExtension> {
  const ext = vscode.extensions.getExtension<{ extension: PlugbenchExtension }>('plugbench.plugbench');
  assert.ok(ext, 'plugbench is not loaded');
  const api = await ext.activate();
  assert.ok(api.extension, 'plugbench failed to activate');
  return api.extension;
}

/** The extension, activated, with its fixture index up to date: what a suite's `before` waits for. */
export async function plugbenchReady(): Promise<PlugbenchExtension> {
  const pb = await plugbench();
  await pb.index.refresh();
  return pb;
}

/** A suite's `after`: the editors closed, its temporary folder `temp` gone, and the index told so. */
export async function closeSuite(pb: PlugbenchExtension, temp: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.rmSync(temp, { recursive: true, force: true });
  await pb.index.refresh();
}
