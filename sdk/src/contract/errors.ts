/**
 * Error classes of plugbench. Every class is recognised by `instanceof` across two copies of the package (the
 * extension bundles its own SDK while a user's plugin imports another), through a `Symbol.for` marker.
 *
 * @module
 */

/** The codes of {@link PlugbenchError}, one per class. */
export const PlugbenchErrorCode = {
  Plugbench: 'Plugbench',
  Enum: 'Enum',
  StateSerialization: 'StateSerialization',
  StateDecode: 'StateDecode',
  InvalidArgument: 'InvalidArgument',
  GeneratedName: 'GeneratedName',
  PluginLoad: 'PluginLoad',
  UnsupportedTaskType: 'UnsupportedTaskType',
  RoundTimeout: 'RoundTimeout',
  InjectedFault: 'InjectedFault',
  ResourceNotFound: 'ResourceNotFound',
  SecretNotFound: 'SecretNotFound',
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  OutputSizeExceeded: 'OutputSizeExceeded',
} as const;
/** A code of {@link PlugbenchErrorCode}. */
export type PlugbenchErrorCode = (typeof PlugbenchErrorCode)[keyof typeof PlugbenchErrorCode];

const markerOf = (name: string) => Symbol.for(`@plugbench/sdk.is${name}`);

/**
 * Marks `cls` so that `x instanceof cls` holds for instances made by another copy of the same class.
 * @internal
 */
export function crossRealmClass(cls: { prototype: object }, name: string): void {
  const marker = markerOf(name);
  Object.defineProperty(cls.prototype, marker, { value: true, enumerable: false });
  Object.defineProperty(cls.prototype, 'name', { value: name, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    // A subclass that is not marked itself inherits this static method; for it, `this` is the subclass, and the
    // ordinary prototype check applies (else every instance of `cls` would pass `instanceof Subclass`).
    value: function (this: unknown, x: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, x);
      return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[marker] === true;
    },
  });
}

/** Base class of every error plugbench throws. */
export class PlugbenchError extends Error {
  /** What went wrong, one code per subclass. */
  readonly code: PlugbenchErrorCode;
  constructor(message: string, options?: { cause?: unknown; code?: PlugbenchErrorCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? PlugbenchErrorCode.Plugbench;
  }
  /** A plain, serialisable form for timelines and messages. */
  toJSON(): { name: string; code: PlugbenchErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
crossRealmClass(PlugbenchError, 'PlugbenchError');

/** A name or number that is not a member of an enum (Go enumer's `... does not belong to ... values`). */
export class EnumError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.Enum });
  }
}
crossRealmClass(EnumError, 'EnumError');

/** A plugin state value that would not come back unchanged from the state store. */
export class StateSerializationError extends PlugbenchError {
  /** JSON path of the offending part of the value, `$` for the value itself. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${message} at ${path}`, { code: PlugbenchErrorCode.StateSerialization });
    this.path = path;
  }
}
crossRealmClass(StateSerializationError, 'StateSerializationError');

/** Stored plugin state that does not decode into what the plugin asked for. */
export class StateDecodeError extends PlugbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: PlugbenchErrorCode.StateDecode });
  }
}
crossRealmClass(StateDecodeError, 'StateDecodeError');

/** An argument outside what the contract allows (a state version over 255, a negative quota...). */
export class InvalidArgumentError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.InvalidArgument });
  }
}
crossRealmClass(InvalidArgumentError, 'InvalidArgumentError');

/**
 * A generated name that cannot fit the maximum length; carries the name Flyte would still use
 * (Go returns both the value and the error).
 */
export class GeneratedNameError extends PlugbenchError {
  /** The best name that could be made, longer than the maximum. */
  readonly bestEffortName: string;
  constructor(message: string, bestEffortName: string) {
    super(message, { code: PlugbenchErrorCode.GeneratedName });
    this.bestEffortName = bestEffortName;
  }
}
crossRealmClass(GeneratedNameError, 'GeneratedNameError');

/** A plugin that failed to load at setup: names the plugin and carries the loader's error as `cause`. */
export class PluginLoadError extends PlugbenchError {
  /** The `PluginEntry.id` of the plugin. */
  readonly pluginId: string;
  constructor(message: string, pluginId: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: PlugbenchErrorCode.PluginLoad });
    this.pluginId = pluginId;
  }
}
crossRealmClass(PluginLoadError, 'PluginLoadError');

/** No plugin handles a task type (Go `UnsupportedTaskTypeError`). */
export class UnsupportedTaskTypeError extends PlugbenchError {
  /** The task type that found no plugin. */
  readonly taskType: string;
  constructor(message: string, taskType: string) {
    super(message, { code: PlugbenchErrorCode.UnsupportedTaskType });
    this.taskType = taskType;
  }
}
crossRealmClass(UnsupportedTaskTypeError, 'UnsupportedTaskTypeError');

/** A `Handle`, `Abort` or `Finalize` call that did not settle within the round timeout. */
export class RoundTimeoutError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.RoundTimeout });
  }
}
crossRealmClass(RoundTimeoutError, 'RoundTimeoutError');

/** An error raised on purpose by a fault the fixture or test injected. */
export class InjectedFaultError extends PlugbenchError {
  /** The kind of fault, as named in the fault script. */
  readonly fault: string;
  constructor(message: string, fault: string) {
    super(message, { code: PlugbenchErrorCode.InjectedFault });
    this.fault = fault;
  }
}
crossRealmClass(InjectedFaultError, 'InjectedFaultError');

/** A resource namespace that was never registered (Go: `Requested resource [...] not found`). */
export class ResourceNotFoundError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.ResourceNotFound });
  }
}
crossRealmClass(ResourceNotFoundError, 'ResourceNotFoundError');

/** A secret found neither in the environment, the secrets directory nor the fixture. */
export class SecretNotFoundError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.SecretNotFound });
  }
}
crossRealmClass(SecretNotFoundError, 'SecretNotFoundError');

/** An object, blob or entry that does not exist (Kubernetes NotFound, a missing data store reference). */
export class NotFoundError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.NotFound });
  }
}
crossRealmClass(NotFoundError, 'NotFoundError');

/** An object that already exists (Kubernetes `AlreadyExists`, `k8serrors.IsAlreadyExists`), from a create. */
export class AlreadyExistsError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.AlreadyExists });
  }
}
crossRealmClass(AlreadyExistsError, 'AlreadyExistsError');

/**
 * A write based on a stale read (Kubernetes `Conflict`, `k8serrors.IsConflict`): an update whose
 * `metadata.resourceVersion` is not the stored one.
 */
export class ConflictError extends PlugbenchError {
  constructor(message: string) {
    super(message, { code: PlugbenchErrorCode.Conflict });
  }
}
crossRealmClass(ConflictError, 'ConflictError');
