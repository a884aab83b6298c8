/**
 * Errors thrown by plugin code, in the timeline's form: message, code and stack, whatever was thrown.
 *
 * @module
 */
import type { CallError } from '../timeline/types';

/** `error` as a timeline call error. */
export function errorInfo(source: CallError['source'], error: unknown): CallError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      source,
      // Plugin code can throw an Error whose message or stack is not a string: the record must still be valid.
      message: typeof error.message === 'string' ? error.message : safeString(error.message),
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
    };
  }
  return { source, message: `a non-Error was thrown: ${safeString(error)}` };
}

function safeString(x: unknown): string {
  try {
    return typeof x === 'string' ? JSON.stringify(x) : (JSON.stringify(x) ?? String(x));
  } catch {
    try {
      return String(x);
    } catch {
      // An object without prototype, or whose toString throws.
      return Object.prototype.toString.call(x);
    }
  }
}
