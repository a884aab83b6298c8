// Go core.Phase and its enumer helpers (phase.go, phase_enumer.go).
import assert from 'node:assert/strict';
import {
  EnumError,
  Phase,
  Phases,
  isAPhase,
  isFailure,
  isSuccess,
  isTerminal,
  isWaitingForResources,
  phaseName,
  phaseString,
  phaseValues,
} from '@plugbench/sdk';

// Go's order and numbers; the k8s array plugin packs these numbers into bit arrays, so they are part of the contract.
const goPhases: Array<[string, number]> = [
  ['PhaseUndefined', 0],
  ['PhaseNotReady', 1],
  ['PhaseWaitingForResources', 2],
  ['PhaseQueued', 3],
  ['PhaseInitializing', 4],
  ['PhaseRunning', 5],
  ['PhaseSuccess', 6],
  ['PhaseRetryableFailure', 7],
  ['PhasePermanentFailure', 8],
];

describe('contract: Phase', () => {
  it('has the nine phases of the API document with Go numbers, members named without the prefix', () => {
    assert.deepEqual(
      Object.entries(Phase).map(([k, v]) => [`Phase${k}`, v]),
      goPhases,
    );
  });

  it('Phases and phaseValues() list every phase in order; phaseValues() is a fresh copy', () => {
    assert.deepEqual(
      [...Phases],
      goPhases.map(([, v]) => v),
    );
    assert.deepEqual(phaseValues(), [...Phases]);
    const copy = phaseValues();
    copy.pop();
    assert.equal(phaseValues().length, 9);
    assert.ok(Object.isFrozen(Phases));
  });

  it('phaseName prints the Go identifier, and Phase(n) outside the enum', () => {
    for (const [name, value] of goPhases) assert.equal(phaseName(value), name);
    assert.equal(phaseName(9), 'Phase(9)');
    assert.equal(phaseName(12), 'Phase(12)');
    assert.equal(phaseName(-1), 'Phase(-1)');
    assert.equal(phaseName(1.5), 'Phase(1.5)');
    // A caller without types: a string is not a phase, even one that looks like a phase number.
    assert.equal(phaseName('5' as never), 'Phase(5)');
    assert.equal(phaseName(undefined as never), 'Phase(undefined)');
  });

  it('phaseString parses the exact Go identifiers', () => {
    for (const [name, value] of goPhases) assert.equal(phaseString(name), value);
  });

  it("phaseString rejects other names with enumer's message", () => {
    for (const name of [
      'Running',
      'phaserunning',
      'PHASERUNNING',
      ' PhaseRunning',
      'PhaseWaitingForCache',
      'PhaseAborted',
      '',
      'Phase(1)',
    ]) {
      assert.throws(
        () => phaseString(name),
        (err: unknown) => {
          assert.ok(err instanceof EnumError, `${name}: ${String(err)}`);
          assert.equal(err.message, `${name} does not belong to Phase values`);
          assert.equal(err.code, 'Enum');
          return true;
        },
      );
    }
  });

  it('isAPhase accepts the nine numbers only', () => {
    for (const [, v] of goPhases) assert.equal(isAPhase(v), true);
    for (const v of [9, 10, 12, -1, 1.5, Number.NaN, Infinity, '1', '', null, undefined, {}, [1], 1n, true]) {
      assert.equal(isAPhase(v), false, String(v));
    }
  });

  it('isTerminal: success and both failures; not the other six', () => {
    const terminal = new Set<number>([Phase.Success, Phase.RetryableFailure, Phase.PermanentFailure]);
    for (const p of Phases) assert.equal(isTerminal(p), terminal.has(p), phaseName(p));
  });

  it('isFailure, isSuccess and isWaitingForResources', () => {
    for (const p of Phases) {
      assert.equal(isFailure(p), p === Phase.RetryableFailure || p === Phase.PermanentFailure, phaseName(p));
      assert.equal(isSuccess(p), p === Phase.Success, phaseName(p));
      assert.equal(isWaitingForResources(p), p === Phase.WaitingForResources, phaseName(p));
    }
  });

  it('the predicates are false for numbers outside the enum', () => {
    for (const v of [9, 12, -1]) {
      const p = v as Phase;
      assert.equal(isTerminal(p), false);
      assert.equal(isFailure(p), false);
      assert.equal(isSuccess(p), false);
    }
  });
});
