// What the suites share: the activated extension's API and waiting for a condition. Not a suite itself (index.ts
// loads only *.test.js), bundled into each suite by scripts/vscode/build-tests.mjs.
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

/** Polls `fn` every 50 ms until it returns something truthy, which it returns; fails after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
