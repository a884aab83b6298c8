/**
 * Go `secretmanager.FileEnvSecretManager` (FlytePropeller's secret manager), over maps instead of the process
 * environment and file system, and the redaction that keeps secret values out of timelines.
 *
 * @module
 */
import { InvalidArgumentError, SecretNotFoundError } from '../../contract/index';
import type { SecretManager } from '../../contract/index';
import { cleanPath } from './slash-path';

/** Go `secretmanager.Config.EnvironmentPrefix` default. */
export const DefaultSecretEnvPrefix = 'FLYTE_SECRET_';
/** Go `secretmanager.Config.SecretFilePrefix` default. */
export const DefaultSecretsPrefix = '/etc/secrets';

/** Where {@link FileEnvSecretManager} finds secrets. Nothing is read from the real environment or disk. */
export interface FileEnvSecretSources {
  /** Environment variables, e.g. `{ FLYTE_SECRET_token: '...' }`. */
  env?: Record<string, string>;
  /**
   * File contents by path. An absolute path is used as is (`/etc/secrets/token`); a relative one is under
   * `secretsPrefix` (`token`, or `group/key` for {@link FileEnvSecretManager.getForSecret}).
   */
  files?: Record<string, string>;
  /** @default 'FLYTE_SECRET_' */
  envPrefix?: string;
  /** @default '/etc/secrets' */
  secretsPrefix?: string;
}

/** Go `core.Secret`, the part the secret manager reads. */
export interface SecretRef {
  group: string;
  key: string;
}

/** Go `filepath.Join` for slash paths: joined, then cleaned. */
function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  if (joined === '') return '';
  const clean = cleanPath(joined);
  return clean === '' ? '.' : clean;
}

/** The value `o` holds under `k` itself, not through its prototype (a key like `constructor` finds nothing). */
const ownValue = (o: Record<string, string>, k: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/**
 * Go `secretmanager.FileEnvSecretManager`: `get(key)` looks up the environment variable `<envPrefix><key>` (exact
 * case; an empty value counts), then the file `<secretsPrefix>/<key>` (contents as they are, trailing newline
 * included), and otherwise rejects with a `SecretNotFoundError` whose message is Flyte's.
 */
export class FileEnvSecretManager implements SecretManager {
  readonly #env: Record<string, string>;
  readonly #files: Record<string, string>;
  /** The prefix of environment variable names. */
  readonly envPrefix: string;
  /** The directory of secret files. */
  readonly secretsPrefix: string;

  constructor(sources: FileEnvSecretSources = {}) {
    this.envPrefix = sources.envPrefix ?? DefaultSecretEnvPrefix;
    this.secretsPrefix = sources.secretsPrefix ?? DefaultSecretsPrefix;
    // Copies: later changes to the caller's maps must not change what plugins see mid-run.
    this.#env = Object.assign(Object.create(null) as Record<string, string>, sources.env ?? {});
    this.#files = Object.create(null) as Record<string, string>;
    for (const [path, value] of Object.entries(sources.files ?? {})) {
      this.#files[path.startsWith('/') ? joinPath(path) : joinPath(this.secretsPrefix, path)] = value;
    }
  }

  /** Go `Get`. */
  async get(key: string): Promise<string> {
    const envVar = `${this.envPrefix}${key}`;
    const fromEnv = ownValue(this.#env, envVar);
    if (fromEnv !== undefined) return fromEnv;
    const secretFile = joinPath(this.secretsPrefix, key);
    const fromFile = ownValue(this.#files, secretFile);
    if (fromFile !== undefined) return fromFile;
    throw new SecretNotFoundError(`secrets not found - file [${secretFile}], Env [${envVar}]`);
  }

  /**
   * Go `GetForSecret`: group and key are required; the environment variable `<envPrefix><GROUP>_<KEY>` (upper-cased),
   * then the file `<secretsPrefix>/<group>/<key>`. Go's message names the environment variable first here.
   */
  async getForSecret(secret: SecretRef): Promise<string> {
    const { group = '', key = '' } = secret;
    if (group === '' || key === '') {
      const shown = [
        group === '' ? '' : `group:${JSON.stringify(group)}`,
        key === '' ? '' : `key:${JSON.stringify(key)}`,
      ]
        .filter((s) => s !== '')
        .join(' ');
      throw new InvalidArgumentError(`both key and group are required parameters. Secret: [${shown}]`);
    }
    const envVar = `${this.envPrefix}${group.toUpperCase()}_${key.toUpperCase()}`;
    const fromEnv = ownValue(this.#env, envVar);
    if (fromEnv !== undefined) return fromEnv;
    const secretFile = joinPath(this.secretsPrefix, joinPath(group, key));
    const fromFile = ownValue(this.#files, secretFile);
    if (fromFile !== undefined) return fromFile;
    throw new SecretNotFoundError(`secrets not found - Env [${envVar}], file [${secretFile}]`);
  }

  /**
   * Every value `get` or `getForSecret` could return: the environment variables with the prefix and all files. For
   * redaction ({@link redact}); sorted, without duplicates.
   */
  knownValues(): string[] {
    const values = new Set<string>();
    for (const [name, value] of Object.entries(this.#env)) if (name.startsWith(this.envPrefix)) values.add(value);
    for (const value of Object.values(this.#files)) values.add(value);
    return [...values].sort();
  }
}

/**
 * Values shorter than this are hidden only where they stand alone: not next to a letter or a digit. Replacing every
 * `1` or `ab` inside other words would garble a timeline while hiding nothing (any two letters occur in text); a short
 * secret on its own (`key=ab`, a log line that is the secret) is still hidden. Real secrets are longer.
 */
export const MinRedactedLength = 4;

/** What replaces a secret value. */
export const RedactedMark = '***';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every form a secret can take in output, longest first (so that a secret containing another is replaced whole):
 * the value, trimmed (files usually end with a newline the plugin trims), and each JSON-escaped (how it appears
 * inside `JSON.stringify` of a string, as in a transition's text: quotes, backslashes, newlines).
 */
function redactionForms(values: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const v of values) {
    for (const form of [v, v.trim()]) {
      if (form === '') continue;
      forms.add(form);
      forms.add(JSON.stringify(form).slice(1, -1));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** A function hiding every form of `values` in a string, or `undefined` when there is nothing to hide. */
function redactor(values: readonly string[], minLength: number): ((s: string) => string) | undefined {
  const steps = redactionForms(values).map((form): ((s: string) => string) => {
    if (form.length >= minLength) return (s) => (s.includes(form) ? s.split(form).join(RedactedMark) : s);
    const alone = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, 'gu');
    return (s) => (s.includes(form) ? s.replace(alone, RedactedMark) : s);
  });
  if (steps.length === 0) return undefined;
  return (s) => steps.reduce((out, step) => step(out), s);
}

/**
 * `text` with every occurrence of each of `values` (trimmed and JSON-escaped forms included) replaced by `***`,
 * longest first. Values shorter than `minLength` ({@link MinRedactedLength}) are replaced where they stand alone.
 */
export function redact(text: string, values: readonly string[], minLength = MinRedactedLength): string {
  return redactor(values, minLength)?.(text) ?? text;
}

/**
 * A copy of the JSON value `value` with {@link redact} applied to every string in it, object keys included.
 * Numbers, booleans and null are kept (a secret that is a number in the value is not recognised).
 */
export function redactDeep<T>(value: T, values: readonly string[], minLength = MinRedactedLength): T {
  const str = redactor(values, minLength);
  if (str === undefined) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      // As JSON.stringify would see it (dates, errors with a toJSON).
      const json = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return walk(json.call(v));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[str(k)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
