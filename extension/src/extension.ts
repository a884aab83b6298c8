import * as vscode from 'vscode';

// Placeholder so the integration-test infrastructure has something to load; the real extension replaces it.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('plugbench.hello', () => vscode.window.showInformationMessage('plugbench: hello')),
  );
}

export function deactivate(): void {}
