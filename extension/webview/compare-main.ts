/**
 * The comparison webview: a run beside its golden timeline (@plugbench/view's comparison, two timeline views on one
 * cursor), connected to the extension host. Everything it shows comes in one `compareLoad`; the host asks for the
 * toolbar's actions from commands; the webview says where the cursor is. Browser code only.
 *
 * @module
 */
import { CompareView } from '@plugbench/view';
import type { CompareToHost, HostToCompare } from '../src/protocol/webview-messages';

interface VsCodeApi {
  postMessage(message: CompareToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const post = (m: CompareToHost) => api.postMessage(m);

function reportError(message: string, stack?: string): void {
  post({ type: 'error', message: message.slice(0, 20000), ...(stack ? { stack: stack.slice(0, 50000) } : {}) });
}
window.addEventListener('error', (e) =>
  reportError(`uncaught: ${e.message} (${e.filename}:${e.lineno}:${e.colno})`, (e.error as Error | undefined)?.stack),
);
document.addEventListener('securitypolicyviolation', (e) =>
  reportError(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`),
);

const root = document.getElementById('plugbench-root')!;
let view: CompareView | undefined;

function handle(m: HostToCompare): void {
  if (m.type === 'compareLoad') {
    view?.dispose();
    root.replaceChildren();
    view = new CompareView(root, {
      run: m.run,
      golden: m.golden,
      differences: m.differences,
      cursor: m.cursor,
      cssNonce: nonce,
      onState: (s) => post({ type: 'compareState', ...s, text: s.text.slice(0, 2000) }),
    });
    return;
  }
  if (!view) return;
  switch (m.action) {
    case 'firstDifference':
      return view.firstDifference();
    case 'nextDifference':
      return view.stepDifference(1);
    case 'previousDifference':
      return view.stepDifference(-1);
    case 'toggleLayout':
      return view.toggleLayout();
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  try {
    handle(e.data as HostToCompare);
  } catch (err) {
    reportError(
      `handling ${(e.data as { type?: string })?.type ?? 'a message'} failed: ${(err as Error).message}`,
      (err as Error).stack,
    );
  }
});

post({ type: 'ready' });
