/**
 * The comparison webview: a run beside its golden timeline (@plugbench/view's comparison, two timeline views on one
 * cursor), connected to the extension host. Everything it shows comes in one `compareLoad`; the host asks for the
 * toolbar's actions from commands; the webview says where the cursor is. Browser code only.
 *
 * @module
 */
import { CompareView } from '@plugbench/view';
import type { CompareToHost, HostToCompare } from '../src/protocol/webview-messages';
import { connectToHost, onHostMessages } from './host-connection';

const { post, nonce, reportError } = connectToHost<CompareToHost>();

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

onHostMessages<HostToCompare>(handle, reportError);

post({ type: 'ready' });
