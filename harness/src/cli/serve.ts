/**
 * `plugbench serve`: serves plugin modules to FlytePropeller as a connector (agent) gRPC service, until SIGTERM or
 * SIGINT.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { PluginEntry } from '@plugbench/sdk';
import { createRemotePlugin } from '@plugbench/sdk/webapi';
import { isPluginEntry, loadModule } from '../plugin/load';
import { startServe, type ServeOptions } from '../serve/server';

/** `plugbench serve --help`. */
export const SERVE_HELP = `Usage: plugbench serve [--host 127.0.0.1] [--port 8000] [--redis redis://HOST:PORT[/DB]] [--config FILE] MODULE[#EXPORT]...

Serves plugins to FlytePropeller as a connector: the gRPC services flyteidl.service.AsyncAgentService and
AgentMetadataService (what propeller's connector-service plugin calls) and grpc.health.v1.Health. Each MODULE is a
plugin module (TypeScript or JavaScript, bundled as fixtures bundle it); EXPORT names its PluginEntry, a webapi
plugin entry ({id, supportedTaskTypes, pluginLoader}), or a factory returning one (called with the config file's
plugins.<EXPORT>). Without EXPORT the module's only exported plugin entry is used.

The server drives each task itself, round by round, with the executor's rules, and persists the state after each
round. Prints the address, then one line per task created, read and deleted, and per round that changes a phase.
SIGTERM or SIGINT: the rounds in flight finish and persist, leases are given back, then it exits 0.

Options:
  --host HOST      address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --port PORT      port (default 8000; 0 picks a free one)
  --redis URL      keep state, leases and resource quotas in Redis, shared by any number of replicas
                   (default: in memory, one replica)
  --config FILE    YAML or JSON: retentionMs (finished records kept, default 3600000), leaseMs (5000),
                   resyncMs (1000), roundTimeoutMs (5000), maxWorkflowRetries (10), concurrency (64),
                   deleteWaitMs (8000), maxQuota (1000), plugins: {EXPORT: factory config}
  -h, --help       show this help

Exit code: 0 stopped by a signal, 2 an invalid command line or config, 3 a plugin failed to load.
`;

/** What `--config` may hold. */
interface ServeConfigFile extends Omit<ServeOptions, 'plugins' | 'log' | 'host' | 'port' | 'redis'> {
  plugins?: Record<string, unknown>;
}

const NUMBER_KEYS = [
  'retentionMs',
  'leaseMs',
  'resyncMs',
  'roundTimeoutMs',
  'maxWorkflowRetries',
  'concurrency',
  'deleteWaitMs',
  'maxQuota',
  'tickMs',
] as const;

/** Where the command writes. */
export interface ServeIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
}

/** A problem of the command line or config: exit code 2. */
export class ServeUsageError extends Error {}

function readConfig(file: string, cwd: string): ServeConfigFile {
  const abs = path.resolve(cwd, file);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(abs, 'utf8'));
  } catch (e) {
    throw new ServeUsageError(`--config ${abs}: ${(e as Error).message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ServeUsageError(`--config ${abs}: expected a mapping`);
  const config = data as Record<string, unknown>;
  for (const k of Object.keys(config)) {
    if (k === 'plugins') continue;
    if (!(NUMBER_KEYS as readonly string[]).includes(k))
      throw new ServeUsageError(
        `--config ${abs}: unknown key "${k}"; the keys are: ${[...NUMBER_KEYS, 'plugins'].join(', ')}`,
      );
    if (typeof config[k] !== 'number' || !(config[k] >= 0))
      throw new ServeUsageError(
        `--config ${abs}: ${k} must be a non-negative number, got ${JSON.stringify(config[k])}`,
      );
  }
  return config as ServeConfigFile;
}

/** Whether `x` has the shape of a webapi `PluginEntry` (`@plugbench/sdk/webapi`). */
function isWebApiEntry(x: unknown): x is Parameters<typeof createRemotePlugin>[0] {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { id?: unknown; supportedTaskTypes?: unknown; pluginLoader?: unknown };
  return typeof e.id === 'string' && Array.isArray(e.supportedTaskTypes) && typeof e.pluginLoader === 'function';
}

function asEntry(value: unknown): PluginEntry | undefined {
  if (isPluginEntry(value)) return value;
  if (isWebApiEntry(value)) return createRemotePlugin(value);
  return undefined;
}

/**
 * The plugin entry of `MODULE[#EXPORT]`.
 * @throws {@link ServeUsageError} listing the candidates when there is not exactly one, or the export is no entry.
 */
export async function loadServedPlugin(
  spec: string,
  cwd: string,
  pluginConfigs: Record<string, unknown> = {},
): Promise<PluginEntry> {
  const hash = spec.lastIndexOf('#');
  const modulePath = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : undefined;
  const file = path.resolve(cwd, modulePath);
  const exports = await loadModule(file);
  const names = Object.keys(exports).filter((k) => k !== '__esModule');
  if (exportName !== undefined) {
    if (!(exportName in exports))
      throw new ServeUsageError(
        `${spec}: ${file} has no export "${exportName}"; it exports: ${names.join(', ') || 'nothing'}`,
      );
    const value = exports[exportName];
    const direct = asEntry(value);
    if (direct !== undefined) return direct;
    if (typeof value === 'function') {
      const made = asEntry(await (value as (c: unknown) => unknown)(pluginConfigs[exportName]));
      if (made !== undefined) return made;
    }
    throw new ServeUsageError(
      `${spec}: export "${exportName}" is neither a PluginEntry, a webapi plugin entry, nor a factory returning one`,
    );
  }
  const candidates = names.filter((n) => asEntry(exports[n]) !== undefined);
  if (candidates.length === 1) return asEntry(exports[candidates[0]!])!;
  throw new ServeUsageError(
    candidates.length === 0
      ? `${spec}: ${file} exports no plugin entry (exports: ${names.join(', ') || 'nothing'}); name a factory with ${modulePath}#EXPORT`
      : `${spec}: ${file} exports ${candidates.length} plugin entries: ${candidates.join(', ')}; choose one with ${modulePath}#EXPORT`,
  );
}

/** Parses the command line. @throws {@link ServeUsageError}. */
function parseServeArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        help: { type: 'boolean', short: 'h' },
        host: { type: 'string' },
        port: { type: 'string' },
        redis: { type: 'string' },
        config: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new ServeUsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Runs `plugbench serve` until SIGTERM or SIGINT; returns the exit code. */
export async function serveCommand(args: string[], io: ServeIo): Promise<number> {
  const { values, positionals } = parseServeArgs(args);
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new ServeUsageError('serve needs at least one plugin module: plugbench serve MODULE[#EXPORT]...');
  const port = values.port === undefined ? 8000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ServeUsageError(`--port ${values.port}: expected a port number 0..65535`);
  if (values.redis !== undefined && !/^rediss?:\/\/[^/\s]+(\/\d+)?$/.test(values.redis))
    throw new ServeUsageError(`--redis ${values.redis}: expected redis://HOST:PORT[/DB]`);
  const { plugins: pluginConfigs, ...config } =
    values.config !== undefined ? readConfig(values.config, io.cwd) : ({} as ServeConfigFile);
  const plugins: PluginEntry[] = [];
  for (const spec of positionals) plugins.push(await loadServedPlugin(spec, io.cwd, pluginConfigs));
  const log = (line: string) => io.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const handle = await startServe({
    ...config,
    plugins,
    host: values.host ?? '127.0.0.1',
    port,
    ...(values.redis !== undefined ? { redis: values.redis } : {}),
    log,
  });
  log(
    `listening on ${handle.address} (${values.redis !== undefined ? `state in ${values.redis}` : 'state in memory'}; plugins: ${plugins.map((p) => `${p.id} [${p.registeredTaskTypes.join(', ')}]`).join(', ')}; replica ${handle.owner})`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log(`${signal}: finishing the rounds in flight`);
  await handle.close();
  log('stopped');
  return 0;
}
