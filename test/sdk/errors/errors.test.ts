// @plugbench/sdk/errors: the ports of Go flytestdlib/errors/error_test.go (TestErrorf, TestWrapf, TestGetErrorCode,
// TestIsCausedBy, TestIsCausedByError, TestErrorsIs) over the codes of flyteplugins/go/tasks/errors/errors.go, and the
// executor reporting a thrown PluginError with its code.
import assert from 'node:assert/strict';
import {
  ErrorCode,
  errorf,
  getErrorCode,
  isCausedBy,
  isCausedByError,
  PluginError,
  sprintf,
  wrapf,
} from '@plugbench/sdk/errors';
import { calls, runOne, testPlugin } from '../../support/plugins';

describe('sdk/errors: Go flyteplugins/go/tasks/errors', () => {
  it('has the codes of errors.go, CacheFailed with its value AutoRefreshCacheFailed', () => {
    assert.equal(ErrorCode.CacheFailed, 'AutoRefreshCacheFailed');
    assert.equal(ErrorCode.TaskFailedWithError, 'TaskFailedWithError');
    assert.equal(Object.keys(ErrorCode).length, 13);
  });

  it('errorf: "[Code1] msg" (TestErrorf)', () => {
    const e = errorf('Code1', 'msg');
    assert.equal(e.message, '[Code1] msg');
    assert.equal(e.code, 'Code1');
    assert.ok(e instanceof PluginError && e instanceof Error);
  });

  it('wrapf: "[Code1] msg, caused by: test error" (TestWrapf)', () => {
    const cause = new Error('test error');
    const e = wrapf('Code1', cause, 'msg');
    assert.equal(e.message, '[Code1] msg, caused by: test error');
    assert.equal(e.cause, cause);
    assert.equal(e.detail, 'msg');
  });

  it('getErrorCode (TestGetErrorCode), and undefined for an error without a code', () => {
    assert.equal(getErrorCode(errorf('Code1', 'msg')), 'Code1');
    assert.equal(getErrorCode(new Error('x')), undefined);
    assert.equal(getErrorCode('Code1'), undefined);
  });

  it('isCausedBy follows the cause chain, through plain errors too (TestIsCausedBy)', () => {
    let e: Error = errorf('Code1', 'msg');
    e = wrapf('Code2', e, 'msg');
    assert.ok(isCausedBy(e, 'Code1'));
    assert.ok(isCausedBy(e, 'Code2'));
    e = new Error('new err caused by', { cause: e });
    assert.ok(isCausedBy(e, 'Code1'));
    assert.ok(!isCausedBy(new Error('not sharing code err'), 'Code1'));
  });

  it('isCausedByError: the error itself, or one of its code, in the chain (TestIsCausedByError, TestErrorsIs)', () => {
    const root = errorf('Code1', 'msg');
    const e1 = wrapf('Code2', root, 'msg');
    const e2 = wrapf('Code3', e1, 'msg');
    assert.ok(isCausedByError(e1, root));
    assert.ok(isCausedByError(e2, root) && isCausedByError(e2, e1));
    assert.ok(isCausedByError(new Error('default errors', { cause: e2 }), root));
    assert.ok(isCausedByError(root, errorf('Code1', 'different msg')));
    assert.ok(!isCausedByError(root, errorf('Other', 'msg')));
  });

  it("formats as Go's fmt.Sprintf does for the verbs plugins use", () => {
    assert.equal(sprintf('a %v b %s c %d d %q %%', 1, 'x', 2.7, 'y'), 'a 1 b x c 2 d "y" %');
    assert.equal(sprintf('[%v]', new Error('boom')), '[boom]');
    assert.equal(sprintf('%v %v', 1), '1 %!v(MISSING)');
    assert.equal(sprintf('%v', 1, 2), '1%!(EXTRA 2)');
  });

  it('the executor reports a thrown PluginError with its code', async () => {
    const p = testPlugin('coded', () => {
      throw wrapf(ErrorCode.DownstreamSystemError, new Error('503'), 'failed to reach [%s]', 'svc');
    });
    const { ex } = await runOne(p);
    await ex.step();
    const first = calls(ex)[0]!;
    assert.equal(first.decision?.code, 'round-error');
    assert.equal(first.error?.code, 'DownstreamSystemError');
    assert.equal(first.error?.message, '[DownstreamSystemError] failed to reach [svc], caused by: 503');
  });
});
