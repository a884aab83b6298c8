/**
 * The entry VS Code loads: everything lives in {@link PlugbenchExtension}, which receives the API as a value so
 * that it can be tested without VS Code. Activation must never throw: a failure is logged and shown.
 *
 * @module
 */
import * as vscode from 'vscode';
import { PlugbenchExtension } from './plugbench-extension';

let extension: PlugbenchExtension | undefined;

/** VS Code calls this once, on the first activation event. Returns the instance (tests reach it through `exports`). */
export function activate(context: vscode.ExtensionContext): { extension: PlugbenchExtension | undefined } {
  try {
    extension = new PlugbenchExtension(vscode, context);
    context.subscriptions.push({ dispose: () => extension?.dispose() });
    extension.activate().catch((e: unknown) => {
      extension?.write('error', `discovery failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    });
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.error(`plugbench failed to activate: ${message}`);
    void vscode.window.showErrorMessage(`plugbench failed to activate: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { extension };
}

/** Disposes the extension: its runners (child processes), panels and watchers. */
export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
