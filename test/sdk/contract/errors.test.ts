// Error classes recognised across two copies of the SDK (the extension bundles its own SDK while a user's plugin
// imports another) through Symbol.for markers, and the clock slot the copies share.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as sdk from '@plugbench/sdk';

const {
  EnumError,
  GeneratedNameError,
  InvalidArgumentError,
  PlugbenchError,
  PlugbenchErrorCode,
  StateSerializationError,
  installClock,
  now,
  phaseString,
} = sdk;

const contractDir = path.resolve(__dirname, '../../../sdk/src/contract');

/** A second, independent copy of a contract module: the same source evaluated again, as a second bundle would be. */
function freshCopy<T>(file: string): T {
  const resolved = require.resolve(path.join(contractDir, file));
  const kept = require.cache[resolved];
  delete require.cache[resolved];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second evaluation needs require's own cache
    return require(resolved) as T;
  } finally {
    if (kept !== undefined) require.cache[resolved] = kept;
  }
}

describe('contract: errors across copies of the SDK', () => {
  const other = freshCopy<typeof import('../../../sdk/src/contract/errors')>('errors.ts');

  it('really is a second copy', () => {
    assert.notEqual(other.EnumError, EnumError);
    assert.notEqual(other.PlugbenchError, PlugbenchError);
  });

  it('an error made by the other copy passes instanceof of this copy, and the reverse', () => {
    const foreign = new other.EnumError('x does not belong to Phase values');
    assert.ok(foreign instanceof EnumError);
    assert.ok(foreign instanceof PlugbenchError);
    assert.ok(foreign instanceof Error);
    let local: unknown;
    try {
      phaseString('x');
    } catch (err) {
      local = err;
    }
    assert.ok(local instanceof other.EnumError);
    assert.ok(local instanceof other.PlugbenchError);
  });

  it('keeps the classes apart: one error class is not another', () => {
    const foreign = new other.StateSerializationError('undefined is dropped', '$.a');
    assert.ok(foreign instanceof StateSerializationError);
    assert.equal(foreign instanceof EnumError, false);
    assert.equal(foreign instanceof GeneratedNameError, false);
    assert.equal(new Error('plain') instanceof PlugbenchError, false);
    for (const v of [null, undefined, 'EnumError', 1, {}]) assert.equal((v as unknown) instanceof EnumError, false);
  });

  it('recognises any object carrying the Symbol.for marker', () => {
    const marked = { [Symbol.for('@plugbench/sdk.isInvalidArgumentError')]: true };
    assert.ok((marked as unknown) instanceof InvalidArgumentError);
    assert.equal((marked as unknown) instanceof EnumError, false);
  });

  it('a subclass that is not marked keeps ordinary instanceof, and is still a PlugbenchError', () => {
    class PluginSpecificError extends PlugbenchError {}
    const mine = new PluginSpecificError('quota API down');
    assert.ok(mine instanceof PluginSpecificError);
    assert.ok(mine instanceof PlugbenchError);
    assert.ok(new other.PlugbenchError('x') instanceof PlugbenchError);
    assert.equal(new EnumError('x') instanceof PluginSpecificError, false);
    assert.equal(new other.PlugbenchError('x') instanceof PluginSpecificError, false);
  });

  it('names, codes and JSON form', () => {
    const e = new other.GeneratedNameError('max Length is too small', 'fabcdefg');
    assert.equal(e.name, 'GeneratedNameError');
    assert.equal(e.code, PlugbenchErrorCode.GeneratedName);
    assert.equal(e.bestEffortName, 'fabcdefg');
    assert.deepEqual(e.toJSON(), {
      name: 'GeneratedNameError',
      code: 'GeneratedName',
      message: 'max Length is too small',
    });
    assert.equal(String(new EnumError('m')), 'EnumError: m');
    const withCause = new sdk.PluginLoadError('load failed', 'echo', { cause: new Error('root') });
    assert.equal((withCause.cause as Error).message, 'root');
    assert.equal(withCause.pluginId, 'echo');
  });

  it('every exported error class derives from PlugbenchError; codes are distinct', () => {
    const classes = (Object.values(sdk) as unknown[]).filter(
      (v): v is { prototype: object; name: string } =>
        typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error,
    );
    assert.ok(classes.length >= 12, `${classes.length} classes`);
    for (const cls of classes) assert.ok(cls.prototype instanceof PlugbenchError || cls === PlugbenchError, cls.name);
    assert.equal(new Set(Object.values(PlugbenchErrorCode)).size, Object.keys(PlugbenchErrorCode).length);
  });
});

describe('contract: the clock across copies of the SDK', () => {
  it('a clock installed by one copy is the "now" of the other', () => {
    const other = freshCopy<typeof import('../../../sdk/src/contract/clock')>('clock.ts');
    assert.notEqual(other.installClock, installClock);
    const restore = other.installClock({ nowMs: () => 42 });
    try {
      assert.deepEqual(now(), new Date(42));
    } finally {
      restore();
    }
    assert.notDeepEqual(now(), new Date(42));
  });
});
