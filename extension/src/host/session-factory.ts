/**
 * Makes the {@link RunSession} of a fixture run and wires it to the host: its runner (forked, or under the
 * debugger), its plugin log lines in the output channel, its failures as notifications and diagnostics.
 *
 * @module
 */
import * as path from 'node:path';
import type { PlugbenchSettings } from '../core/config';
import { taskRoundText } from '@plugbench/sdk/timeline';
import { RunnerErrorKind, type RunnerRequestError } from '@plugbench/harness/runner';
import { DEBUG_ROUND_TIMEOUT_MS, type RunnerFactory } from './runner-factory';
import { RunSession } from '../session/run-session';
import type { SessionStatus } from '../session/session-types';
import type { VSCode } from '../vscode-types';
import { firstLine } from '../core/first-line';
import type { Log } from './extension-log';
import type { PluginProblems } from './plugin-problems';
import type { Target } from './targets';
import { Uses } from '../core/uses';

/** Plugin log lines a run writes to the output channel (the timeline keeps them all). */
const RUN_LOG_LINES = 2000;

/** What a {@link SessionFactory} needs of the extension. */
export interface SessionFactoryHost {
  readonly runners: RunnerFactory;
  readonly problems: PluginProblems;
  settings(): PlugbenchSettings;
  write: Log;
  showLog(): void;
  openFixture(file: string): void;
}

/** Makes sessions. */
export class SessionFactory extends Uses<{ vscode: VSCode; host: SessionFactoryHost }> {
  /** A session of `target`, not started; `debugging`: its runner runs under the debugger, with no round timeout. */
  create(target: Target, label: string, debugging: boolean): RunSession {
    const { runners } = this.uses.host;
    const settings = this.uses.host.settings();
    const folder = this.uses.vscode.workspace.getWorkspaceFolder(this.uses.vscode.Uri.file(target.file));
    const session = new RunSession({
      fixture: target.file,
      ...(target.task !== undefined ? { task: target.task } : {}),
      label,
      roundTimeoutMs: debugging ? DEBUG_ROUND_TIMEOUT_MS : settings.roundTimeoutMs,
      maxRounds: settings.maxRounds,
      debugging,
      startRunner: () => (debugging ? runners.debug(folder, label) : runners.fork(runners.cwdFor(target.file))),
      log: (level, message) => this.uses.host.write(level, message),
    });
    let logged = 0;
    const name = path.basename(target.file).replace(/\.fixture\.(json|ya?ml)$/i, '');
    session.listen({
      status: (st) => {
        if (st.phase === 'error' && st.error) this.#sessionError(session, st);
        if (st.phase === 'paused' || st.phase === 'finished') this.uses.host.problems.clear(target.file);
        if (st.phase !== 'running' && st.phase !== 'starting')
          this.uses.host.write(st.phase === 'error' ? 'error' : 'info', `${name}: ${st.message}`);
      },
      // The run log: what plugins logged during their calls, as the records bring it.
      append: (records) => {
        for (const r of records) {
          if (r.kind !== 'call' || r.logs.length === 0) continue;
          for (const l of r.logs) {
            if (logged++ === RUN_LOG_LINES)
              this.uses.host.write(
                'info',
                `${name}: more plugin log lines are in the timeline's inspector (the log keeps the first ${RUN_LOG_LINES} of a run)`,
              );
            if (logged > RUN_LOG_LINES) return;
            this.uses.host.write(
              l.level === 'warn' ? 'warn' : l.level === 'error' ? 'error' : l.level === 'debug' ? 'debug' : 'info',
              `${name} ${taskRoundText(r)}: ${l.message}`,
            );
          }
        }
      },
      reset: () => {
        logged = 0;
      },
    });
    return session;
  }

  #sessionError(session: RunSession, st: SessionStatus): void {
    const err = st.error!;
    if (err.kind === RunnerErrorKind.PluginLoad || err.kind === RunnerErrorKind.Fixture)
      this.uses.host.problems.report(session.options.fixture, err as RunnerRequestError['error']);
    const what =
      err.kind === RunnerErrorKind.Fixture
        ? 'invalid fixture'
        : err.kind === RunnerErrorKind.PluginLoad
          ? 'the plugin did not load'
          : err.kind === 'timeout'
            ? 'the plugin stopped answering'
            : 'the run failed';
    void this.uses.vscode.window
      .showErrorMessage(
        `plugbench: ${session.options.label}: ${what}: ${firstLine(err.message)}`,
        'Show Log',
        'Open Fixture',
      )
      .then((c) => {
        if (c === 'Show Log') this.uses.host.showLog();
        if (c === 'Open Fixture') this.uses.host.openFixture(session.options.fixture);
      });
  }
}
