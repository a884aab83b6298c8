/**
 * The timeline webview's HTML: one script and nothing inline but nonce'd elements, under a policy without
 * `unsafe-eval` or `unsafe-inline` (the Temporal extension had to drop its nonce for a codegen library; our webview
 * bundle holds no zod and no codegen).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml, htmlPage } from '@plugbench/view/page';

/** A fresh nonce per page. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/** The content security policy of the panel. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The page: a root for the view and the script that mounts it. */
export function timelineHtml(options: { cspSource: string; nonce: string; scriptUri: string; title: string }): string {
  const { cspSource, nonce, scriptUri, title } = options;
  return htmlPage({
    csp: contentSecurityPolicy(cspSource, nonce),
    title,
    body: `<div id="plugbench-root"><p class="pb-loading">Loading the plugbench timeline…</p></div>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>`,
  });
}
