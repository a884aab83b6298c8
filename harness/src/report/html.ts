/**
 * The standalone HTML report of a timeline: one self-contained file (inline script and CSS, the records embedded
 * as JSON, or in columns and gzipped when large) that works offline from `file://`, under a strict content security policy: scripts and styles only with
 * the file's nonce, nothing else loaded.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeTimelineColumns, type TimelineRecord } from '@plugbench/sdk/timeline';
import { COLUMNS_ENCODING, REPORT_THEME_CSS, TIMELINE_VIEW_CSS, htmlPage } from '@plugbench/view/page';
import type { ReportSummary } from '@plugbench/sdk/timeline';
import { viewBundle } from './view-bundle';

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** The page title (default "plugbench timeline"). */
  title?: string;
  /** The view's JS to inline instead of the built bundle (tests). */
  script?: string;
  /** What the run was tested for, passed and failed: shown above the timeline. */
  summary?: ReportSummary;
}

/**
 * Timelines whose JSON is longer than this are embedded in columns, gzipped (base64): a 100,000-round run is about
 * 140 MB of JSON and under a tenth of that gzipped, and the view decodes the columns it draws and parses a record only
 * when it is shown (`model-columns.ts` of `@plugbench/sdk/timeline`). Shorter ones stay plain JSON, readable in the
 * file as they are.
 */
export const COMPRESS_ABOVE_CHARS = 1_000_000;

/**
 * The `<script>` element that carries the records: plain JSON, or the columnar text gzipped in base64 (no `<` in
 * either).
 */
export function timelineDataElement(records: readonly TimelineRecord[]): string {
  const lines = records.map((r) => JSON.stringify(r));
  const chars = lines.reduce((n, l) => n + l.length + 1, 1);
  // `[` + the lines joined by commas + `]` is JSON.stringify(records).
  if (chars <= COMPRESS_ABOVE_CHARS)
    return `<script type="application/json" id="plugbench-timeline">${scriptSafe(`[${lines.join(',')}]`)}</script>`;
  // Level 4: within a few percent of the smallest, several times faster than the default on 100 MB.
  const packed = gzipSync(encodeTimelineColumns(records, lines), { level: 4 }).toString('base64');
  return `<script type="application/octet-stream" id="plugbench-timeline" data-encoding="${COLUMNS_ENCODING}">${packed}</script>`;
}

/** JSON safe inside a `<script>` element: no `<` (so no `</script>` or `<!--`), and no JS line separators. */
export function scriptSafeJson(value: unknown): string {
  return scriptSafe(JSON.stringify(value));
}

function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JS that cannot end its `<script>` element early. */
function scriptSafeJs(code: string): string {
  return code
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--')
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

/**
 * Renders a timeline as a self-contained HTML page.
 * @returns the HTML text; write it to a `.html` file and open it in any browser.
 */
export async function renderHtmlReport(
  records: readonly TimelineRecord[],
  options: HtmlReportOptions = {},
): Promise<string> {
  const title = options.title ?? 'plugbench timeline';
  const script = options.script ?? (await viewBundle()).code;
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const calls = records.reduce((n, r) => n + (r.kind === 'call' ? 1 : 0), 0);
  return htmlPage({
    csp,
    title,
    head: `<meta name="color-scheme" content="light dark">
<meta name="generator" content="plugbench">
<style nonce="${nonce}" data-plugbench-timeline>${REPORT_THEME_CSS}${TIMELINE_VIEW_CSS}</style>`,
    body: `<noscript><p class="pb-fatal">This report draws the timeline (${records.length} records, ${calls} calls) with JavaScript, which is switched off.</p></noscript>
<div id="app"></div>
${timelineDataElement(records)}
${options.summary ? `<script type="application/json" id="plugbench-summary">${scriptSafeJson(options.summary)}</script>\n` : ''}<script nonce="${nonce}">${scriptSafeJs(script)}</script>`,
  });
}
