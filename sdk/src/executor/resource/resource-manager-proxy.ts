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
import type { PoolUsage, PrefixConstraint, QuotaBackend } from './quota-backend';
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
  /** Receives a record after each call, before its promise settles. */
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
 */
export class ResourceManagerProxy implements ResourceManager {
  readonly #backend: QuotaBackend;
  readonly #namespacePrefix: string;
  readonly #tokenPrefix: string;
  readonly #execution: ExecutionIdentity;
  readonly #onCall: ((call: ResourceCallRecord) => void) | undefined;
  readonly #intercept: ResourceIntercept | undefined;
  /** Namespaces by allocation token, in first-call order. */
  readonly #poolInfo = new Map<string, string>();
  readonly #settled: (() => boolean) | undefined;
  readonly #onLateCall: ((error: LateResourceCallError) => void) | undefined;
  readonly #lean: boolean;
  readonly #namespaces: Map<string, string>;
  /**
   * Qualified tokens of this round by the plugin's tokens: a release finds the string its allocate made, which the
   * backend's tables have already hashed, instead of concatenating (and hashing) a new one.
   */
  readonly #tokens = new Map<string, string>();

  constructor(options: ResourceManagerProxyOptions) {
    this.#backend = options.backend;
    this.#namespacePrefix = composeNamespacePrefix(options.backend.id, options.pluginID);
    this.#execution = { ...options.execution };
    this.#tokenPrefix = composeTokenPrefix(this.#execution) + TOKEN_NAMESPACE_SEPARATOR;
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
  async allocateResource(
    namespace: ResourceNamespace,
    allocationToken: string,
    constraintsSpec: ResourceConstraintsSpec,
  ): Promise<AllocationStatus> {
    if (this.#refused('allocate', namespace, allocationToken)) return AllocationStatus.Undefined;
    const spec = constraintsSpec ?? {};
    const record = this.#record('allocate', namespace, allocationToken);
    let prefixConstraints = NO_CONSTRAINTS;
    if (spec.projectScopeResourceConstraint != null || spec.namespaceScopeResourceConstraint != null) {
      const composed = composeResourceConstraints(spec, this.#execution);
      prefixConstraints = composed;
      const constraints: { project?: number; namespace?: number } = {};
      if (spec.projectScopeResourceConstraint != null) constraints.project = spec.projectScopeResourceConstraint.value;
      if (spec.namespaceScopeResourceConstraint != null)
        constraints.namespace = spec.namespaceScopeResourceConstraint.value;
      record.constraints = constraints;
      record.prefixConstraints = composed;
    }
    try {
      const answer =
        this.#intercept === undefined
          ? undefined
          : this.#ask({ op: 'allocate', namespace, token: allocationToken, constraintsSpec: spec }, record);
      if (answer !== undefined) {
        record.status = answer;
      } else if (this.#lean) {
        const answered = this.#backend.allocate(record.namespaceFQ, record.tokenFQ, prefixConstraints);
        record.status = isPromise(answered) ? await answered : answered;
      } else {
        const answered = this.#backend.allocateWithReason(record.namespaceFQ, record.tokenFQ, prefixConstraints);
        // Only a remote manager's promise is awaited: an in-memory answer keeps its synchronous order.
        const outcome = isPromise(answered) ? await answered : answered;
        record.status = outcome.status;
        record.reason = outcome.reason;
      }
    } catch (error) {
      record.status = AllocationStatus.Undefined;
      this.#fail(record, error);
      throw error;
    }
    // Go records the pool info whenever there is no error, Exhausted included.
    this.#poolInfo.set(allocationToken, namespace);
    this.#finish(record);
    return record.status;
  }

  /** Go `Proxy.ReleaseResource`. */
  async releaseResource(namespace: ResourceNamespace, allocationToken: string): Promise<void> {
    if (this.#refused('release', namespace, allocationToken)) return;
    const record = this.#record('release', namespace, allocationToken);
    try {
      if (
        this.#intercept === undefined ||
        this.#ask({ op: 'release', namespace, token: allocationToken }, record) === undefined
      ) {
        const released = this.#backend.release(record.namespaceFQ, record.tokenFQ);
        if (isPromise(released)) await released;
      }
    } catch (error) {
      this.#fail(record, error);
      throw error;
    }
    this.#finish(record);
  }

  /**
   * Go `Proxy.GetResourcePoolInfo`: what this round allocated without error (Exhausted included), one entry per
   * token, in first-call order (Go's map order is random). Goes into the round's task event.
   */
  resourcePoolInfo(): ResourcePoolEntry[] {
    return [...this.#poolInfo].map(([allocationToken, namespace]) => ({ namespace, allocationToken }));
  }

  /**
   * Whether a call is refused before the backend: made after the round settled (reported to `onLateCall`). Throws
   * for names that are not strings, which no record could show.
   */
  #refused(op: 'allocate' | 'release', namespace: unknown, token: unknown): boolean {
    const bad = nameProblem('the namespace', namespace) ?? nameProblem('the allocation token', token);
    if (bad !== undefined)
      throw new InvalidArgumentError(`${op === 'allocate' ? 'AllocateResource' : 'ReleaseResource'}: ${bad}`);
    if (this.#settled?.() !== true) return false;
    const late = new LateResourceCallError(
      `${op === 'allocate' ? 'AllocateResource' : 'ReleaseResource'} [${String(namespace)}] [${String(token)}] was called after its round had settled ` +
        '(returned, thrown or timed out); it was refused and no pool changed: await every resource call before returning',
    );
    this.#onLateCall?.(late);
    return true;
  }

  #record(op: 'allocate' | 'release', namespace: string, token: string): ResourceCallRecord {
    return {
      op,
      namespace,
      token,
      namespaceFQ: this.#qualify(namespace),
      tokenFQ: this.#qualifyToken(token),
    };
  }

  #qualifyToken(token: string): string {
    let fq = this.#tokens.get(token);
    if (fq === undefined) {
      fq = this.#tokenPrefix + token;
      this.#tokens.set(token, fq);
    }
    return fq;
  }

  #qualify(namespace: string): string {
    let fq = this.#namespaces.get(namespace);
    if (fq === undefined) {
      fq = createSubNamespace(this.#namespacePrefix, namespace);
      this.#namespaces.set(namespace, fq);
    }
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

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
