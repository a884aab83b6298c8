// Test-side half of the driver protocol (scripts/vscode/code, automation.cjs): asks the browser that
// renders the workbench to do what the extension host cannot, and waits for its answer.
import * as fs from 'fs';
import * as path from 'path';

const dir = process.env.PLUGBENCH_DRIVER_DIR;
let seq = 0;

/** True when running under scripts/vscode/code, which serves screenshot and palette requests. */
export function hasDriver(): boolean {
  return !!dir && fs.existsSync(path.join(dir, 'requests'));
}

/** The driver's answer to a request. */
export interface Ack {
  ok: boolean;
  files?: string[];
  message?: string;
  buttons?: string[];
  values?: (string | null)[];
  error?: string;
}

/** Sends a request to the driver and waits for its answer; throws on an error or when it does not answer. */
export async function request(body: Record<string, unknown>, label: string, timeoutMs: number): Promise<Ack> {
  if (!dir || !hasDriver()) throw new Error('no VS Code driver: run through scripts/vscode/code');
  const id = `${Date.now()}-${String(++seq).padStart(4, '0')}-${label.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const file = path.join(dir, 'requests', `${id}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(body));
  fs.renameSync(`${file}.tmp`, file); // the driver must never read half a request
  const ack = path.join(dir, 'acks', `${id}.done`);
  const deadline = Date.now() + timeoutMs + 5000;
  while (Date.now() < deadline) {
    if (fs.existsSync(ack)) {
      const result = JSON.parse(fs.readFileSync(ack, 'utf8')) as Ack;
      if (!result.ok) throw new Error(`driver: ${result.error}`);
      return result;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`driver did not answer ${label} within ${timeoutMs} ms`);
}

/**
 * Screenshots the webview whose frame shows `waitFor` into <name>.png and the whole workbench into
 * <name>-workbench.png (only <name>.png, the workbench, when `waitFor` is omitted). Returns the paths.
 */
export async function screenshot(name: string, waitFor?: string, timeoutMs = 30000): Promise<string[]> {
  const ack = await request({ kind: 'screenshot', name, waitFor, timeoutMs }, name, timeoutMs);
  return ack.files ?? [];
}

/** Resizes the browser window that shows the workbench (the page's viewport), as a person resizing the window. */
export async function setViewport(width: number, height: number): Promise<void> {
  await request({ kind: 'viewport', width, height }, `viewport-${width}x${height}`, 10000);
}

/** Runs a command the way a person would: F1, its palette title (e.g. "File: New Untitled Text File"), Enter. */
export async function runFromPalette(title: string, timeoutMs = 15000): Promise<void> {
  await request({ kind: 'command', title, timeoutMs }, 'palette', timeoutMs);
}

/**
 * Waits for a notification toast whose message contains `waitFor` and answers its message and button labels;
 * clicks the button labelled `click` when given.
 */
export async function notification(
  waitFor: string,
  click?: string,
  timeoutMs = 10000,
): Promise<{ message: string; buttons: string[] }> {
  const ack = await request({ kind: 'notification', waitFor, click, timeoutMs }, 'notification', timeoutMs);
  return { message: ack.message ?? '', buttons: ack.buttons ?? [] };
}
