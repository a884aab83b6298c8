/**
 * Workspace trust: plugbench runs plugins only in a trusted workspace, because running a fixture bundles and
 * executes the plugin code it names. In restricted mode it says so, with the way out.
 *
 * @module
 */
import type { Disposable, VSCode } from '../vscode-types';
import type { Log } from './extension-log';
import { Uses } from '../core/uses';

/** Whether plugbench may run plugins, and what it says when it may not. */
export class WorkspaceTrust extends Uses<{ vscode: VSCode; write: Log }> {
  get trusted(): boolean {
    return this.uses.vscode.workspace.isTrusted;
  }

  /** Says why nothing runs in restricted mode, with the way out. */
  explainRestricted(): void {
    const message =
      'plugbench runs the plugins of this workspace only when you trust it: running a fixture bundles and executes the plugin code it names. ' +
      'In restricted mode plugbench shows fixtures and reports their problems, but runs nothing.';
    this.uses.write('warn', message);
    void this.uses.vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
      if (choice === 'Manage Workspace Trust') void this.uses.vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  /** Calls `granted` when the user trusts the workspace (the views then offer to run). */
  onGranted(granted: () => void): Disposable {
    return this.uses.vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.uses.write('info', 'the workspace is trusted now: fixtures can run');
      granted();
    });
  }
}
