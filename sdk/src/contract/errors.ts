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

/**
 * The base of an error class with one code: its constructor takes the message and, optionally, the cause.
 * @internal
 */
function coded(code: PlugbenchErrorCode): new (message: string, options?: { cause?: unknown }) => PlugbenchError {
  return class extends PlugbenchError {
    constructor(message: string, options?: { cause?: unknown }) {
      super(message, { ...options, code });
    }
  };
}

/** A name or number that is not a member of an enum (Go enumer's `... does not belong to ... values`). */
export class EnumError extends coded(PlugbenchErrorCode.Enum) {}

/** A plugin state value that would not come back unchanged from the state store. */
export class StateSerializationError extends coded(PlugbenchErrorCode.StateSerialization) {
  /** JSON path of the offending part of the value, `$` for the value itself. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${message} at ${path}`);
    this.path = path;
  }
}

/** Stored plugin state that does not decode into what the plugin asked for. */
export class StateDecodeError extends coded(PlugbenchErrorCode.StateDecode) {}

/** An argument outside what the contract allows (a state version over 255, a negative quota...). */
export class InvalidArgumentError extends coded(PlugbenchErrorCode.InvalidArgument) {}

/**
 * A generated name that cannot fit the maximum length; carries the name Flyte would still use
 * (Go returns both the value and the error).
 */
export class GeneratedNameError extends coded(PlugbenchErrorCode.GeneratedName) {
  constructor(
    message: string,
    /** The best name that could be made, longer than the maximum. */
    readonly bestEffortName: string,
  ) {
    super(message);
  }
}

/** A plugin that failed to load at setup: names the plugin and carries the loader's error as `cause`. */
export class PluginLoadError extends coded(PlugbenchErrorCode.PluginLoad) {
  /** The `PluginEntry.id` of the plugin. */
  readonly pluginId: string;
  constructor(message: string, pluginId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.pluginId = pluginId;
  }
}

/** No plugin handles a task type (Go `UnsupportedTaskTypeError`). */
export class UnsupportedTaskTypeError extends coded(PlugbenchErrorCode.UnsupportedTaskType) {
  constructor(
    message: string,
    /** The task type that found no plugin. */
    readonly taskType: string,
  ) {
    super(message);
  }
}

/** A `Handle`, `Abort` or `Finalize` call that did not settle within the round timeout. */
export class RoundTimeoutError extends coded(PlugbenchErrorCode.RoundTimeout) {}

/** An error raised on purpose by a fault the fixture or test injected. */
export class InjectedFaultError extends coded(PlugbenchErrorCode.InjectedFault) {
  constructor(
    message: string,
    /** The kind of fault, as named in the fault script. */
    readonly fault: string,
  ) {
    super(message);
  }
}

/** A resource namespace that was never registered (Go: `Requested resource [...] not found`). */
export class ResourceNotFoundError extends coded(PlugbenchErrorCode.ResourceNotFound) {}

/** A secret found neither in the environment, the secrets directory nor the fixture. */
export class SecretNotFoundError extends coded(PlugbenchErrorCode.SecretNotFound) {}

/** An object, blob or entry that does not exist (Kubernetes NotFound, a missing data store reference). */
export class NotFoundError extends coded(PlugbenchErrorCode.NotFound) {}

/** An object that already exists (Kubernetes `AlreadyExists`, `k8serrors.IsAlreadyExists`), from a create. */
export class AlreadyExistsError extends coded(PlugbenchErrorCode.AlreadyExists) {}

/**
 * A write based on a stale read (Kubernetes `Conflict`, `k8serrors.IsConflict`): an update whose
 * `metadata.resourceVersion` is not the stored one.
 */
export class ConflictError extends coded(PlugbenchErrorCode.Conflict) {}

// By their names as written here: a bundler that renames classes must not change what `instanceof` matches.
for (const [name, cls] of Object.entries({
  EnumError,
  StateSerializationError,
  StateDecodeError,
  InvalidArgumentError,
  GeneratedNameError,
  PluginLoadError,
  UnsupportedTaskTypeError,
  RoundTimeoutError,
  InjectedFaultError,
  ResourceNotFoundError,
  SecretNotFoundError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
})) {
  crossRealmClass(cls, name);
}
