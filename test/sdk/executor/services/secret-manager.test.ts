// Flyte's FileEnvSecretManager over maps: lookup order, Flyte's messages, no leakage of the real environment, and
// redaction of secret values.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, SecretNotFoundError, FileEnvSecretManager, redact, redactDeep } from '@plugbench/sdk';
import { secretSourcesFromSystem } from '@plugbench/sdk/node';

describe('services: FileEnvSecretManager', () => {
  it('looks up FLYTE_SECRET_<key> first, exact case, then /etc/secrets/<key>', async () => {
    const sm = new FileEnvSecretManager({
      env: { FLYTE_SECRET_token: 'from-env', FLYTE_SECRET_EMPTY: '' },
      files: { '/etc/secrets/token': 'from-file', 'only-file': 'file-value\n' },
    });
    assert.equal(await sm.get('token'), 'from-env');
    assert.equal(await sm.get('EMPTY'), '', 'a set but empty variable counts, as with os.LookupEnv');
    assert.equal(await sm.get('only-file'), 'file-value\n', 'file contents as they are');
    await assert.rejects(sm.get('TOKEN'), SecretNotFoundError, 'environment names are case sensitive');
  });

  it("rejects with Flyte's message naming the file and the variable", async () => {
    const sm = new FileEnvSecretManager({});
    await assert.rejects(sm.get('api-key'), (e: unknown) => {
      assert.ok(e instanceof SecretNotFoundError);
      assert.equal(e.message, 'secrets not found - file [/etc/secrets/api-key], Env [FLYTE_SECRET_api-key]');
      return true;
    });
  });

  it('honours custom prefixes, for variables and files', async () => {
    const sm = new FileEnvSecretManager({
      env: { MY_a: '1111', FLYTE_SECRET_a: 'ignored' },
      files: { '/run/s/b': '2222', c: '3333' },
      envPrefix: 'MY_',
      secretsPrefix: '/run/s',
    });
    assert.equal(await sm.get('a'), '1111');
    assert.equal(await sm.get('b'), '2222');
    assert.equal(await sm.get('c'), '3333', 'relative file keys are under the secrets prefix');
    await assert.rejects(sm.get('x'), { message: 'secrets not found - file [/run/s/x], Env [MY_x]' });
  });

  it('never reads the real process environment', async () => {
    process.env.FLYTE_SECRET_leak_probe = 'real-env-value';
    try {
      const sm = new FileEnvSecretManager({ env: {} });
      await assert.rejects(sm.get('leak_probe'), SecretNotFoundError);
      assert.deepEqual(sm.knownValues(), []);
    } finally {
      delete process.env.FLYTE_SECRET_leak_probe;
    }
  });

  it('copies its sources: later changes to the maps change nothing', async () => {
    const env: Record<string, string> = { FLYTE_SECRET_k: 'before' };
    const sm = new FileEnvSecretManager({ env });
    env.FLYTE_SECRET_k = 'after';
    env.FLYTE_SECRET_new = 'added';
    assert.equal(await sm.get('k'), 'before');
    await assert.rejects(sm.get('new'), SecretNotFoundError);
  });

  it('getForSecret: <prefix><GROUP>_<KEY> upper-cased, then <prefix dir>/<group>/<key>; both required', async () => {
    const sm = new FileEnvSecretManager({
      env: { FLYTE_SECRET_AWS_ACCESS_KEY: 'env-value' },
      files: { '/etc/secrets/gcp/token': 'file-value', 'vault/pw': 'relative-value' },
    });
    assert.equal(await sm.getForSecret({ group: 'aws', key: 'access_key' }), 'env-value');
    assert.equal(await sm.getForSecret({ group: 'gcp', key: 'token' }), 'file-value');
    assert.equal(await sm.getForSecret({ group: 'vault', key: 'pw' }), 'relative-value');
    await assert.rejects(sm.getForSecret({ group: 'x', key: 'y' }), {
      name: 'SecretNotFoundError',
      message: 'secrets not found - Env [FLYTE_SECRET_X_Y], file [/etc/secrets/x/y]',
    });
    await assert.rejects(sm.getForSecret({ group: 'x', key: '' }), InvalidArgumentError);
    await assert.rejects(sm.getForSecret({ group: '', key: 'k' }), /both key and group are required parameters/);
  });

  it('knownValues: every prefixed variable and every file, nothing else', () => {
    const sm = new FileEnvSecretManager({
      env: { FLYTE_SECRET_a: 'alpha-secret', PATH: '/usr/bin', FLYTE_SECRET_b: 'alpha-secret' },
      files: { x: 'file-secret\n' },
    });
    assert.deepEqual(sm.knownValues(), ['alpha-secret', 'file-secret\n']);
  });
});

describe('services: redaction', () => {
  it('replaces every occurrence with ***, longest value first', () => {
    assert.equal(redact('token=abcd1234 again abcd1234', ['abcd1234']), 'token=*** again ***');
    // With the shorter one first, "abcd" would be replaced inside "abcd1234" and "1234" would leak.
    assert.equal(redact('x abcd1234 y abcd', ['abcd', 'abcd1234']), 'x *** y ***');
  });

  it('hides values shorter than 4 characters where they stand alone, never inside a word; leaves the empty value', () => {
    assert.equal(redact('a b abc abcd', ['abc', '', 'abcd']), 'a b *** ***');
    assert.equal(redact('key=ab; about; ab', ['ab']), 'key=***; about; ***');
    assert.equal(redact('x 1 y 12 a1', ['1']), 'x *** y 12 a1');
    assert.equal(redact('abcabc', ['abc'], 3), '******', 'the minimum is a parameter');
  });

  it('hides the JSON-escaped form of a value too (quotes, backslashes, newlines), as in a transition text', () => {
    const secret = 'pa"ss\\wo\nrd';
    assert.equal(redact(`message:${JSON.stringify(`login ${secret} failed`)}`, [secret]), 'message:"login *** failed"');
  });

  it('also hides the trimmed form of a value (a file with a trailing newline)', () => {
    assert.equal(redact('Bearer s3cr3t-token used', ['s3cr3t-token\n']), 'Bearer *** used');
  });

  it('redactDeep redacts strings and keys anywhere in a JSON value, and copies', () => {
    const value = { log: ['using hunter22', { nested: 'hunter22!' }], hunter22: 1, n: 42, ok: true, nothing: null };
    const out = redactDeep(value, ['hunter22']);
    assert.deepEqual(out, { log: ['using ***', { nested: '***!' }], '***': 1, n: 42, ok: true, nothing: null });
    assert.equal(value.log[0], 'using hunter22', 'the input is not changed');
    assert.deepEqual(redactDeep({ at: new Date(0), msg: 'hunter22' }, ['hunter22']), {
      at: '1970-01-01T00:00:00.000Z',
      msg: '***',
    });
  });

  it('redacting with the known values of a manager hides every secret it can serve', async () => {
    const sm = new FileEnvSecretManager({ env: { FLYTE_SECRET_k: 'k-value-1' }, files: { f: 'f-value-2\n' } });
    const text = `${await sm.get('k')} and ${(await sm.get('f')).trim()}`;
    assert.equal(redact(text, sm.knownValues()), '*** and ***');
  });
});

describe('node: secretSourcesFromSystem', () => {
  it('takes only prefixed variables and the files of a directory, recursively', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugbench-secrets-'));
    try {
      writeFileSync(join(dir, 'token'), 'tok-value');
      mkdirSync(join(dir, 'grp'));
      writeFileSync(join(dir, 'grp', 'key'), 'grp-value');
      const sources = secretSourcesFromSystem({ env: { FLYTE_SECRET_a: 'env-a', HOME: '/root' }, secretsDir: dir });
      assert.deepEqual(sources.env, { FLYTE_SECRET_a: 'env-a' });
      assert.deepEqual(sources.files, { token: 'tok-value', 'grp/key': 'grp-value' });
      const sm = new FileEnvSecretManager(sources);
      assert.equal(await sm.get('token'), 'tok-value');
      assert.equal(await sm.getForSecret({ group: 'grp', key: 'key' }), 'grp-value');
      assert.equal(await sm.get('a'), 'env-a');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing directory gives no files', () => {
    assert.deepEqual(secretSourcesFromSystem({ env: {}, secretsDir: '/nonexistent/plugbench' }).files, {});
  });
});
