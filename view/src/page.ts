/**
 * The HTML page around the timeline view, for the Node code that writes one (the standalone report, the webview
 * panel of the extension host): strings only, nothing of the DOM at module load.
 *
 * @module
 */
export { TIMELINE_VIEW_CSS } from './styles';
export { REPORT_THEME_CSS } from './report-theme';

/**
 * The `data-encoding` of the report's `#plugbench-timeline` element when it holds the timeline's columnar text
 * (`encodeTimelineColumns` of `@plugbench/sdk/timeline`), gzipped, in base64. Without the attribute it holds JSON.
 */
export const COLUMNS_ENCODING = 'columns+gzip+base64';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** What goes into {@link htmlPage}. */
export interface HtmlPageOptions {
  /** The page's content security policy (escaped here). */
  csp: string;
  /** The page title, as text (escaped here). */
  title: string;
  /** More `<head>` elements, as HTML. */
  head?: string;
  /** The `<body>` content, as HTML. */
  body: string;
}

/** One HTML page: the doctype, charset, content security policy, viewport and title every page of ours has. */
export function htmlPage(options: HtmlPageOptions): string {
  const { csp, title, head, body } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head ? `${head}\n` : ''}<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}
