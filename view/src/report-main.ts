/**
 * The browser entry of the standalone HTML report: reads the records embedded in
 * `<script type="application/json" id="plugbench-timeline">` (or, in a large report, their columns, gzipped in
 * base64, `data-encoding="columns+gzip+base64"`) and mounts the view with the cursor at the run's last
 * round (where it ended), under the summary of what passed and failed (`#plugbench-summary`, when the report has
 * one). Errors are shown on the page, never swallowed.
 *
 * @module
 */
import { TimelineModel, decodeTimelineColumns, type TimelineRecord } from '@plugbench/sdk/timeline';
import type { ReportSummary } from '@plugbench/sdk/timeline';
import { COLUMNS_ENCODING } from './page';
import { REPORT_SUMMARY_CSS, renderSummary } from './report-summary';
import { mountTimelineView } from './view';

function showError(message: string): void {
  const box = document.createElement('pre');
  box.className = 'pb-fatal';
  box.setAttribute('role', 'alert');
  box.textContent = `The timeline could not be shown:\n${message}`;
  document.body.prepend(box);
}

/** The bytes of base64 text: natively where the browser can, else through `atob`. */
function base64Bytes(text: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native.call(Uint8Array, text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The embedded timeline's model: built from the records when they are JSON; from the columns when the report is
 * large (gzipped columnar text in base64), its records parsed only when shown.
 */
async function embeddedModel(data: HTMLElement): Promise<TimelineModel> {
  const text = data.textContent ?? '[]';
  if (data.dataset.encoding === undefined) {
    const records = JSON.parse(text) as TimelineRecord[];
    performance.mark('plugbench:parsed');
    return TimelineModel.from(records);
  }
  if (data.dataset.encoding !== COLUMNS_ENCODING)
    throw new Error(`the embedded timeline has an unknown encoding "${data.dataset.encoding}"`);
  if (typeof DecompressionStream === 'undefined')
    throw new Error(
      'this browser cannot decompress the embedded timeline (no DecompressionStream); open the report in a current browser',
    );
  const bytes = base64Bytes(text);
  performance.mark('plugbench:decoded');
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const timeline = decodeTimelineColumns(new Uint8Array(await new Response(stream).arrayBuffer()));
  performance.mark('plugbench:parsed');
  return timeline.model();
}

/** The embedded summary, if the report has one. */
function readSummary(): ReportSummary | undefined {
  const el = document.getElementById('plugbench-summary');
  return el ? ((JSON.parse(el.textContent ?? 'null') as ReportSummary | null) ?? undefined) : undefined;
}

/** The summary above the view: its CSS, and the element the view mounts in. */
function summaryLayout(app: HTMLElement, nonce: string | undefined): HTMLElement {
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = REPORT_SUMMARY_CSS;
  document.head.append(style);
  app.classList.add('pbr-layout');
  const host = document.createElement('div');
  host.className = 'pbr-view';
  app.append(host);
  return host;
}

async function main(): Promise<void> {
  const data = document.getElementById('plugbench-timeline');
  const app = document.getElementById('app');
  if (!data || !app) return showError('the report has no #plugbench-timeline data or #app element');
  // Read now: `document.currentScript` is only set while the script first runs.
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce || undefined;
  let model: TimelineModel;
  // Marks for benchmarks and the devtools' performance panel: where the time to a painted report goes.
  try {
    model = await embeddedModel(data);
  } catch (e) {
    return showError(`the embedded timeline cannot be read: ${(e as Error).message}`);
  }
  const summary = readSummary();
  const host = summary ? summaryLayout(app, nonce) : app;
  const view = mountTimelineView(host, { model, title: document.title, cssNonce: nonce });
  // The report is read after the run: it opens where the run ended, not before its first round.
  view.setCursor(view.model.callCount - 1);
  if (summary) app.prepend(renderSummary(summary, view.model, (call) => view.setCursor(call)));
  performance.mark('plugbench:mounted');
  requestAnimationFrame(() => setTimeout(() => performance.mark('plugbench:painted'), 0));
  // For tests and for anyone poking at a report from the devtools console.
  (window as unknown as { plugbenchView: unknown }).plugbenchView = view;
}

window.addEventListener('error', (e) => showError(e.message));
main().catch((e: unknown) => showError(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)));
