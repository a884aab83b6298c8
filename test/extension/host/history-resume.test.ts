// Rerun Last and History resume a run where its entry says it was: "paused at run round 2 of 3" reopens replayed to
// its rounds, paused at that round, not before round 1. Finished and failed runs run again from the start.
import assert from 'node:assert/strict';
import { RunHistory } from '../../../extension/src/core/history';
import { HistoryCommands, type HistoryHost } from '../../../extension/src/host/history-commands';
import { RunRecorder, type ResumeAt, type SessionStart } from '../../../extension/src/host/run-recorder';
import type { RunSession } from '../../../extension/src/session/run-session';
import type { SessionStatus } from '../../../extension/src/session/session-types';
import type { Target } from '../../../extension/src/host/targets';
import type { RunStatusBar } from '../../../extension/src/views/status-bar';
import type { VSCode } from '../../../extension/src/vscode-types';
import { createFakeVscode } from '../fake-vscode';

/** A session as the recorder sees it: its status. */
function sessionAt(status: Partial<SessionStatus>): RunSession {
  const st: SessionStatus = {
    phase: 'paused',
    rounds: 0,
    calls: 0,
    cursor: -1,
    runRound: 0,
    runRounds: 0,
    message: '',
    ...status,
  };
  return { status: st } as unknown as RunSession;
}

describe('history: resuming a run where it was', () => {
  const target: Target = { file: '/w/quota.fixture.yaml' };
  let history: RunHistory;
  let recorder: RunRecorder;
  let runs: { target: Target; mode: SessionStart; at: ResumeAt | undefined }[];
  let commands: HistoryCommands;

  beforeEach(() => {
    history = new RunHistory();
    recorder = new RunRecorder({ history, statusBar: {} as RunStatusBar, write: () => undefined });
    runs = [];
    const host: HistoryHost = {
      history,
      index: { get: () => ({}) } as unknown as HistoryHost['index'],
      tests: {} as HistoryHost['tests'],
      trusted: true,
      explainRestricted: () => undefined,
      runFixture: async (t, mode, at) => {
        runs.push({ target: t, mode, at });
        return undefined;
      },
    };
    commands = new HistoryCommands({ vscode: createFakeVscode().vscode as unknown as VSCode, host });
  });

  it('records where a paused run is, in run rounds, and reopens it there', async () => {
    const s = sessionAt({ phase: 'paused', rounds: 39, calls: 41, cursor: 38, runRound: 39, runRounds: 39 });
    recorder.sessionStarted(s, target, 'quota.fixture.yaml', 'step');
    recorder.progress(s);
    assert.equal(history.last?.outcome, 'stopped');
    assert.equal(history.last?.detail, 'paused at run round 39 of 39');
    await commands.rerun(history.last);
    assert.deepEqual(runs, [{ target, mode: 'step', at: { rounds: 39, cursor: 38 } }]);
  });

  it('keeps the cursor a Back moved to, and a stopped run resumes there too', async () => {
    const s = sessionAt({ phase: 'paused', rounds: 10, calls: 10, cursor: 9, runRound: 10, runRounds: 10 });
    recorder.sessionStarted(s, target, 'quota.fixture.yaml', 'run');
    recorder.progress(s);
    Object.assign(s.status, { phase: 'stopped', cursor: 4, runRound: 5 });
    recorder.progress(s);
    assert.equal(history.last?.detail, 'stopped at run round 5 of 10');
    await commands.rerun(history.last);
    assert.deepEqual(runs[0]!.at, { rounds: 10, cursor: 4 });
    assert.equal(runs[0]!.mode, 'run');
  });

  it('runs a finished or failed run again from the start, as it was run', async () => {
    const s = sessionAt({ phase: 'finished', rounds: 92, calls: 92, cursor: 91, runRound: 92, runRounds: 92 });
    recorder.sessionStarted(s, target, 'quota.fixture.yaml', 'run');
    recorder.progress(s);
    await commands.rerun(history.last);
    assert.deepEqual(runs, [{ target, mode: 'run', at: undefined }]);
  });

  it('keeps 50 runs unless told otherwise', () => {
    for (let i = 0; i < 60; i++) history.start({ kind: 'run', fixture: `/w/${i}`, label: `${i}` });
    assert.equal(history.entries.length, 50);
    history.setLimit(20);
    assert.equal(history.entries.length, 20);
    assert.equal(history.last?.label, '59');
  });
});
