// Go core.TransitionType (transitiontype_enumer.go) and core.Transition (transition.go).
import assert from 'node:assert/strict';
import {
  EnumError,
  PhaseInfoUndefined,
  Transition,
  TransitionType,
  UnknownTransition,
  create,
  doTransition,
  doTransitionType,
  installClock,
  isATransitionType,
  phaseInfoFailure,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSystemRetryableFailure,
  transitionTypeName,
  transitionTypeString,
  transitionTypeValues,
  TaskLogSchema,
} from '@plugbench/sdk';

describe('contract: TransitionType', () => {
  it('has Ephemeral 0 and Barrier 1', () => {
    assert.deepEqual({ ...TransitionType }, { Ephemeral: 0, Barrier: 1 });
    assert.deepEqual(transitionTypeValues(), [0, 1]);
    const copy = transitionTypeValues();
    copy.length = 0;
    assert.deepEqual(transitionTypeValues(), [0, 1]);
  });

  it('transitionTypeName prints Go names, and TransitionType(n) outside the enum', () => {
    assert.equal(transitionTypeName(TransitionType.Ephemeral), 'TransitionTypeEphemeral');
    assert.equal(transitionTypeName(TransitionType.Barrier), 'TransitionTypeBarrier');
    assert.equal(transitionTypeName(2), 'TransitionType(2)');
    assert.equal(transitionTypeName(5), 'TransitionType(5)');
    assert.equal(transitionTypeName(-1), 'TransitionType(-1)');
    assert.equal(transitionTypeName(0.5), 'TransitionType(0.5)');
    assert.equal(transitionTypeName('1' as never), 'TransitionType(1)');
  });

  it('transitionTypeString parses the Go names', () => {
    assert.equal(transitionTypeString('TransitionTypeEphemeral'), TransitionType.Ephemeral);
    assert.equal(transitionTypeString('TransitionTypeBarrier'), TransitionType.Barrier);
  });

  it("transitionTypeString rejects other names with enumer's message", () => {
    for (const name of ['Barrier', 'transitiontypebarrier', 'TransitionType(1)', '', 'TransitionTypeBarrier ']) {
      assert.throws(
        () => transitionTypeString(name),
        (err: unknown) =>
          err instanceof EnumError && err.message === `${name} does not belong to TransitionType values`,
        name,
      );
    }
  });

  it('isATransitionType accepts 0 and 1 only', () => {
    assert.equal(isATransitionType(0), true);
    assert.equal(isATransitionType(1), true);
    for (const v of [2, 5, -1, 0.5, Number.NaN, '0', '1', null, undefined, true, 1n, {}]) {
      assert.equal(isATransitionType(v), false, String(v));
    }
  });
});

describe('contract: Transition', () => {
  let restore: () => void;
  const pinned = Date.UTC(2024, 0, 2, 3, 4, 5, 120);
  beforeEach(() => {
    restore = installClock({ nowMs: () => pinned });
  });
  afterEach(() => restore());

  it('prints the documented example to the character', () => {
    // transition_test.go ExampleTransition_String
    assert.equal(
      doTransitionType(TransitionType.Barrier, PhaseInfoUndefined).toString(),
      'TransitionTypeBarrier,Phase<PhaseUndefined:0 <nil> Reason:>',
    );
    assert.equal(
      String(doTransitionType(TransitionType.Barrier, PhaseInfoUndefined)),
      'TransitionTypeBarrier,Phase<PhaseUndefined:0 <nil> Reason:>',
    );
  });

  it('prints the info as Go prints a TaskInfo (time.Time.String in UTC, trailing zeros trimmed)', () => {
    const t = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 0));
    assert.equal(
      doTransition(phaseInfoQueued(t, 2, 'submitted')).toString(),
      'TransitionTypeEphemeral,Phase<PhaseQueued:2 Info<@2024-01-02 03:04:05 +0000 UTC> Reason:submitted>',
    );
    // OccurredAt defaulted from the contract clock.
    const logs = [create(TaskLogSchema, { uri: 'https://logs/x', name: 'x' })];
    assert.equal(
      doTransitionType(TransitionType.Barrier, phaseInfoRunning(7, { logs })).toString(),
      'TransitionTypeBarrier,Phase<PhaseRunning:7 Info<@2024-01-02 03:04:05.12 +0000 UTC> Reason:>',
    );
  });

  it('prints the error instead of info and reason when there is one', () => {
    const s = doTransition(phaseInfoFailure('BadInput', 'x must be > 0', undefined)).toString();
    assert.match(s, /^TransitionTypeEphemeral,Phase<PhasePermanentFailure:0 Error:.*>$/);
    // Not byte-exact protobuf text (protobuf-go randomises spacing); these parts are promised.
    assert.match(s, /code:"BadInput"/);
    assert.match(s, /message:"x must be > 0"/);
    assert.match(s, /kind:USER/);
    assert.doesNotMatch(s, /Reason:|Info</);
    assert.match(
      doTransition(phaseInfoSystemRetryableFailure('Boom', 'down', undefined)).toString(),
      /^TransitionTypeEphemeral,Phase<PhaseRetryableFailure:0 Error:.*kind:SYSTEM.*>$/,
    );
  });

  it('doTransition is Ephemeral; doTransitionType keeps the type and the same PhaseInfo', () => {
    const info = phaseInfoRunning(1, undefined);
    const a = doTransition(info);
    assert.equal(a.type, TransitionType.Ephemeral);
    assert.equal(a.info, info);
    const b = doTransitionType(TransitionType.Barrier, info);
    assert.equal(b.type, TransitionType.Barrier);
    assert.equal(b.info, info);
    assert.ok(a instanceof Transition);
  });

  it('UnknownTransition is Ephemeral with PhaseInfoUndefined', () => {
    assert.equal(UnknownTransition.type, TransitionType.Ephemeral);
    assert.equal(UnknownTransition.info, PhaseInfoUndefined);
    assert.equal(UnknownTransition.toString(), 'TransitionTypeEphemeral,Phase<PhaseUndefined:0 <nil> Reason:>');
  });

  it('is immutable', () => {
    const t = doTransition(PhaseInfoUndefined);
    assert.ok(Object.isFrozen(t));
    assert.throws(() => {
      (t as { type: number }).type = 1;
    }, TypeError);
  });
});
