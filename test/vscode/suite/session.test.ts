// The run session in a real VS Code, as a plugin author meets it: Back at the end of a finished run keeps every
// round and only moves the cursor, ending the debug session of a run is "stopped" (no error, no red status bar),
// and Run again from here replays to the cursor and says how many rounds it dropped; Rerun Last resumes there.
// Each with screenshots in dark, light and both high-contrast themes at 1600x1000 and 1000x700.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlugbenchExtension } from '../../../extension/src/plugbench-extension';
import type { RunSession } from '../../../extension/src/session/run-session';
import { plugbench } from './extension-api';
import { hasDriver } from './driver';
import { screenshotsInThemes } from './screens';
import { until } from './until';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const fixture = (name: string) => path.join(EXAMPLES, 'fixtures', name);

function session(pb: PlugbenchExtension): RunSession {
  const s = pb.panel?.session;
  assert.ok(s, 'no timeline session');
  return s;
}

/** Messages the panel posted to the webview since `from`, by type. */
function postedSince(pb: PlugbenchExtension, from: number): string[] {
  return pb.panel!.sent.slice(from).map((m) => m.type);
}

/** Lines the extension logged as errors since `from` lines ago. */
function errorsSince(pb: PlugbenchExtension, from: number): string[] {
  return pb.recentLog.slice(from).filter((l) => l.startsWith('error '));
}

describe('run session: Back, Stop and Run again from here', function () {
  this.timeout(240000);
  let pb: PlugbenchExtension;
  const debugSessions = new Set<vscode.DebugSession>();
  const subs = [
    vscode.debug.onDidStartDebugSession((s) => debugSessions.add(s)),
    vscode.debug.onDidTerminateDebugSession((s) => debugSessions.delete(s)),
  ];

  before(async () => {
    pb = await plugbench();
    await pb.index.refresh();
  });
  after(async () => {
    for (const d of subs) d.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Back at the end of a finished run keeps every round and moves the cursor', async () => {
    await vscode.commands.executeCommand('plugbench.runFixture', { file: fixture('webapi-quota.fixture.yaml') });
    const s = session(pb);
    await until('the run to finish', () => s.phase === 'finished' || s.phase === 'error', 60000);
    assert.strictEqual(s.phase, 'finished', s.status.message);
    await pb.panel!.whenReady;
    const calls = s.model.calls.length;
    const { runRounds } = s.status;
    assert.ok(runRounds > 2);
    const sent = pb.panel!.sent.length;
    await vscode.commands.executeCommand('plugbench.stepBack');
    assert.strictEqual(s.phase, 'finished', s.status.message);
    assert.strictEqual(s.model.calls.length, calls, 'no round dropped');
    assert.strictEqual(s.cursor, calls - 2);
    assert.strictEqual(s.status.runRound, runRounds - 1);
    const where = `run round ${runRounds - 1} of ${runRounds}`;
    assert.ok(s.status.message.endsWith(`(${where})`), s.status.message);
    // Only the cursor moved: the webview was told where, and got no new load (nothing was replayed).
    assert.deepStrictEqual(postedSince(pb, sent), ['seek', 'status']);
    assert.match(String(pb.statusBar.item.text), new RegExp(`webapi-quota: finished · ${where}$`));
    if (hasDriver()) {
      // The header and the toolbar both name the cursor's run round.
      const files = await screenshotsInThemes('session-back-at-end', where);
      assert.strictEqual(files.length, 16);
    }
  });

  it('Run again from here replays to the cursor, drops the later rounds and says so; Rerun Last resumes there', async () => {
    const s = session(pb);
    assert.strictEqual(s.phase, 'finished');
    const { runRounds } = s.status;
    s.seek(38);
    await vscode.commands.executeCommand('plugbench.runAgainFromHere');
    assert.strictEqual(s.phase, 'paused', s.status.message);
    assert.strictEqual(s.cursor, 38);
    assert.strictEqual(s.model.calls.length, 39, 'the rounds after the cursor are dropped');
    assert.strictEqual(s.status.runRounds, 39);
    assert.match(
      s.status.message,
      new RegExp(`^dropped the ${runRounds - 39} later run rounds, ran again from here: `),
    );
    assert.match(String(pb.statusBar.item.text), /webapi-quota: paused · run round 39 of 39$/);
    assert.strictEqual(pb.history.last?.detail, 'paused at run round 39 of 39');
    if (hasDriver()) await screenshotsInThemes('session-run-again-from-here', `dropped the ${runRounds - 39}`);
    // Rerun Last opens the run where the history says it was, not before round 1.
    pb.panel!.dispose();
    await vscode.commands.executeCommand('plugbench.rerunLast');
    const again = session(pb);
    await until('the run to reopen', () => again.phase === 'paused' || again.phase === 'error', 60000);
    assert.strictEqual(again.phase, 'paused', again.status.message);
    assert.strictEqual(again.cursor, 38);
    assert.strictEqual(again.status.runRound, 39);
  });

  it('a debug session ended by the user (stopDebugging) is "stopped", with no error', async () => {
    pb.panel?.dispose();
    await vscode.commands.executeCommand('plugbench.debugFixture', { file: fixture('webapi-quota.fixture.yaml') });
    const s = session(pb);
    await until('the debugged runner to open the fixture', () => s.phase === 'paused' || s.phase === 'error', 90000);
    assert.strictEqual(s.phase, 'paused', s.status.message);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('plugbench.step');
    assert.strictEqual(s.model.calls.length, 3);
    await pb.panel!.whenReady;
    const logged = pb.recentLog.length;
    await vscode.debug.stopDebugging();
    await until('the run to end', () => s.phase !== 'paused', 30000);
    assert.strictEqual(s.phase, 'stopped', s.status.message);
    assert.strictEqual(s.status.error, undefined);
    assert.match(s.status.message, /^stopped at .*\(run round 3 of 3\): the recorded rounds stay/);
    assert.deepStrictEqual(errorsSince(pb, logged), [], 'nothing was reported as an error');
    assert.ok(!pb.recentLog.some((l) => /exited with code null/.test(l)));
    assert.match(String(pb.statusBar.item.text), /webapi-quota: stopped · run round 3 of 3$/);
    assert.strictEqual(pb.statusBar.item.backgroundColor, undefined, 'the status bar is not red');
    assert.strictEqual(pb.history.last?.outcome, 'stopped');
    assert.strictEqual(pb.history.last?.detail, 'stopped at run round 3 of 3');
    if (hasDriver()) await screenshotsInThemes('session-debug-stopped', 'stopped at');
    // The recorded rounds stay, and Back moves through them.
    await vscode.commands.executeCommand('plugbench.stepBack');
    assert.strictEqual(s.cursor, 1);
    assert.strictEqual(s.model.calls.length, 3);
    await until('the debug sessions to end', () => debugSessions.size === 0, 30000);
  });
});
