// Fault injection (issue 3): each kind of fault, declarative or scripted, is named in the `faults` of the call it
// fired in, and has its effect — throw (a round error), lose-state-write (the next round reads the old state),
// resource-error and resource-status (the manager's answer replaced), secret-missing, event-sink-fails (a round
// error after the recorded events went out), slow-call (a round timeout when slower than it).
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  doTransition,
  InjectedFaultError,
  now,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  type CallSite,
  type Fault,
} from '@plugbench/sdk';
import { calls, handles, runOne, sentEvents, steps, testPlugin } from '../../support/plugins';

/** Running with a new version each round; puts its round number. */
const counting = () =>
  testPlugin('p', (tCtx, n) => {
    tCtx.pluginStateWriter().put(1, { n });
    return doTransition(phaseInfoRunning(n));
  });

describe('executor: faults', () => {
  it('throw on round N: the plugin is not called, the round is a round error', async () => {
    const p = counting();
    const { ex } = await runOne(p, { faults: [{ kind: 'throw', round: 2, message: 'boom on 2' }] });
    await steps(ex, 3);
    const r = handles(ex)[1]!;
    assert.deepEqual(r.faults, ['throw']);
    assert.equal(r.decision?.code, 'round-error');
    assert.equal(r.error?.code, 'InjectedFault');
    assert.equal(r.error?.message, 'boom on 2');
    assert.equal(p.count('handle'), 2, 'Handle ran in rounds 1 and 3 only');
    assert.equal(handles(ex)[0]!.faults, undefined, 'rounds where nothing fired name no fault');
  });

  it('throw in Abort or Finalize (call: abort | finalize)', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoSuccess()));
    const { ex, id } = await runOne(p, { faults: [{ kind: 'throw', call: 'finalize', times: 1 }] });
    await ex.runUntil({ maxRounds: 10 });
    const fins = calls(ex).filter((r) => r.call === 'finalize');
    assert.deepEqual(
      fins.map((r) => [r.faults, r.error?.code]),
      [
        [['throw'], 'InjectedFault'],
        [undefined, undefined],
      ],
    );
    assert.equal(ex.task(id).nodePhase, 'Succeeded');
  });

  it('lose-state-write: the event went out, but the next round reads the previous phase and state', async () => {
    const p = counting();
    const { ex } = await runOne(p, { faults: [{ kind: 'lose-state-write', round: 2 }] });
    await steps(ex, 3);
    const lost = handles(ex)[1]!;
    assert.deepEqual(lost.faults, ['lose-state-write']);
    assert.equal(lost.decision?.code, 'write-lost');
    assert.deepEqual(lost.pluginPhase, { phase: 'Running', version: 1 });
    assert.deepEqual(p.seen[2]!.state, { n: 1 });
    assert.deepEqual(sentEvents(ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:3']);
  });

  it('resource-error: the allocation rejects with the injected error', async () => {
    const seen: string[] = [];
    const p = testPlugin('p', async (tCtx) => {
      try {
        seen.push(await tCtx.resourceManager().allocateResource('pool', 'tok', {}));
      } catch (e) {
        seen.push(e instanceof InjectedFaultError ? `rejected: ${e.message}` : 'other');
      }
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p, {
      faults: [{ kind: 'resource-error', op: 'allocate', round: 1, message: 'redis is down' }],
    });
    await steps(ex, 2);
    assert.deepEqual(seen, ['rejected: redis is down', AllocationStatus.Granted]);
    const r = handles(ex)[0]!;
    assert.deepEqual(r.faults, ['resource-error']);
    assert.equal(r.resources[0]!.intercepted, true);
    assert.equal(r.resources[0]!.error?.message, 'redis is down');
  });

  it('resource-status: the allocation answers the given status instead of the manager', async () => {
    const seen: string[] = [];
    const p = testPlugin('p', async (tCtx) => {
      seen.push(await tCtx.resourceManager().allocateResource('pool', 'tok', {}));
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p, {
      faults: [{ kind: 'resource-status', status: AllocationStatus.Exhausted, round: 1 }],
    });
    await steps(ex, 2);
    assert.deepEqual(seen, [AllocationStatus.Exhausted, AllocationStatus.Granted]);
    assert.deepEqual(handles(ex)[0]!.faults, ['resource-status']);
    assert.equal(handles(ex)[0]!.resources[0]!.status, 'ResourceExhausted');
  });

  it('secret-missing: the secret manager rejects for that key only', async () => {
    const seen: string[] = [];
    const p = testPlugin('p', async (tCtx) => {
      for (const key of ['token', 'other']) {
        try {
          seen.push(`${key}=${await tCtx.secretManager().get(key)}`);
        } catch (e) {
          seen.push(`${key}: ${(e as Error).message}`);
        }
      }
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p, {
      secrets: { env: { FLYTE_SECRET_token: 'tok-value', FLYTE_SECRET_other: 'other-value' } },
      faults: [{ kind: 'secret-missing', key: 'token', round: 1 }],
    });
    await steps(ex, 2);
    assert.deepEqual(seen, [
      'token: injected: secret [token] is missing',
      'other=other-value',
      'token=tok-value',
      'other=other-value',
    ]);
    assert.deepEqual(handles(ex)[0]!.faults, ['secret-missing']);
  });

  it('event-sink-fails: the recorded events went out, the transition event is refused, the round errors', async () => {
    const p = testPlugin('p', async (tCtx, n) => {
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(now(), 10 + n, 'raw'));
      tCtx.pluginStateWriter().put(1, { n });
      return doTransition(phaseInfoRunning(n));
    });
    const { ex } = await runOne(p, { faults: [{ kind: 'event-sink-fails', round: 1 }] });
    await steps(ex, 2);
    const r = handles(ex)[0]!;
    assert.deepEqual(r.faults, ['event-sink-fails']);
    assert.equal(r.decision?.code, 'round-error');
    assert.equal(r.error?.source, 'event');
    assert.deepEqual(
      r.events.map((e) => `${e.source}:${e.phase}:${e.version}`),
      ['raw:QUEUED:11'],
    );
    assert.equal(r.state?.persisted, false);
    assert.equal(r.failedAttempts, 1);
    assert.equal(p.seen[1]!.state, undefined, 'nothing of the round persisted');
  });

  it('slow-call: slower than the round timeout is a round error; faster is only a slow call', async () => {
    const p = counting();
    const { ex } = await runOne(p, {
      roundTimeoutMs: 40,
      faults: [
        { kind: 'slow-call', round: 1, delayMs: 100 },
        { kind: 'slow-call', round: 2, delayMs: 5 },
      ],
    });
    await steps(ex, 2);
    const [slow, fine] = handles(ex);
    assert.deepEqual(slow!.faults, ['slow-call']);
    assert.equal(slow!.error?.code, 'RoundTimeout');
    assert.deepEqual(fine!.faults, ['slow-call']);
    assert.equal(fine!.decision?.code, 'event');
    assert.ok(fine!.wallMs >= 4);
  });

  it('faults can be matched by task, attempt, a round range, and a number of times', async () => {
    const p = counting();
    const { ex } = await runOne(p, {
      faults: [
        { kind: 'throw', task: 'someone-else' },
        { kind: 'throw', attempt: 3 },
        { kind: 'throw', round: '2-5', times: 2 },
      ],
    });
    await steps(ex, 6);
    assert.deepEqual(
      handles(ex).map((r) => r.decision?.code),
      ['event', 'round-error', 'round-error', 'event', 'event', 'event'],
    );
  });

  it('a fault script decides per call, from the task, round, attempt and call', async () => {
    const sites: CallSite[] = [];
    const script = (site: CallSite): Fault[] | undefined => {
      sites.push(site);
      return site.round === 2 ? [{ kind: 'throw', message: 'scripted' }] : undefined;
    };
    const p = counting();
    const { ex, id } = await runOne(p, { faults: script });
    await steps(ex, 2);
    ex.abort(id);
    await ex.runUntil({ maxRounds: 10 });
    assert.equal(handles(ex)[1]!.error?.message, 'scripted');
    assert.deepEqual(
      sites.map((s) => `${s.task}:${s.round}:${s.attempt}:${s.call}`),
      ['t:1:0:handle', 't:2:0:handle', 't:3:0:abort', 't:3:0:finalize'],
    );
  });
});
