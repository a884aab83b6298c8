/**
 * The round driver of one replica: it drives, on the real clock, every execution whose lease it holds, persists
 * the state after each round, and takes over executions whose driver died (their lease expired).
 *
 * @module
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  AgentIdl,
  LiteralMapSchema,
  type CallRecord,
  type DetachedRounds,
  type DetachedTask,
  type DetachedTaskState,
  type TaskSpec,
} from '@plugbench/sdk';
import { attemptOf, executionKey } from './execution-key';
import type { ExecutionRecord, ExecutionStore } from './store';

/** Options of {@link ExecutionDriver}. */
export interface DriverOptions {
  rounds: DetachedRounds;
  store: ExecutionStore;
  /** This replica's name in leases. */
  owner: string;
  /** How long a lease lasts without renewal; another replica takes over after it. */
  leaseMs: number;
  /** The next round of an execution whose round changed nothing comes this much later (Flyte's resync period). */
  resyncMs: number;
  /** How often due rounds are looked for. */
  tickMs: number;
  /** Rounds run at once. */
  concurrency: number;
  /** One line per event worth logging. */
  log: (line: string) => void;
}

interface Driven {
  key: string;
  task: DetachedTask;
  state: DetachedTaskState | undefined;
  nextAtMs: number;
  running: boolean;
  /** Last lease renewal, ms. */
  leasedAt: number;
}

/** The task execution spec of a stored CreateTask request. */
export function taskSpecOf(key: string, request: AgentIdl.CreateTaskRequest): TaskSpec & { attempt: number } {
  const a = attemptOf(request);
  if (a === undefined) throw new Error('CreateTask request without task_execution_metadata.task_execution_id');
  const md = request.taskExecutionMetadata;
  if (request.template === undefined) throw new Error('CreateTask request without a template');
  return {
    id: key,
    template: request.template,
    ...(request.inputs !== undefined ? { inputs: request.inputs } : {}),
    execution: { project: a.project, domain: a.domain, name: a.executionName },
    nodeId: a.nodeId,
    attempt: a.retryAttempt,
    ...(md !== undefined ? { labels: { ...md.labels }, annotations: { ...md.annotations } } : {}),
    ...(md?.k8sServiceAccount ? { serviceAccount: md.k8sServiceAccount } : {}),
    ...(md?.namespace ? { namespace: md.namespace } : {}),
    ...(md !== undefined ? { environmentVariables: { ...md.environmentVariables } } : {}),
    ...(request.outputPrefix ? { outputPrefix: request.outputPrefix } : {}),
  };
}

/** Encodes a CreateTask request for the store. */
export function encodeRequest(request: AgentIdl.CreateTaskRequest): string {
  return Buffer.from(toBinary(AgentIdl.CreateTaskRequestSchema, request)).toString('base64');
}

/** Decodes a stored CreateTask request. */
export function decodeRequest(base64: string): AgentIdl.CreateTaskRequest {
  return fromBinary(AgentIdl.CreateTaskRequestSchema, Buffer.from(base64, 'base64'));
}

/** Drives executions; see the module. */
export class ExecutionDriver {
  readonly #o: DriverOptions;
  readonly #driven = new Map<string, Driven>();
  readonly #inFlight = new Set<Promise<void>>();
  #timers: NodeJS.Timeout[] = [];
  #stopping = false;
  #rounds = 0;

  constructor(options: DriverOptions) {
    this.#o = options;
  }

  /** Rounds run since start. */
  get rounds(): number {
    return this.#rounds;
  }

  /** Starts the tick (due rounds, lease renewals) and the scan for executions without a driver. */
  start(): void {
    this.#timers.push(setInterval(() => this.#tick(), this.#o.tickMs));
    this.#timers.push(
      setInterval(
        () => void this.#scan().catch((e) => this.#o.log(`scan failed: ${message(e)}`)),
        Math.max(50, this.#o.leaseMs / 2),
      ),
    );
  }

  /** Takes the lease of `key` if nobody holds it and drives the execution; `true` when this replica drives it. */
  async adopt(key: string): Promise<boolean> {
    if (this.#stopping) return false;
    const known = this.#driven.get(key);
    if (known !== undefined) {
      known.nextAtMs = Date.now();
      return true;
    }
    if (!(await this.#o.store.lease(key, this.#o.owner, this.#o.leaseMs))) return false;
    const record = await this.#o.store.get(key);
    if (record === undefined || record.state?.finished === true || this.#driven.has(key)) {
      if (!this.#driven.has(key)) await this.#o.store.releaseLease(key, this.#o.owner);
      return this.#driven.has(key);
    }
    const task = this.#taskOf(record);
    this.#driven.set(key, {
      key,
      task,
      state: record.state,
      nextAtMs: Date.now(),
      running: false,
      leasedAt: Date.now(),
    });
    if (record.state !== undefined) this.#o.log(`takeover ${key} (round ${record.state.rounds})`);
    return true;
  }

  #taskOf(record: ExecutionRecord): DetachedTask {
    const request = decodeRequest(record.request);
    const a = attemptOf(request);
    if (a === undefined || executionKey(a) !== record.key)
      throw new Error(`stored request of ${record.key} does not match its key`);
    return this.#o.rounds.task(taskSpecOf(record.key, request), record.state);
  }

  /** Stops: no new round starts; rounds in flight finish and persist; leases are given back for another replica. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    for (const key of this.#driven.keys()) await this.#o.store.releaseLease(key, this.#o.owner).catch(() => {});
    this.#driven.clear();
  }

  #tick(): void {
    if (this.#stopping) return;
    const now = Date.now();
    for (const d of this.#driven.values()) {
      if (this.#inFlight.size >= this.#o.concurrency) break;
      if (d.running) continue;
      if (d.nextAtMs <= now) this.#launch(d, () => this.#round(d));
      else if (now - d.leasedAt > this.#o.leaseMs / 3) this.#launch(d, () => this.#renew(d));
    }
  }

  #launch(d: Driven, work: () => Promise<void>): void {
    d.running = true;
    const p = work()
      .catch((e) => {
        this.#o.log(`driver error ${d.key}: ${message(e)}`);
        d.nextAtMs = Date.now() + this.#o.resyncMs;
      })
      .finally(() => {
        d.running = false;
        this.#inFlight.delete(p);
      });
    this.#inFlight.add(p);
  }

  async #renew(d: Driven): Promise<void> {
    if (await this.#o.store.lease(d.key, this.#o.owner, this.#o.leaseMs)) d.leasedAt = Date.now();
    else this.#drop(d, 'lease lost');
  }

  async #round(d: Driven): Promise<void> {
    // 1. The lease first: a round must never run in two replicas.
    if (!(await this.#o.store.lease(d.key, this.#o.owner, this.#o.leaseMs))) return this.#drop(d, 'lease lost');
    d.leasedAt = Date.now();
    // 2. An abort DeleteTask asked for in any replica.
    const record = await this.#o.store.get(d.key);
    if (record === undefined) return this.#drop(d, 'record gone');
    if (record.abortRequested !== undefined) this.#o.rounds.requestAbort(d.task, record.abortRequested);
    // 3. The round, with the executor's rules.
    const before = d.state;
    const records = await this.#o.rounds.round(d.task);
    this.#rounds++;
    const state = this.#o.rounds.state(d.task, records, before);
    // 4. Persist, with the outputs once succeeded.
    const outputs = state.finishedAs === 'Succeeded' ? await this.#outputs(d.task) : undefined;
    if (!(await this.#o.store.save(d.key, this.#o.owner, state, outputs)))
      return this.#drop(d, 'lease lost before the round persisted');
    d.state = state;
    this.#logChange(d.key, before, state);
    if (state.finished) {
      this.#driven.delete(d.key);
      await this.#o.rounds.forget(d.task);
      await this.#o.store.releaseLease(d.key, this.#o.owner);
      return;
    }
    d.nextAtMs = Date.now() + (changed(before, state, records) ? 0 : this.#o.resyncMs);
  }

  async #outputs(task: DetachedTask): Promise<string | undefined> {
    const outputs = await this.#o.rounds.outputs(task);
    return outputs === undefined ? undefined : Buffer.from(toBinary(LiteralMapSchema, outputs)).toString('base64');
  }

  #drop(d: Driven, why: string): void {
    this.#driven.delete(d.key);
    this.#o.log(`release ${d.key}: ${why}`);
  }

  async #scan(): Promise<void> {
    if (this.#stopping) return;
    for (const key of await this.#o.store.active()) {
      if (this.#stopping) return;
      if (!this.#driven.has(key)) await this.adopt(key).catch((e) => this.#o.log(`adopt ${key} failed: ${message(e)}`));
    }
  }

  #logChange(key: string, before: DetachedTaskState | undefined, after: DetachedTaskState): void {
    const b = before === undefined ? '' : `${before.nodePhase}/${before.pluginPhase}:${before.pluginPhaseVersion}`;
    const a = `${after.nodePhase}/${after.pluginPhase}:${after.pluginPhaseVersion}`;
    if (a !== b || after.lastRoundError !== undefined) {
      this.#o.log(
        `round ${key} #${after.rounds} ${a}${after.finished ? ` finished ${after.finishedAs}` : ''}${after.lastRoundError !== undefined ? ` round error: ${after.lastRoundError}` : ''}`,
      );
    }
  }
}

function changed(
  before: DetachedTaskState | undefined,
  after: DetachedTaskState,
  records: readonly CallRecord[],
): boolean {
  if (records.some((r) => r.decision?.code === 'round-error')) return false;
  if (before === undefined) return true;
  return (
    before.nodePhase !== after.nodePhase ||
    before.pluginPhase !== after.pluginPhase ||
    before.pluginPhaseVersion !== after.pluginPhaseVersion ||
    records.some((r) => r.events.length > 0)
  );
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
