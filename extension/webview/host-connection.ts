/**
 * How both webviews (the timeline and the comparison) talk to the extension host: VS Code's webview API, the CSP
 * nonce of their script, and the failures inside them they report (uncaught errors, unhandled rejections, CSP
 * violations, messages they could not handle). The host logs those (errors are never silent), and the integration
 * tests fail on them. Browser code only.
 *
 * @module
 */

/** The API VS Code gives a webview's script (once). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The `error` message both webview protocols carry, cut to the sizes their schemas accept. */
export interface ErrorReport {
  type: 'error';
  message: string;
  stack?: string;
}

/** Reports one failure to the host. */
export type ReportError = (message: string, stack?: string) => void;

/** A webview's connection to the host: `Out` the messages it posts, `State` what it keeps while hidden. */
export interface HostConnection<Out, State> {
  post(message: Out): void;
  /** The state kept from before the webview was hidden or reloaded, unchecked. */
  savedState(): unknown;
  keepState(state: State): void;
  /** The nonce of this script, for the styles the webview adds (the CSP allows no others). */
  nonce: string;
  reportError: ReportError;
}

/** Connects this webview to the host; from now on every uncaught failure is reported. */
export function connectToHost<Out, State = never>(): HostConnection<Out, State> {
  const api = acquireVsCodeApi();
  return {
    post: (m) => api.postMessage(m),
    savedState: () => api.getState(),
    keepState: (state) => api.setState(state),
    nonce: (document.currentScript as HTMLScriptElement | null)?.nonce ?? '',
    reportError: reportErrors((m) => api.postMessage(m)),
  };
}

/** Reports every uncaught error, unhandled rejection and CSP violation through `post`; answers the reporter. */
function reportErrors(post: (m: ErrorReport) => void): ReportError {
  const report: ReportError = (message, stack) =>
    post({ type: 'error', message: message.slice(0, 20000), ...(stack ? { stack: stack.slice(0, 50000) } : {}) });
  window.addEventListener('error', (e) =>
    report(`uncaught: ${e.message} (${e.filename}:${e.lineno}:${e.colno})`, (e.error as Error | undefined)?.stack),
  );
  window.addEventListener('unhandledrejection', (e) =>
    report(`unhandled rejection: ${String(e.reason)}`, (e.reason as Error | undefined)?.stack),
  );
  // A CSP violation is a bug of ours.
  document.addEventListener('securitypolicyviolation', (e) =>
    report(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`,
    ),
  );
  return report;
}

/** Hands every message from the host to `handle`; a message it fails on is reported, not lost. */
export function onHostMessages<M>(handle: (m: M) => void, report: ReportError): void {
  window.addEventListener('message', (e: MessageEvent) => {
    try {
      handle(e.data as M);
    } catch (err) {
      report(
        `handling ${(e.data as { type?: string })?.type ?? 'a message'} failed: ${(err as Error).message}`,
        (err as Error).stack,
      );
    }
  });
}
