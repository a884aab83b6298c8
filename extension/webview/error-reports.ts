/**
 * How both webviews (the timeline and the comparison) tell the host what failed inside them: uncaught errors,
 * unhandled rejections, CSP violations and messages they could not handle. The host logs them (errors are never
 * silent), and the integration tests fail on them. Browser code only.
 *
 * @module
 */

/** The `error` message both webview protocols carry, cut to the sizes their schemas accept. */
export interface ErrorReport {
  type: 'error';
  message: string;
  stack?: string;
}

/** Reports one failure to the host. */
export type ReportError = (message: string, stack?: string) => void;

/** Reports every uncaught error, unhandled rejection and CSP violation through `post`; answers the reporter. */
export function reportErrors(post: (m: ErrorReport) => void): ReportError {
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
