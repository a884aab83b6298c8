/**
 * `@plugbench/sdk/errors`: Go `flyteplugins/go/tasks/errors` (its codes, `Errorf`, `Wrapf`) over the error type of
 * `flytestdlib/errors`. A plugin throws these; tests read `code`; the executor reports a round error with it.
 *
 * @module
 */
export { ErrorCode } from './codes';
export { PluginError, errorf, wrapf, getErrorCode, isCausedBy, isCausedByError } from './plugin-error';
export { sprintf } from './format';
