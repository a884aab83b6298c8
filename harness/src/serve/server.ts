/**
 * `plugbench serve`: the connector (agent) gRPC service over plugbench plugins, with the round driver and the store.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Server,
  ServerCredentials,
  status as Status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import { AgentIdl, DetachedRounds, type PluginEntry, type QuotaBackend } from '@plugbench/sdk';
import { RedisServerQuotaBackend } from '@plugbench/sdk/node';
import { asyncService, metadataService } from './agent-service';
import { ExecutionDriver } from './driver';
import {
  HealthServiceDefinition,
  ServingStatus,
  serviceDefinition,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from './grpc-services';
import { RedisExecutionStore } from './redis-store';
import { MemoryExecutionStore, type ExecutionStore } from './store';

/** Options of {@link startServe}; every duration in ms. */
export interface ServeOptions {
  plugins: PluginEntry[];
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 8000 */
  port?: number;
  /** `redis://HOST:PORT[/DB]`: state, leases and quotas shared by replicas. Without it, all in memory. */
  redis?: string;
  /** How long records of finished executions are kept. @default 3600000 (one hour) */
  retentionMs?: number;
  /** Lease of a driver on an execution; another replica takes over this long after the driver died. @default 5000 */
  leaseMs?: number;
  /** Next round of an execution whose last round changed nothing. @default 1000 */
  resyncMs?: number;
  /** @default 20 */
  tickMs?: number;
  /** Rounds one replica runs at once. @default 64 */
  concurrency?: number;
  /** How long DeleteTask waits for Abort and Finalize (propeller's deadline is 10 s). @default 8000 */
  deleteWaitMs?: number;
  /** Wall-clock limit of one Handle, Abort or Finalize call. @default 5000 */
  roundTimeoutMs?: number;
  /** Flyte max-workflow-retries: round errors an execution survives before it is aborted. @default 10 */
  maxWorkflowRetries?: number;
  /** Flyte resourceMaxQuota. @default 1000 */
  maxQuota?: number;
  /** One line per log event. @default nothing */
  log?: (line: string) => void;
}

/** A running server. */
export interface ServeHandle {
  /** `host:port` it listens on. */
  address: string;
  port: number;
  /** This replica's lease owner name. */
  owner: string;
  driver: ExecutionDriver;
  /** Stops cleanly: no new rounds, rounds in flight persist, leases go back, then the server and connections close. */
  close(): Promise<void>;
}

/** The gRPC service names this server answers, for health. */
export const SERVICE_NAMES = ['flyteidl.service.AsyncAgentService', 'flyteidl.service.AgentMetadataService'] as const;

/** Starts the server. @throws when a plugin cannot be loaded or the port cannot be bound. */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const log = options.log ?? (() => {});
  const owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const retentionMs = options.retentionMs ?? 3_600_000;
  const backend: QuotaBackend | undefined =
    options.redis !== undefined
      ? new RedisServerQuotaBackend({
          url: options.redis,
          ...(options.maxQuota !== undefined ? { maxQuota: options.maxQuota } : {}),
        })
      : undefined;
  const store: ExecutionStore =
    options.redis !== undefined
      ? new RedisExecutionStore({ url: options.redis, retentionMs })
      : new MemoryExecutionStore({ retentionMs });
  const rounds = await DetachedRounds.create({
    plugins: options.plugins,
    resourceManager: {
      type: 'redis',
      ...(options.maxQuota !== undefined ? { maxQuota: options.maxQuota } : {}),
      ...(backend !== undefined ? { backend } : {}),
    },
    captureConsole: false,
    ...(options.roundTimeoutMs !== undefined ? { roundTimeoutMs: options.roundTimeoutMs } : {}),
    ...(options.maxWorkflowRetries !== undefined ? { maxWorkflowRetries: options.maxWorkflowRetries } : {}),
  });
  const driver = new ExecutionDriver({
    rounds,
    store,
    owner,
    leaseMs: options.leaseMs ?? 5000,
    resyncMs: options.resyncMs ?? 1000,
    tickMs: options.tickMs ?? 20,
    concurrency: options.concurrency ?? 64,
    log,
  });
  const deps = { rounds, store, driver, deleteWaitMs: options.deleteWaitMs ?? 8000, log };
  const server = new Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  server.addService(serviceDefinition(AgentIdl.AsyncAgentService), asyncService(deps));
  server.addService(serviceDefinition(AgentIdl.AgentMetadataService), metadataService(deps));
  server.addService(HealthServiceDefinition, healthService(['', ...SERVICE_NAMES]));
  const host = options.host ?? '127.0.0.1';
  const port = await bind(server, `${host}:${options.port ?? 8000}`);
  driver.start();
  const address = `${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    address,
    port,
    owner,
    driver,
    close: () =>
      (closing ??= (async () => {
        await driver.stop();
        await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        await store.close();
        if (backend instanceof RedisServerQuotaBackend) await backend.close();
      })()),
  };
}

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))),
  );
}

/** `grpc.health.v1.Health`: SERVING for each name given, SERVICE_UNKNOWN (Check: NOT_FOUND) for others. */
function healthService(names: readonly string[]) {
  const serving = new Set(names);
  return {
    check: (
      call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      callback: sendUnaryData<HealthCheckResponse>,
    ) => {
      if (serving.has(call.request.service)) callback(null, { status: ServingStatus.SERVING });
      else callback({ code: Status.NOT_FOUND, details: `unknown service [${call.request.service}]` });
    },
    watch: (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
      call.write({ status: serving.has(call.request.service) ? ServingStatus.SERVING : ServingStatus.SERVICE_UNKNOWN });
    },
  };
}
