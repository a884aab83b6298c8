/**
 * Go `resourcemanager.Proxy`: the `ResourceManager` a plugin gets in one round, which qualifies its names and
 * reports every call for the timeline.
 *
 * @module
 */
import {
  AllocationStatus,
  createSubNamespace,
  isAnAllocationStatus,
  type ResourceConstraintsSpec,
  type ResourceManager,
  type ResourceNamespace,
} from '../../contract/resource';
import { InvalidArgumentError, PlugbenchError } from '../../contract/errors';
import type { MaybePromise } from '../../contract/plugin';
import { resourcePoolInfo } from '../events';
import { StringPairLog } from './string-pair-log';
import type { AllocationOutcome, PoolUsage, PrefixConstraint, QuotaBackend } from './quota-backend';
import {
  TOKEN_NAMESPACE_SEPARATOR,
  composeNamespacePrefix,
  composeResourceConstraints,
  composeTokenPrefix,
  type ExecutionIdentity,
} from './qualify';

/**
 * One resource manager call as the timeline records it (the shape of the timeline's `ResourceCallSchema`, plus
 * `prefixConstraints`, `reason` and `intercepted`).
 */
export interface ResourceCallRecord {
  op: 'allocate' | 'release';
  /** As the plugin named it. */
  namespace: string;
  /** As the plugin named it. */
  token: string;
  /** `<rmID>:<pluginID>:<namespace>`. */
  namespaceFQ: string;
  /** `ex:<project>:<domain>:<execName>-<token>`. */
  tokenFQ: string;
  /** Allocate only, when the spec has any: the caps as the plugin gave them. */
  constraints?: { project?: number; namespace?: number };
  /** Allocate only, when the spec has any: the caps as the manager received them (Go `ComposeResourceConstraint`). */
  prefixConstraints?: PrefixConstraint[];
  /** Allocate only: what the promise resolved to, or `AllocationUndefined` when it rejected. */
  status?: AllocationStatus;
  /** Allocate only, when the manager decided: which rule did (see `AllocationOutcome.reason`). */
  reason?: string;
  /** Why the promise rejected. `code` is a `PlugbenchErrorCode` for plugbench's errors. */
  error?: { message: string; code?: string };
  /** The intercept hook answered instead of the manager (an injected fault). */
  intercepted?: true;
  /** The pool after the call; absent when the namespace has no registered quota. */
  poolAfter?: { used: number; quota: number };
}

/** What the intercept hook is asked about, before the manager. */
export interface ResourceInterceptCall {
  op: 'allocate' | 'release';
  /** As the plugin named it. */
  namespace: string;
  /** As the plugin named it. */
  token: string;
  /** Allocate only. */
  constraintsSpec?: ResourceConstraintsSpec;
}

/**
 * A fault hook consulted before the manager: an `Error` rejects the call, an {@link AllocationStatus} answers it
 * (for a release, any status makes it succeed), and in both cases the manager is not called and pools do not
 * change. `undefined` lets the call through.
 */
export type ResourceIntercept = (call: ResourceInterceptCall) => Error | AllocationStatus | undefined;

/** Go `event.ResourcePoolInfo`: a namespace and token (as the plugin named them) allocated in this round. */
export interface ResourcePoolEntry {
  namespace: string;
  allocationToken: string;
}

/** Options of {@link ResourceManagerProxy}. */
export interface ResourceManagerProxyOptions {
  /** The base manager, shared by every task execution of the executor. */
  backend: QuotaBackend;
  /** Go `PluginEntry.ID` of the plugin being called. */
  pluginID: string;
  /** The workflow execution the task execution belongs to. */
  execution: ExecutionIdentity;
  /**
   * Receives a record after each call, before its promise settles. Without it (and without an intercept) no record is
   * made: nobody would read it.
   */
  onCall?: (call: ResourceCallRecord) => void;
  /** Fault injection; see {@link ResourceIntercept}. */
  intercept?: ResourceIntercept;
  /**
   * Whether the round the proxy belongs to has settled (returned, thrown or timed out). A call after that is refused
   * without reaching the backend, so that no pool holds a token the timeline never shows, and is reported to
   * `onLateCall` instead of `onCall`. Its promise resolves (an allocation to `AllocationUndefined`, not granted):
   * nobody awaits a call that outlived its round, and a rejection would be an unhandled one.
   */
  settled?: () => boolean;
  /** Receives the error a call after the round settled was refused with. */
  onLateCall?: (error: LateResourceCallError) => void;
  /**
   * Records without what only the timeline shows (`reason`, `poolAfter`): the backend is asked for the status alone
   * and the pool is not looked up again. For rounds whose records nobody keeps.
   */
  lean?: boolean;
  /**
   * Qualified namespaces by the plugin's names, shared by the proxies of one plugin: each is made (and hashed by the
   * backend's tables) once, not at every call.
   */
  namespaces?: Map<string, string>;
}

/** The constraints of a spec without any: shared, never written. */
const NO_CONSTRAINTS: readonly PrefixConstraint[] = Object.freeze([]);

/** A resource manager call made after the round it belongs to settled: refused, and reported to the next round. */
export class LateResourceCallError extends InvalidArgumentError {}

/** Why a namespace or token the plugin gave is not a string, or `undefined`. */
function nameProblem(what: string, x: unknown): string | undefined {
  return typeof x === 'string' ? undefined : `${what} must be a string, got ${x === null ? 'null' : typeof x}`;
}

/**
 * Go `resourcemanager.Proxy` (`GetTaskResourceManager`): the `ResourceManager` of one task execution round. It
 * qualifies namespaces as `<rmID>:<pluginID>:<namespace>` and tokens as `ex:<project>:<domain>:<execName>-<token>`,
 * turns the constraints spec into prefix constraints, and calls the backend. A backend error rejects the promise
 * with that same error.
 *
 * A call the backend answers synchronously (the in-memory managers) settles its promise before returning it, as an
 * `async` method without `await` would; a remote manager's answer is awaited.
 */
export class ResourceManagerProxy implements ResourceManager {
  readonly #backend: QuotaBackend;
  readonly #namespacePrefix: string;
  readonly #tokenPrefix: string;
  readonly #execution: ExecutionIdentity;
  readonly #onCall: ((call: ResourceCallRecord) => void) | undefined;
  readonly #intercept: ResourceIntercept | undefined;
  /**
   * Go's `Proxy.ResourcePoolInfo`: the namespace and token of each allocation answered without error, in call order,
   * as pairs (no object per call); the map by token is made when asked for.
   */
  readonly #pool = new StringPairLog();
  readonly #settled: (() => boolean) | undefined;
  readonly #onLateCall: ((error: LateResourceCallError) => void) | undefined;
  readonly #lean: boolean;
  readonly #namespaces: Map<string, string>;
  /**
   * The last token qualified and its qualified string: a release of the token just allocated passes the backend the
   * string its allocate made, which the backend's tables have already hashed, instead of a new one to hash.
   */
  #lastToken: string | undefined;
  #lastTokenFQ = '';
  /**
   * Settled promises of this round's answers, by status, handed to every call the backend answers synchronously:
   * awaiting a settled promise resumes the caller in its own asynchronous context (the reaction belongs to the
   * awaiting side), so a call needs no promise of its own, and with promise hooks installed (the executor's clock
   * scope) every promise made costs a hook call. Per round, so that a plugin that changes a promise it got changes
   * no other round's. (Not frozen: Node's promise hooks write an id into an awaited promise.)
   */
  #answers: Map<AllocationStatus, Promise<AllocationStatus>> | undefined;
  /** {@link #answers} of `Granted`, by far the most frequent: found without a lookup. */
  #granted: Promise<AllocationStatus> | undefined;
  /** {@link #answers} of releases. */
  #released: Promise<void> | undefined;
  /** The last namespace qualified, and its qualified string (from {@link #namespaces}). */
  #lastNamespace: string | undefined;
  #lastNamespaceFQ = '';

  constructor(options: ResourceManagerProxyOptions) {
    this.#backend = options.backend;
    this.#namespacePrefix = composeNamespacePrefix(options.backend.id, options.pluginID);
    this.#execution = { ...options.execution };
    this.#tokenPrefix = tokenPrefixOf(this.#execution);
    this.#onCall = options.onCall;
    this.#intercept = options.intercept;
    this.#settled = options.settled;
    this.#onLateCall = options.onLateCall;
    this.#lean = options.lean === true;
    this.#namespaces = options.namespaces ?? new Map();
  }

  /** Go `GetID`: the base manager's id. */
  getID(): string {
    return this.#backend.id;
  }

  /** Go `Proxy.AllocateResource`. A missing spec counts as Go's zero value: no constraints. */
  allocateResource(
    namespace: ResourceNamespace,
    allocationToken: string,
    constraintsSpec: ResourceConstraintsSpec,
  ): Promise<AllocationStatus> {
    try {
      return this.#allocate(namespace, allocationToken, constraintsSpec);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Go `Proxy.ReleaseResource`. */
  releaseResource(namespace: ResourceNamespace, allocationToken: string): Promise<void> {
    try {
      return this.#release(namespace, allocationToken);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #allocate(
    namespace: ResourceNamespace,
    allocationToken: string,
    constraintsSpec: ResourceConstraintsSpec,
  ): Promise<AllocationStatus> {
    if (this.#refused('allocate', namespace, allocationToken)) return this.#settledWith(AllocationStatus.Undefined);
    const spec = constraintsSpec ?? {};
    if (this.#onCall === undefined && this.#intercept === undefined)
      return this.#allocateUnrecorded(namespace, allocationToken, spec);
    const record = this.#record('allocate', namespace, allocationToken, AllocationStatus.Undefined);
    const prefixConstraints = this.#constrain(spec, record);
    let answered: MaybePromise<AllocationStatus>;
    try {
      answered = this.#answer(spec, prefixConstraints, record);
    } catch (error) {
      throw this.#failAllocation(record, error);
    }
    // Only a remote manager's promise is awaited: an in-memory answer keeps its synchronous order.
    if (isPromise(answered)) return this.#allocateLater(record, answered);
    this.#allocated(record, answered);
    return this.#settledWith(answered);
  }

  /**
   * An allocation nobody records: the same backend call, status, error and pool info, without the record (an object
   * per call, kept for its round, was most of what the collector copied in a round of many calls). The backend is
   * asked for the status alone: its reason is for the record.
   */
  #allocateUnrecorded(namespace: string, token: string, spec: ResourceConstraintsSpec): Promise<AllocationStatus> {
    const constraints = hasConstraints(spec) ? composeResourceConstraints(spec, this.#execution) : NO_CONSTRAINTS;
    const answered = this.#backend.allocate(
      this.#qualify(namespace),
      this.#qualifyToken(token, 'allocate'),
      constraints,
      this.#tokenPrefix,
      token,
    );
    if (isPromise(answered))
      return answered.then((status) => {
        this.#pooled(namespace, token);
        return status;
      });
    this.#pooled(namespace, token);
    return this.#settledWith(answered);
  }

  /** Go `p.ResourcePoolInfo[allocationToken] = ...`: an allocation answered without error, Exhausted included. */
  #pooled(namespace: string, token: string): void {
    this.#pool.push(namespace, token);
  }

  /** The settled promise of `status` (see {@link #answers}). */
  #settledWith(status: AllocationStatus): Promise<AllocationStatus> {
    if (status === AllocationStatus.Granted) return (this.#granted ??= Promise.resolve(status));
    const answers = (this.#answers ??= new Map());
    let promise = answers.get(status);
    if (promise === undefined) answers.set(status, (promise = Promise.resolve(status)));
    return promise;
  }

  /** The prefix constraints of `spec` (Go `ComposeResourceConstraint`), noted in the record when there are any. */
  #constrain(spec: ResourceConstraintsSpec, record: ResourceCallRecord): readonly PrefixConstraint[] {
    if (!hasConstraints(spec)) return NO_CONSTRAINTS;
    const composed = composeResourceConstraints(spec, this.#execution);
    const constraints: { project?: number; namespace?: number } = {};
    if (spec.projectScopeResourceConstraint != null) constraints.project = spec.projectScopeResourceConstraint.value;
    if (spec.namespaceScopeResourceConstraint != null)
      constraints.namespace = spec.namespaceScopeResourceConstraint.value;
    record.constraints = constraints;
    record.prefixConstraints = composed;
    return composed;
  }

  /** The intercept's status, else the backend's (with its reason in the record unless lean). */
  #answer(
    spec: ResourceConstraintsSpec,
    prefixConstraints: readonly PrefixConstraint[],
    record: ResourceCallRecord,
  ): MaybePromise<AllocationStatus> {
    if (this.#intercept !== undefined) {
      const call = { op: 'allocate', namespace: record.namespace, token: record.token, constraintsSpec: spec } as const;
      const answer = this.#ask(call, record);
      if (answer !== undefined) return answer;
    }
    const { namespaceFQ, tokenFQ, token } = record;
    if (this.#lean) return this.#backend.allocate(namespaceFQ, tokenFQ, prefixConstraints, this.#tokenPrefix, token);
    const answered = this.#backend.allocateWithReason(
      namespaceFQ,
      tokenFQ,
      prefixConstraints,
      this.#tokenPrefix,
      token,
    );
    if (!isPromise(answered)) return reasoned(answered, record);
    return answered.then((outcome) => reasoned(outcome, record));
  }

  async #allocateLater(record: ResourceCallRecord, answered: Promise<AllocationStatus>): Promise<AllocationStatus> {
    let status: AllocationStatus;
    try {
      status = await answered;
    } catch (error) {
      throw this.#failAllocation(record, error);
    }
    this.#allocated(record, status);
    return status;
  }

  /** Records an allocation the manager (or the intercept) answered. */
  #allocated(record: ResourceCallRecord, status: AllocationStatus): void {
    record.status = status;
    this.#pooled(record.namespace, record.token);
    this.#finish(record);
  }

  /** Records a failed allocation; returns the error to throw. */
  #failAllocation(record: ResourceCallRecord, error: unknown): unknown {
    record.status = AllocationStatus.Undefined;
    this.#fail(record, error);
    return error;
  }

  #release(namespace: ResourceNamespace, allocationToken: string): Promise<void> {
    if (this.#refused('release', namespace, allocationToken)) return this.#settledRelease();
    if (this.#onCall === undefined && this.#intercept === undefined)
      return this.#releaseUnrecorded(namespace, allocationToken);
    const record = this.#record('release', namespace, allocationToken);
    let released: MaybePromise<void> = undefined;
    try {
      if (
        this.#intercept === undefined ||
        this.#ask({ op: 'release', namespace, token: allocationToken }, record) === undefined
      ) {
        released = this.#backend.release(record.namespaceFQ, record.tokenFQ, this.#tokenPrefix, allocationToken);
      }
    } catch (error) {
      this.#fail(record, error);
      throw error;
    }
    if (isPromise(released)) return this.#releaseLater(record, released);
    this.#finish(record);
    return this.#settledRelease();
  }

  /** A release nobody records (see {@link #allocateUnrecorded}). */
  #releaseUnrecorded(namespace: string, token: string): Promise<void> {
    const released = this.#backend.release(
      this.#qualify(namespace),
      this.#qualifyToken(token, 'release'),
      this.#tokenPrefix,
      token,
    );
    // A promise of its own, settled one job after the backend's, as `#releaseLater` settles.
    return isPromise(released) ? released.then(nothing) : this.#settledRelease();
  }

  /** The settled promise of a release (see {@link #answers}). */
  #settledRelease(): Promise<void> {
    return (this.#released ??= Promise.resolve());
  }

  async #releaseLater(record: ResourceCallRecord, released: Promise<void>): Promise<void> {
    try {
      await released;
    } catch (error) {
      this.#fail(record, error);
      throw error;
    }
    this.#finish(record);
  }

  /**
   * Go `Proxy.GetResourcePoolInfo`: what this proxy allocated without error (Exhausted included), by the rule the
   * round's task events use on the round's call records ({@link resourcePoolInfo} of `events.ts`).
   */
  resourcePoolInfo(): ResourcePoolEntry[] {
    const calls: Pick<ResourceCallRecord, 'op' | 'namespace' | 'token'>[] = [];
    this.#pool.forEach((namespace, token) => calls.push({ op: 'allocate', namespace, token }));
    return resourcePoolInfo(calls);
  }

  /**
   * Whether a call is refused before the backend: made after the round settled (reported to `onLateCall`). Throws
   * for names that are not strings, which no record could show.
   */
  #refused(op: 'allocate' | 'release', namespace: unknown, token: unknown): boolean {
    if (typeof namespace !== 'string' || typeof token !== 'string') {
      const bad = nameProblem('the namespace', namespace) ?? nameProblem('the allocation token', token);
      throw new InvalidArgumentError(`${op === 'allocate' ? 'AllocateResource' : 'ReleaseResource'}: ${bad}`);
    }
    if (this.#settled?.() !== true) return false;
    const late = new LateResourceCallError(
      `${op === 'allocate' ? 'AllocateResource' : 'ReleaseResource'} [${String(namespace)}] [${String(token)}] was called after its round had settled ` +
        '(returned, thrown or timed out); it was refused and no pool changed: await every resource call before returning',
    );
    this.#onLateCall?.(late);
    return true;
  }

  /**
   * A call's record. An allocation's comes with its status, a placeholder until the manager answers: a record made
   * with every field it will have keeps one shape (a field added later costs a second backing store per record).
   */
  #record(op: 'allocate' | 'release', namespace: string, token: string, status?: AllocationStatus): ResourceCallRecord {
    const namespaceFQ = this.#qualify(namespace);
    const tokenFQ = this.#qualifyToken(token, op);
    if (status === undefined) return { op, namespace, token, namespaceFQ, tokenFQ };
    return { op, namespace, token, namespaceFQ, tokenFQ, status };
  }

  /**
   * The qualified token. An allocation makes it (a new token, most of the time: comparing it with the last one would
   * read both) and remembers it; a release finds it when it names the token last allocated, the same string most of
   * the time (equal without reading it).
   */
  #qualifyToken(token: string, op: 'allocate' | 'release'): string {
    if (op === 'allocate' || token !== this.#lastToken) {
      this.#lastToken = token;
      this.#lastTokenFQ = this.#tokenPrefix + token;
    }
    return this.#lastTokenFQ;
  }

  #qualify(namespace: string): string {
    if (namespace === this.#lastNamespace) return this.#lastNamespaceFQ;
    let fq = this.#namespaces.get(namespace);
    if (fq === undefined) {
      fq = createSubNamespace(this.#namespacePrefix, namespace);
      this.#namespaces.set(namespace, fq);
    }
    this.#lastNamespace = namespace;
    this.#lastNamespaceFQ = fq;
    return fq;
  }

  /** The intercept's status, `undefined` to go on to the backend; throws the intercept's error. */
  #ask(call: ResourceInterceptCall, record: ResourceCallRecord): AllocationStatus | undefined {
    if (this.#intercept === undefined) return undefined;
    let answer: unknown;
    try {
      answer = this.#intercept(call);
    } catch (error) {
      record.intercepted = true;
      throw error;
    }
    if (answer === undefined) return undefined;
    record.intercepted = true;
    if (answer instanceof Error) throw answer;
    if (isAnAllocationStatus(answer)) return answer;
    throw new InvalidArgumentError(
      `Resource intercept returned [${String(answer)}] for ${call.op} [${call.namespace}] [${call.token}]; ` +
        'expected an Error, an AllocationStatus or undefined',
    );
  }

  #fail(record: ResourceCallRecord, error: unknown): void {
    record.error =
      error instanceof PlugbenchError
        ? { message: error.message, code: error.code }
        : { message: error instanceof Error ? error.message : String(error) };
    this.#finish(record);
  }

  #finish(record: ResourceCallRecord): void {
    if (this.#lean) return this.#onCall?.(record);
    const usage: PoolUsage | undefined = this.#backend.usage(record.namespaceFQ);
    if (usage !== undefined && usage.quota !== null) record.poolAfter = { used: usage.used, quota: usage.quota };
    this.#onCall?.(record);
  }
}

/** The execution {@link tokenPrefixOf} made its prefix for last (none at first), and that prefix. */
let lastProject: string | undefined;
let lastDomain: string | undefined;
let lastName: string | undefined;
let lastTokenPrefix = '';

/**
 * Go `ComposeTokenPrefix` and the separator: what every qualified token of `execution` starts with. Joined into one
 * flat string: hashing or comparing a string made by `+` walks its tree of parts. The same string for the same
 * execution as the last call's (a task's rounds, one after the other): the base manager's tables compare it with
 * the one they keep, and the same string is equal without reading its characters.
 */
function tokenPrefixOf(execution: ExecutionIdentity): string {
  const { project, domain, name } = execution;
  if (name !== lastName || domain !== lastDomain || project !== lastProject) {
    lastTokenPrefix = [composeTokenPrefix(execution), TOKEN_NAMESPACE_SEPARATOR].join('');
    [lastProject, lastDomain, lastName] = [project, domain, name];
  }
  return lastTokenPrefix;
}

/** Whether a spec has any constraint (Go's zero value has none). */
function hasConstraints(spec: ResourceConstraintsSpec): boolean {
  return spec.projectScopeResourceConstraint != null || spec.namespaceScopeResourceConstraint != null;
}

/** What a release's promise resolves to. */
function nothing(): void {}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** An outcome's status, its reason noted in the record. */
function reasoned(outcome: AllocationOutcome, record: ResourceCallRecord): AllocationStatus {
  record.reason = outcome.reason;
  return outcome.status;
}
