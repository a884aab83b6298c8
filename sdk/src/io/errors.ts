/**
 * Errors of the plugin-facing io helpers.
 *
 * @module
 */
import { crossRealmClass, PlugbenchError, PlugbenchErrorCode } from '../contract/index';

/**
 * Go `ioutils.ErrRemoteFileExceedsMaxSize`: an outputs blob larger than the maximum the reader was given. The
 * executor turns it into a non-recoverable `OutputSizeExceeded` failure, as FlytePropeller has since flyte #5725.
 */
export class OutputSizeExceededError extends PlugbenchError {
  /** The blob that is too large. */
  readonly path: string;
  /** Its size in bytes. */
  readonly size: number;
  /** The maximum in bytes. */
  readonly maxSize: number;
  constructor(message: string, details: { path: string; size: number; maxSize: number }) {
    super(message, { code: PlugbenchErrorCode.OutputSizeExceeded });
    this.path = details.path;
    this.size = details.size;
    this.maxSize = details.maxSize;
  }
}
crossRealmClass(OutputSizeExceededError, 'OutputSizeExceededError');
