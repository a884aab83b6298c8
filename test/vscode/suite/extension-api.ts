// The activated extension's API, for the suites. Not a suite itself (index.ts loads only *.test.js), bundled into
// each suite by scripts/vscode/build-tests.mjs.
import * as assert from 'assert';
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
