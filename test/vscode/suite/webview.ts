// Clicks, drags and keys inside a webview, through the driver (scripts/vscode/webview-actions.cjs), and what its
// elements say afterwards: the extension host cannot touch a webview's DOM.
import { request } from './driver';

/** One thing a person does in the webview; fractions place a point in an element's box. */
export type WebviewStep =
  | { click: string; nth?: number }
  | { dblclick: string; at?: [number, number] }
  | { drag: string; from: [number, number]; to: [number, number] }
  | { press: string }
  | { select: string; value: string }
  | { settle: number };

/** An element to read: its attribute, or its text. */
export interface WebviewRead {
  selector: string;
  attribute?: string;
}

/**
 * Does `steps` in the webview that shows `waitFor`, then reads `read`; each value is null when nothing matched.
 */
export async function inWebview(
  waitFor: string,
  steps: WebviewStep[],
  read: WebviewRead[] = [],
  timeoutMs = 30000,
): Promise<(string | null)[]> {
  const ack = await request({ kind: 'webview', waitFor, steps, read, timeoutMs }, 'webview', timeoutMs);
  return ack.values ?? [];
}
