// Go core.PhaseInfo and its constructors (core/phase.go), with the signatures of the API
// document. Differences from Flyte pinned here (README "Differences from Flyte"): constructors copy the caller's
// TaskInfo instead of mutating it; the error text of toString is not byte-exact protobuf text.
import assert from 'node:assert/strict';
import {
  DefaultPhaseVersion,
  ExecutionErrorSchema,
  ExecutionError_ErrorKind,
  InvalidArgumentError,
  Phase,
  PhaseInfo,
  PhaseInfoUndefined,
  SystemErrorCode,
  TaskLogSchema,
  create,
  currentClock,
  installClock,
  now,
  phaseInfoFailed,
  phaseInfoFailure,
  phaseInfoInitializing,
  phaseInfoNotReady,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoSystemFailure,
  phaseInfoSystemRetryableFailure,
  phaseInfoWaitingForResources,
  systemClock,
  type TaskInfo,
} from '@plugbench/sdk';

const PINNED = Date.UTC(2024, 4, 6, 7, 8, 9, 10);
const T = new Date(Date.UTC(2023, 0, 1));
const { USER, SYSTEM, UNKNOWN } = ExecutionError_ErrorKind;

/** A TaskInfo with everything but occurredAt, and a deep snapshot to compare it against afterwards. */
function callerInfo(): { info: TaskInfo; snapshot: string } {
  const info: TaskInfo = {
    logs: [create(TaskLogSchema, { uri: 'https://logs/1', name: 'driver' })],
    customInfo: { attempt: 1, tags: ['a'] },
  };
  return { info, snapshot: JSON.stringify(info) };
}

interface Expected {
  phase: Phase;
  version: number;
  reason: string;
  err?: { code: string; message: string; kind: ExecutionError_ErrorKind };
}

/** A constructor, called the way a plugin calls it, with what it must produce. */
interface ConstructorCase {
  name: string;
  make: (info: TaskInfo | undefined) => PhaseInfo;
  takesInfo: boolean;
  expected: Expected;
}

/** A constructor of a failure from a code and a message: version 0, no reason, the error as given. */
function failureCase(
  make: (code: string, message: string, info?: TaskInfo) => PhaseInfo,
  code: string,
  message: string,
  phase: Phase,
  kind: ExecutionError_ErrorKind,
): ConstructorCase {
  return {
    name: make.name,
    make: (info) => make(code, message, info),
    takesInfo: true,
    expected: { phase, version: 0, reason: '', err: { code, message, kind } },
  };
}

/** Every constructor of the API document, called the way a plugin calls it, with what it must produce. */
const constructors: ConstructorCase[] = [
  {
    name: 'phaseInfoNotReady',
    make: () => phaseInfoNotReady(T, 3, 'not yet'),
    takesInfo: false,
    expected: { phase: Phase.NotReady, version: 3, reason: 'not yet' },
  },
  {
    name: 'phaseInfoWaitingForResources',
    make: () => phaseInfoWaitingForResources(T, 4, 'quota'),
    takesInfo: false,
    expected: { phase: Phase.WaitingForResources, version: 4, reason: 'quota' },
  },
  {
    name: 'phaseInfoQueued',
    make: () => phaseInfoQueued(T, 5, 'queued'),
    takesInfo: false,
    expected: { phase: Phase.Queued, version: 5, reason: 'queued' },
  },
  {
    name: 'phaseInfoInitializing',
    make: (info) => phaseInfoInitializing(T, 6, 'pulling image', info),
    takesInfo: true,
    expected: { phase: Phase.Initializing, version: 6, reason: 'pulling image' },
  },
  {
    name: 'phaseInfoRunning',
    make: (info) => phaseInfoRunning(7, info),
    takesInfo: true,
    expected: { phase: Phase.Running, version: 7, reason: '' },
  },
  {
    name: 'phaseInfoSuccess',
    make: (info) => phaseInfoSuccess(info),
    takesInfo: true,
    expected: { phase: Phase.Success, version: 0, reason: '' },
  },
  {
    name: 'phaseInfoFailed',
    make: (info) =>
      phaseInfoFailed(
        Phase.RetryableFailure,
        create(ExecutionErrorSchema, { code: 'C', message: 'M', kind: SYSTEM }),
        info,
      ),
    takesInfo: true,
    expected: { phase: Phase.RetryableFailure, version: 0, reason: '', err: { code: 'C', message: 'M', kind: SYSTEM } },
  },
  failureCase(phaseInfoFailure, 'BadInput', 'x must be positive', Phase.PermanentFailure, USER),
  failureCase(phaseInfoSystemFailure, SystemErrorCode, 'cluster gone', Phase.PermanentFailure, SYSTEM),
  failureCase(phaseInfoRetryableFailure, 'Flaky', 'try again', Phase.RetryableFailure, USER),
  failureCase(phaseInfoSystemRetryableFailure, 'Throttled', '429', Phase.RetryableFailure, SYSTEM),
];

function assertShape(pi: PhaseInfo, e: Expected): void {
  assert.ok(pi instanceof PhaseInfo);
  assert.equal(pi.phase, e.phase);
  assert.equal(pi.version, e.version);
  assert.equal(pi.reason, e.reason);
  if (e.err === undefined) {
    assert.equal(pi.err, undefined);
  } else {
    assert.ok(pi.err !== undefined);
    assert.equal(pi.err.code, e.err.code);
    assert.equal(pi.err.message, e.err.message);
    assert.equal(pi.err.kind, e.err.kind);
  }
}

describe('contract: PhaseInfo constructors', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = installClock({ nowMs: () => PINNED });
  });
  afterEach(() => restore());

  for (const c of constructors) {
    describe(c.name, () => {
      it('sets phase, version, reason and error as Flyte does', () => {
        assertShape(c.make(undefined), c.expected);
      });

      if (!c.takesInfo) {
        it('reports info {occurredAt: t}', () => {
          const pi = c.make(undefined);
          assert.deepEqual(pi.info, { occurredAt: T });
        });
        return;
      }

      it('without info, makes one whose occurredAt is "now" of the contract clock', () => {
        const pi = c.make(undefined);
        assert.deepEqual(pi.info, { occurredAt: new Date(PINNED) });
      });

      it("defaults a missing occurredAt on a copy, leaving the caller's TaskInfo untouched", () => {
        const { info, snapshot } = callerInfo();
        const pi = c.make(info);
        assert.equal(info.occurredAt, undefined, "the caller's TaskInfo was mutated");
        assert.equal(JSON.stringify(info), snapshot);
        assert.notEqual(pi.info, info);
        assert.deepEqual(pi.info, { ...info, occurredAt: new Date(PINNED) });
        assert.equal(pi.info?.logs, info.logs, 'logs are carried over');
      });

      it('keeps an occurredAt the caller set', () => {
        const { info } = callerInfo();
        info.occurredAt = T;
        const pi = c.make(info);
        assert.equal(pi.info?.occurredAt, T);
        assert.deepEqual(pi.info, info);
      });
    });
  }

  it('phaseInfoInitializing ignores t, as Flyte does (it later dropped the parameter)', () => {
    const pi = phaseInfoInitializing(T, 1, 'r', undefined);
    assert.deepEqual(pi.info, { occurredAt: new Date(PINNED) });
  });

  it('phaseInfoFailed takes any phase and keeps a missing error missing (Flyte v1; the executor defaults it)', () => {
    const pi = phaseInfoFailed(Phase.Running, undefined, undefined);
    assert.equal(pi.phase, Phase.Running);
    assert.equal(pi.err, undefined);
    assert.equal(pi.version, 0);
    const unknownKind = phaseInfoFailed(
      Phase.PermanentFailure,
      create(ExecutionErrorSchema, { code: 'X', message: 'y' }),
      undefined,
    );
    assert.equal(unknownKind.err?.kind, UNKNOWN);
  });

  it('"now" follows the installed clock at construction time, and restore puts the previous clock back', () => {
    let ms = 1000;
    const restoreInner = installClock({ nowMs: () => ms });
    try {
      assert.deepEqual(phaseInfoRunning(0, undefined).info?.occurredAt, new Date(1000));
      ms = 2000;
      assert.deepEqual(phaseInfoSuccess(undefined).info?.occurredAt, new Date(2000));
      assert.deepEqual(now(), new Date(2000));
    } finally {
      restoreInner();
    }
    assert.equal(currentClock().nowMs(), PINNED);
  });

  it('without an installed clock, "now" is the wall clock', () => {
    restore();
    try {
      assert.equal(currentClock(), systemClock);
      const before = Date.now();
      const at = phaseInfoRunning(0, undefined).info?.occurredAt?.getTime() ?? 0;
      assert.ok(at >= before && at <= Date.now());
    } finally {
      restore = installClock({ nowMs: () => PINNED });
    }
  });
});

describe('contract: PhaseInfo', () => {
  it('PhaseInfoUndefined is phase Undefined, version 0, no info, no error, no reason', () => {
    assert.equal(PhaseInfoUndefined.phase, Phase.Undefined);
    assert.equal(PhaseInfoUndefined.version, DefaultPhaseVersion);
    assert.equal(PhaseInfoUndefined.info, undefined);
    assert.equal(PhaseInfoUndefined.err, undefined);
    assert.equal(PhaseInfoUndefined.reason, '');
    assert.equal(PhaseInfoUndefined.toString(), 'Phase<PhaseUndefined:0 <nil> Reason:>');
  });

  it('DefaultPhaseVersion and SystemErrorCode have Go values', () => {
    assert.equal(DefaultPhaseVersion, 0);
    assert.equal(SystemErrorCode, 'SystemError');
  });

  it('is immutable', () => {
    const pi = phaseInfoRunning(1, undefined);
    assert.ok(Object.isFrozen(pi));
    assert.ok(Object.isFrozen(PhaseInfoUndefined));
    assert.throws(() => {
      (pi as { version: number }).version = 2;
    }, TypeError);
  });

  it('accepts versions 0..2^32-1 (uint32)', () => {
    assert.equal(phaseInfoRunning(0, undefined).version, 0);
    assert.equal(phaseInfoRunning(0xffffffff, undefined).version, 0xffffffff);
    assert.equal(phaseInfoQueued(T, 100000, '').version, 100000);
  });

  const badVersions: Array<[string, number]> = [
    ['negative', -1],
    ['over uint32', 2 ** 32],
    ['non-integer', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
  ];
  for (const [what, v] of badVersions) {
    it(`rejects a ${what} version (${v}) in every version-taking constructor and withVersion`, () => {
      const isBad = (err: unknown) =>
        err instanceof InvalidArgumentError && err.message.includes(String(v)) && /phase version/.test(err.message);
      assert.throws(() => phaseInfoRunning(v, undefined), isBad);
      assert.throws(() => phaseInfoNotReady(T, v, ''), isBad);
      assert.throws(() => phaseInfoWaitingForResources(T, v, ''), isBad);
      assert.throws(() => phaseInfoQueued(T, v, ''), isBad);
      assert.throws(() => phaseInfoInitializing(T, v, '', undefined), isBad);
      assert.throws(() => phaseInfoRunning(1, undefined).withVersion(v), isBad);
    });
  }
  it('rejects a version that is not a number', () => {
    assert.throws(() => phaseInfoRunning('1' as never, undefined), InvalidArgumentError);
  });

  it('withVersion copies phase, reason, error and the same info with a new version', () => {
    const a = phaseInfoQueued(T, 1, 'r');
    const b = a.withVersion(9);
    assert.notEqual(a, b);
    assert.equal(a.version, 1);
    assert.equal(b.version, 9);
    assert.equal(b.phase, a.phase);
    assert.equal(b.reason, a.reason);
    assert.equal(b.info, a.info);
    const f = phaseInfoFailure('c', 'm', undefined).withVersion(2);
    assert.equal(f.err?.code, 'c');
  });

  it('toString prints phase, version, info and reason, or the error', () => {
    const at = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 100));
    assert.equal(
      phaseInfoQueued(at, 2, 'in line').toString(),
      'Phase<PhaseQueued:2 Info<@2024-01-02 03:04:05.1 +0000 UTC> Reason:in line>',
    );
    assert.equal(
      phaseInfoRunning(3, { occurredAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 7)) }).toString(),
      'Phase<PhaseRunning:3 Info<@2024-01-02 03:04:05.007 +0000 UTC> Reason:>',
    );
    // Go's layout pads the year to four digits.
    const early = new Date(Date.UTC(2000, 0, 2, 3, 4, 5));
    early.setUTCFullYear(999);
    assert.equal(
      phaseInfoQueued(early, 0, '').toString(),
      'Phase<PhaseQueued:0 Info<@0999-01-02 03:04:05 +0000 UTC> Reason:>',
    );
    // The text form of the error is not byte-exact protobuf text; it has Go's fields.
    assert.equal(
      phaseInfoSystemFailure('SystemError', 'say "hi"', undefined).toString(),
      'Phase<PhasePermanentFailure:0 Error:code:"SystemError" message:"say \\"hi\\"" kind:SYSTEM>',
    );
    // Go's prototext leaves a zero enum out.
    assert.equal(
      phaseInfoFailed(
        Phase.PermanentFailure,
        create(ExecutionErrorSchema, { code: 'c', message: 'm' }),
        undefined,
      ).toString(),
      'Phase<PhasePermanentFailure:0 Error:code:"c" message:"m">',
    );
  });
});
