// A gRPC client of the connector protocol for the tests, on @grpc/grpc-js with the protobuf-es types: what
// FlytePropeller's connector plugin sends (CreateTask with a task_execution_id, GetTask and DeleteTask with the
// resource_meta it got back).
import { create, fromJson, type JsonObject } from '@bufbuild/protobuf';
import { credentials, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { AgentIdl, LiteralMapSchema, TaskTemplateSchema } from '@plugbench/sdk';
import { HealthServiceDefinition, serviceDefinition, type HealthCheckResponse } from '@plugbench/harness/serve';

type Unary<Req, Res> = (req: Req, cb: (e: ServiceError | null, res: Res) => void) => void;

/** Calls a unary method, rejecting with the ServiceError (its `code` is the gRPC status). */
function call<Req, Res>(client: Client, method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (client as unknown as Record<string, Unary<Req, Res>>)[method]!.bind(client);
    fn(req, (e, res) => (e ? reject(e) : resolve(res)));
  });
}

/** A client of one server address. */
export class ConnectorClient {
  readonly #async: Client;
  readonly #meta: Client;
  readonly #health: Client;

  constructor(address: string) {
    const creds = credentials.createInsecure();
    this.#async = new (makeGenericClientConstructor(
      serviceDefinition(AgentIdl.AsyncAgentService),
      'AsyncAgentService',
    ))(address, creds);
    this.#meta = new (makeGenericClientConstructor(
      serviceDefinition(AgentIdl.AgentMetadataService),
      'AgentMetadataService',
    ))(address, creds);
    this.#health = new (makeGenericClientConstructor(HealthServiceDefinition, 'Health'))(address, creds);
  }

  createTask(req: AgentIdl.CreateTaskRequest): Promise<AgentIdl.CreateTaskResponse> {
    return call(this.#async, 'createTask', req);
  }
  /** Creates the task {@link createRequest} builds of `o`; answers its resource meta. */
  async submit(o: TaskRequestOptions): Promise<Uint8Array> {
    return (await this.createTask(createRequest(o))).resourceMeta;
  }
  getTask(resourceMeta: Uint8Array, taskType = ''): Promise<AgentIdl.GetTaskResponse> {
    return call(
      this.#async,
      'getTask',
      create(AgentIdl.GetTaskRequestSchema, { resourceMeta, taskType, taskCategory: { name: taskType, version: 0 } }),
    );
  }
  deleteTask(resourceMeta: Uint8Array, taskType = ''): Promise<AgentIdl.DeleteTaskResponse> {
    return call(
      this.#async,
      'deleteTask',
      create(AgentIdl.DeleteTaskRequestSchema, {
        resourceMeta,
        taskType,
        taskCategory: { name: taskType, version: 0 },
      }),
    );
  }
  getTaskMetrics(resourceMeta: Uint8Array): Promise<unknown> {
    return call(this.#async, 'getTaskMetrics', create(AgentIdl.GetTaskMetricsRequestSchema, { resourceMeta }));
  }
  listAgents(): Promise<AgentIdl.ListAgentsResponse> {
    return call(this.#meta, 'listAgents', create(AgentIdl.ListAgentsRequestSchema, {}));
  }
  getAgent(name: string): Promise<AgentIdl.GetAgentResponse> {
    return call(this.#meta, 'getAgent', create(AgentIdl.GetAgentRequestSchema, { name }));
  }
  health(service: string): Promise<HealthCheckResponse> {
    return call(this.#health, 'check', { service });
  }
  close(): void {
    for (const c of [this.#async, this.#meta, this.#health]) c.close();
  }
}

/** What {@link createRequest} builds a request of. */
export interface TaskRequestOptions {
  type: string;
  custom?: JsonObject;
  execution: string;
  attempt?: number;
  inputs?: JsonObject;
  typedInterface?: JsonObject;
  namespace?: string;
  environmentVariables?: Record<string, string>;
  outputPrefix?: string;
}

/** A CreateTask request as propeller builds it (`buildTaskExecutionMetadata`): one attempt of node n0. */
export function createRequest(o: TaskRequestOptions): AgentIdl.CreateTaskRequest {
  return create(AgentIdl.CreateTaskRequestSchema, {
    template: fromJson(TaskTemplateSchema, {
      id: {
        resourceType: 'TASK',
        project: 'flytesnacks',
        domain: 'development',
        name: `${o.type}-task`,
        version: 'v1',
      },
      type: o.type,
      ...(o.custom !== undefined ? { custom: o.custom } : {}),
      ...(o.typedInterface !== undefined ? { interface: o.typedInterface } : {}),
    }),
    inputs: fromJson(LiteralMapSchema, o.inputs ?? { literals: {} }),
    outputPrefix: o.outputPrefix ?? `s3://bucket/metadata/${o.execution}/n0/${o.attempt ?? 0}`,
    taskExecutionMetadata: {
      taskExecutionId: {
        taskId: {
          resourceType: 1,
          project: 'flytesnacks',
          domain: 'development',
          name: `${o.type}-task`,
          version: 'v1',
        },
        nodeExecutionId: {
          nodeId: 'n0',
          executionId: { project: 'flytesnacks', domain: 'development', name: o.execution },
        },
        retryAttempt: o.attempt ?? 0,
      },
      namespace: o.namespace ?? 'flytesnacks-development',
      labels: { team: 'tests' },
      annotations: { note: 'plugbench serve' },
      k8sServiceAccount: 'default',
      environmentVariables: o.environmentVariables ?? { FOO: 'bar' },
    },
  });
}

/** Polls GetTask until `done` holds, every `everyMs`, at most `timeoutMs`; returns every phase seen. */
export async function pollUntil(
  client: ConnectorClient,
  meta: Uint8Array,
  done: (r: AgentIdl.Resource) => boolean,
  o: { everyMs?: number; timeoutMs?: number } = {},
): Promise<{ last: AgentIdl.Resource; phases: number[] }> {
  const until = Date.now() + (o.timeoutMs ?? 30_000);
  const phases: number[] = [];
  for (;;) {
    const r = (await client.getTask(meta)).resource!;
    if (phases[phases.length - 1] !== r.phase) phases.push(r.phase);
    if (done(r)) return { last: r, phases };
    if (Date.now() > until)
      throw new Error(
        `GetTask did not reach the expected state within ${o.timeoutMs ?? 30_000} ms; phases seen: ${phases.join(', ')}; last message: ${r.message}`,
      );
    await new Promise((resolve) => setTimeout(resolve, o.everyMs ?? 50));
  }
}

/** The interface of the countdown test plugin: integer x in, integer o0 out (outputs are only kept when declared). */
export const COUNTDOWN_INTERFACE: JsonObject = {
  inputs: { variables: { x: { type: { simple: 'INTEGER' } } } },
  outputs: { variables: { o0: { type: { simple: 'INTEGER' } } } },
};

/** A CreateTask of the countdown plugin: `durationMs` of running, then o0 = 2 * x. */
export function countdownRequest(execution: string, durationMs: number, x: number): AgentIdl.CreateTaskRequest {
  return createRequest({
    type: 'countdown',
    custom: { durationMs },
    execution,
    typedInterface: COUNTDOWN_INTERFACE,
    inputs: { literals: { x: { scalar: { primitive: { integer: String(x) } } } } },
  });
}
