// Plugin loading and resolution (task/handler.go Setup): the enabled list, default-for-task-types, the
// single-plugin default, the "Multiple plugins registered" error, the global isDefault fallback, UnsupportedTaskType,
// loader failures and the GeneratedNameMaxLength check.
import assert from 'node:assert/strict';
import {
  doTransition,
  Executor,
  phaseInfoSuccess,
  PluginLoadError,
  PlugbenchError,
  UnsupportedTaskTypeError,
  type PluginEntry,
} from '@plugbench/sdk';
import { entryOf, template, testPlugin } from '../../support/plugins';

const ok = (id: string) => testPlugin(id, () => doTransition(phaseInfoSuccess()));

/** An entry whose loader counts its calls. */
function counted(id: string, types: string[], extra: Partial<PluginEntry> = {}): PluginEntry & { loads: number } {
  const e = { ...entryOf(ok(id), { types }), ...extra, loads: 0 };
  const load = e.loadPlugin;
  e.loadPlugin = (iCtx) => {
    e.loads++;
    return load(iCtx);
  };
  return e;
}

const pluginFor = (ex: Executor, type: string) => ex.task(ex.start({ template: template(type) })).pluginId;

describe('executor: plugin registry', () => {
  it('an empty enabled list enables every plugin, and loads each once at create()', async () => {
    const a = counted('a', ['ta']);
    const b = counted('b', ['tb']);
    const ex = await Executor.create({ plugins: [a, b], enabledPlugins: [] });
    assert.deepEqual([a.loads, b.loads], [1, 1]);
    assert.equal(pluginFor(ex, 'ta'), 'a');
    assert.equal(pluginFor(ex, 'tb'), 'b');
  });

  it('the enabled list is case-insensitive and trimmed; plugins not in it are not loaded and do not resolve', async () => {
    const a = counted('Echo', ['ta']);
    const b = counted('other', ['tb']);
    const ex = await Executor.create({ plugins: [a, b], enabledPlugins: ['  ECHO '] });
    assert.deepEqual([a.loads, b.loads], [1, 0]);
    assert.equal(pluginFor(ex, 'ta'), 'Echo');
    assert.throws(() => ex.start({ template: template('tb') }), UnsupportedTaskTypeError);
  });

  it('default-for-task-types picks among plugins of a type, case-insensitively on both sides', async () => {
    const a = counted('a', ['shared']);
    const b = counted('B', ['shared']);
    const ex = await Executor.create({ plugins: [a, b], defaultForTaskTypes: { SHARED: 'b' } });
    assert.equal(pluginFor(ex, 'shared'), 'B');
  });

  it('default-for-task-types naming a plugin that is not enabled fails create() (flyte #3905)', async () => {
    const a = counted('a', ['shared']);
    const b = counted('b', ['shared']);
    await assert.rejects(
      Executor.create({ plugins: [a, b], enabledPlugins: ['a'], defaultForTaskTypes: { shared: 'b' } }),
      (e: unknown) => e instanceof PlugbenchError && /default plugin \[b\].*not in the enabled plugins/.test(e.message),
    );
    // With an empty enabled list nothing is validated.
    await Executor.create({ plugins: [counted('a', ['x'])], defaultForTaskTypes: { shared: 'nobody' } });
  });

  it('a type with exactly one plugin gets it as its default', async () => {
    const ex = await Executor.create({ plugins: [counted('only', ['solo', 'duo'])] });
    assert.equal(pluginFor(ex, 'solo'), 'only');
    assert.equal(pluginFor(ex, 'duo'), 'only');
  });

  it("two plugins for a type without a configured default fail create() with Flyte's 'Multiple plugins registered' error", async () => {
    await assert.rejects(
      Executor.create({ plugins: [counted('a', ['shared']), counted('b', ['shared'])] }),
      (e: unknown) =>
        e instanceof PlugbenchError &&
        e.message.startsWith('Multiple plugins registered to handle task type: shared') &&
        e.message.includes('Use default-for-task-type config option'),
    );
  });

  it('the global isDefault plugin handles types nobody registered; a second isDefault is ignored with a warning', async () => {
    const first = counted('first', ['f'], { isDefault: true });
    const second = counted('second', ['s'], { isDefault: true });
    const ex = await Executor.create({ plugins: [first, second] });
    assert.equal(pluginFor(ex, 'unheard-of'), 'first');
    assert.equal(pluginFor(ex, 's'), 'second', 'a registered type still resolves to its own plugin');
    assert.equal(ex.warnings.length, 1);
    assert.match(ex.warnings[0]!, /\[second\] is marked default but \[first\] already is/);
  });

  it('without a default, a type nobody handles is UnsupportedTaskType, naming the type', async () => {
    const ex = await Executor.create({ plugins: [counted('a', ['ta'])] });
    assert.throws(
      () => ex.start({ template: template('nope') }),
      (e: unknown) =>
        e instanceof UnsupportedTaskTypeError &&
        e.taskType === 'nope' &&
        /no plugin defined for Handler type \[nope\]/.test(e.message),
    );
    assert.deepEqual(ex.tasks(), []);
  });

  it('a loader that throws fails create() with a PluginLoadError naming the plugin and carrying the cause', async () => {
    const cause = new Error('cannot reach the API');
    const bad: PluginEntry = { id: 'flaky', registeredTaskTypes: ['f'], loadPlugin: () => Promise.reject(cause) };
    await assert.rejects(
      Executor.create({ plugins: [counted('fine', ['x']), bad] }),
      (e: unknown) =>
        e instanceof PluginLoadError && e.pluginId === 'flaky' && e.cause === cause && e.message.includes('[flaky]'),
    );
    const sync: PluginEntry = {
      id: 'sync',
      registeredTaskTypes: ['s'],
      loadPlugin: () => {
        throw new TypeError('boom');
      },
    };
    await assert.rejects(
      Executor.create({ plugins: [sync] }),
      (e: unknown) => e instanceof PluginLoadError && e.pluginId === 'sync' && e.cause instanceof TypeError,
    );
  });

  it('a loader of a plugin that is not enabled is never called, so it cannot fail create()', async () => {
    const bad: PluginEntry = {
      id: 'bad',
      registeredTaskTypes: ['b'],
      loadPlugin: () => Promise.reject(new Error('no')),
    };
    await Executor.create({ plugins: [counted('good', ['g']), bad], enabledPlugins: ['good'] });
  });

  it('GeneratedNameMaxLength below 8 is refused at load (Go LoadPlugin); 8 is accepted', async () => {
    const short = testPlugin('short', () => doTransition(phaseInfoSuccess()), {
      properties: { generatedNameMaxLength: 7 },
    });
    await assert.rejects(
      Executor.create({ plugins: [entryOf(short)] }),
      (e: unknown) =>
        e instanceof PluginLoadError && e.pluginId === 'short' && /GeneratedNameMaxLength/.test(e.message),
    );
    const eight = testPlugin('eight', () => doTransition(phaseInfoSuccess()), {
      properties: { generatedNameMaxLength: 8 },
    });
    const ex = await Executor.create({ plugins: [entryOf(eight)] });
    const id = ex.start({ template: template('eight') });
    assert.equal(ex.task(id).generatedName.length, 8, 'a long name is hashed down to 8 characters');
  });
});
