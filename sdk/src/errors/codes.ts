/**
 * The error codes of Go `flyteplugins/go/tasks/errors` (`errors.go`): what a plugin tags its errors with so that the
 * engine, and its tests, can tell failures apart.
 *
 * @module
 */

/** Go `flyteplugins/go/tasks/errors`: the codes, by their Go constant names. */
export const ErrorCode = {
  TaskFailedWithError: 'TaskFailedWithError',
  DownstreamSystemError: 'DownstreamSystemError',
  TaskFailedUnknownError: 'TaskFailedUnknownError',
  BadTaskSpecification: 'BadTaskSpecification',
  TaskEventRecordingFailed: 'TaskEventRecordingFailed',
  MetadataAccessFailed: 'MetadataAccessFailed',
  MetadataTooLarge: 'MetadataTooLarge',
  PluginInitializationFailed: 'PluginInitializationFailed',
  /** Go's constant is `CacheFailed`; its value is not its name. */
  CacheFailed: 'AutoRefreshCacheFailed',
  RuntimeFailure: 'RuntimeFailure',
  CorruptedPluginState: 'CorruptedPluginState',
  ResourceManagerFailure: 'ResourceManagerFailure',
  BackOffError: 'BackOffError',
} as const;
/** One of the {@link ErrorCode} values; any other string is a valid code too (Go `errors.ErrorCode` is a string). */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
