/**
 * Secret sources from the real process environment and a real directory, for users who want the executor's secret
 * manager to serve what FlytePropeller would see on this machine.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultSecretEnvPrefix, DefaultSecretsPrefix } from '../executor/services/secret-manager';
import type { FileEnvSecretSources } from '../executor/services/secret-manager';

/** Options of {@link secretSourcesFromSystem}. */
export interface SystemSecretSourcesOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default 'FLYTE_SECRET_' */
  envPrefix?: string;
  /** The directory whose files (recursively) are the secrets; a missing directory gives none. @default '/etc/secrets' */
  secretsDir?: string;
}

function readTree(dir: string, rel: string, out: Record<string, string>): void {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const full = join(dir, path);
    const st = statSync(full);
    if (st.isDirectory()) readTree(dir, path, out);
    else if (st.isFile()) out[path] = readFileSync(full, 'utf8');
  }
}

/**
 * A snapshot of the secrets of this process: the environment variables that start with the prefix (only those: the
 * rest of the environment stays out), and the files under `secretsDir`, relative to it. Pass the result to
 * `new FileEnvSecretManager(...)`, or as the executor's `secrets`.
 */
export function secretSourcesFromSystem(options: SystemSecretSourcesOptions = {}): Required<FileEnvSecretSources> {
  const envPrefix = options.envPrefix ?? DefaultSecretEnvPrefix;
  const secretsDir = options.secretsDir ?? DefaultSecretsPrefix;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? process.env))
    if (k.startsWith(envPrefix) && v !== undefined) env[k] = v;
  const files: Record<string, string> = {};
  let isDir = false;
  try {
    isDir = statSync(secretsDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) readTree(secretsDir, '', files);
  return { env, files, envPrefix, secretsPrefix: secretsDir };
}
