/**
 * The browser entry of the standalone HTML report: reads the records embedded in
 * `<script type="application/json" id="plugbench-timeline">` and mounts the view. Errors are shown on the page,
 * never swallowed.
 *
 * @module
 */
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import { mountTimelineView } from './view';

function showError(message: string): void {
  const box = document.createElement('pre');
  box.className = 'pb-fatal';
  box.setAttribute('role', 'alert');
  box.textContent = `The timeline could not be shown:\n${message}`;
  document.body.prepend(box);
}

function main(): void {
  const data = document.getElementById('plugbench-timeline');
  const app = document.getElementById('app');
  if (!data || !app) return showError('the report has no #plugbench-timeline data or #app element');
  let records: TimelineRecord[];
  try {
    records = JSON.parse(data.textContent ?? '[]') as TimelineRecord[];
  } catch (e) {
    return showError(`the embedded timeline is not JSON: ${(e as Error).message}`);
  }
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce || undefined;
  const view = mountTimelineView(app, { records, title: document.title, cssNonce: nonce });
  // For tests and for anyone poking at a report from the devtools console.
  (window as unknown as { plugbenchView: unknown }).plugbenchView = view;
}

window.addEventListener('error', (e) => showError(e.message));
try {
  main();
} catch (e) {
  showError(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
}
