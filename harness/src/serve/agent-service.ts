/**
 * The handlers of `flyteidl.service.AsyncAgentService` and `AgentMetadataService` (the connector protocol
 * FlytePropeller's `connector-service` plugin calls).
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import {
  status as Status,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { AgentIdl, TaskExecution_Phase, type DetachedRounds } from '@plugbench/sdk';
import { attemptOf, decodeResourceMeta, encodeResourceMeta, executionKey } from './execution-key';
import { encodeRequest, taskSpecOf, type ExecutionDriver } from './driver';
import { resourceOf } from './resource-status';
import type { ExecutionStore } from './store';

/** What the handlers use. */
export interface AgentServiceDeps {
  rounds: DetachedRounds;
  store: ExecutionStore;
  driver: ExecutionDriver;
  /** How long DeleteTask waits for the abort to finish before it answers (within propeller's 10 s deadline). */
  deleteWaitMs: number;
  log: (line: string) => void;
}

/** A gRPC error with a status code. */
class RpcError extends Error {
  constructor(
    readonly code: Status,
    message: string,
  ) {
    super(message);
  }
}

/** A unary handler from an async function; thrown errors become gRPC errors (INTERNAL unless an RpcError). */
function unary<Req, Res>(fn: (req: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    fn(call.request).then(
      (res) => callback(null, res),
      (e: unknown) =>
        callback({
          code: e instanceof RpcError ? e.code : Status.INTERNAL,
          details: e instanceof Error ? e.message : String(e),
        }),
    );
  };
}

/** The agents this server lists: one per plugin, with its task types. */
export function agentsOf(rounds: DetachedRounds): AgentIdl.Agent[] {
  return rounds.plugins().map((p) =>
    create(AgentIdl.AgentSchema, {
      name: p.id,
      isSync: false,
      supportedTaskTypes: p.taskTypes,
      supportedTaskCategories: p.taskTypes.map((name) => create(AgentIdl.TaskCategorySchema, { name, version: 0 })),
    }),
  );
}

/** `AgentMetadataService`. */
export function metadataService(deps: AgentServiceDeps): UntypedServiceImplementation {
  return {
    listAgents: unary(async (_req: AgentIdl.ListAgentsRequest) =>
      create(AgentIdl.ListAgentsResponseSchema, { agents: agentsOf(deps.rounds) }),
    ),
    getAgent: unary(async (req: AgentIdl.GetAgentRequest) => {
      const agent = agentsOf(deps.rounds).find((a) => a.name === req.name);
      if (agent === undefined)
        throw new RpcError(
          Status.NOT_FOUND,
          `no agent named [${req.name}]; this server has: ${agentsOf(deps.rounds)
            .map((a) => a.name)
            .join(', ')}`,
        );
      return create(AgentIdl.GetAgentResponseSchema, { agent });
    }),
  };
}

/** `AsyncAgentService`. */
export function asyncService(deps: AgentServiceDeps): UntypedServiceImplementation {
  const unimplemented = (what: string) => (_call: unknown, callback: (e: { code: Status; details: string }) => void) =>
    callback({ code: Status.UNIMPLEMENTED, details: `${what} is not implemented by plugbench serve` });
  return {
    createTask: unary((req: AgentIdl.CreateTaskRequest) => createTask(deps, req)),
    getTask: unary((req: AgentIdl.GetTaskRequest) => getTask(deps, req)),
    deleteTask: unary((req: AgentIdl.DeleteTaskRequest) => deleteTask(deps, req)),
    getTaskMetrics: unimplemented('GetTaskMetrics'),
    getTaskLogs: (call: { emit: (event: string, e: unknown) => void }) =>
      call.emit('error', { code: Status.UNIMPLEMENTED, details: 'GetTaskLogs is not implemented by plugbench serve' }),
  };
}

async function createTask(
  deps: AgentServiceDeps,
  req: AgentIdl.CreateTaskRequest,
): Promise<AgentIdl.CreateTaskResponse> {
  const a = attemptOf(req);
  if (a === undefined)
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      'CreateTask: task_execution_metadata.task_execution_id is missing; it keys the execution',
    );
  const key = executionKey(a);
  try {
    // Refuse what no plugin handles before anything is stored.
    deps.rounds.task(taskSpecOf(key, req));
  } catch (e) {
    throw new RpcError(Status.INVALID_ARGUMENT, `CreateTask: ${e instanceof Error ? e.message : String(e)}`);
  }
  const created = await deps.store.create({ key, request: encodeRequest(req), createdAt: Date.now() });
  const where = `${a.project}/${a.domain}/${a.executionName}/${a.nodeId}/${a.retryAttempt}`;
  deps.log(`create ${key} ${req.template?.type ?? ''} ${where}${created ? '' : ' (exists: same execution)'}`);
  if (created) await deps.driver.adopt(key);
  return create(AgentIdl.CreateTaskResponseSchema, { resourceMeta: encodeResourceMeta(key) });
}

function keyOf(meta: Uint8Array, rpc: string): string {
  const key = decodeResourceMeta(meta);
  if (key === undefined)
    throw new RpcError(
      Status.INVALID_ARGUMENT,
      `${rpc}: resource_meta is not a plugbench serve handle ({"v":1,"key":...})`,
    );
  return key;
}

async function getTask(deps: AgentServiceDeps, req: AgentIdl.GetTaskRequest): Promise<AgentIdl.GetTaskResponse> {
  const key = keyOf(req.resourceMeta, 'GetTask');
  const record = await deps.store.get(key);
  if (record === undefined)
    throw new RpcError(Status.NOT_FOUND, `GetTask: no execution ${key} (never created, or its record expired)`);
  const resource = resourceOf(record);
  deps.log(`get ${key} ${phaseName(resource.phase)}`);
  return create(AgentIdl.GetTaskResponseSchema, { resource });
}

async function deleteTask(
  deps: AgentServiceDeps,
  req: AgentIdl.DeleteTaskRequest,
): Promise<AgentIdl.DeleteTaskResponse> {
  const key = keyOf(req.resourceMeta, 'DeleteTask');
  const record = await deps.store.get(key);
  deps.log(
    `delete ${key}${record === undefined ? ' (unknown: nothing to do)' : record.state?.finished ? ' (already finished)' : ''}`,
  );
  if (record !== undefined && record.state?.finished !== true) {
    await deps.store.requestAbort(key, 'aborted by DeleteTask');
    await deps.driver.adopt(key);
    await waitFinished(deps, key);
  }
  return create(AgentIdl.DeleteTaskResponseSchema, {});
}

/** Waits until the execution is finished, at most `deleteWaitMs`: the abort goes on in its driver either way. */
async function waitFinished(deps: AgentServiceDeps, key: string): Promise<void> {
  const until = Date.now() + deps.deleteWaitMs;
  while (Date.now() < until) {
    const r = await deps.store.get(key);
    if (r === undefined || r.state?.finished === true) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function phaseName(p: TaskExecution_Phase): string {
  return TaskExecution_Phase[p] ?? String(p);
}
