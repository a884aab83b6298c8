/**
 * Golden timelines in the editor: each file in its own read-only panel (one per file, focused again when it is
 * open), never in the live run's panel; and comparisons of a run with its golden timeline. Runs start elsewhere.
 *
 * @module
 */
import * as path from 'node:path';
import { parseTimeline, type TimelineRecord } from '@plugbench/sdk/timeline';
import { firstLine } from '../core/first-line';
import type { Uri, VSCode, WebviewPanel } from '../vscode-types';
import { ComparePanel } from './compare-panel';
import { TimelinePanel, type PanelHost, type PanelSource } from './timeline-panel';
import { Uses } from '../core/uses';

/** A recorded timeline file, read and validated. */
export interface TimelineFile {
  file: string;
  text: string;
  records: TimelineRecord[];
}

/** Keeps the golden timeline panels (by file) and the comparison panels. */
export class GoldenPanels extends Uses<{ vscode: VSCode; extensionUri: Uri; host: PanelHost }> {
  /** Open golden panels, by absolute file path. */
  readonly panels = new Map<string, TimelinePanel>();
  /** The comparison opened last, while it is open. */
  compare: ComparePanel | undefined;

  /** Reads a timeline file; shows why it cannot be read and answers `undefined`. */
  async read(uri: Uri): Promise<TimelineFile | undefined> {
    try {
      const text = new TextDecoder().decode(await this.uses.vscode.workspace.fs.readFile(uri));
      return { file: uri.fsPath, text, records: parseTimeline(text, uri.fsPath, { golden: true }) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.uses.host.write('error', message);
      void this.uses.vscode.window.showErrorMessage(
        `plugbench: cannot open ${path.basename(uri.fsPath)} as a timeline: ${firstLine(message)}`,
      );
      return undefined;
    }
  }

  /** Opens a recorded timeline in its own panel, or focuses the one that shows it. */
  async open(uri: Uri): Promise<TimelinePanel | undefined> {
    const key = path.resolve(uri.fsPath);
    const open = this.panels.get(key);
    if (open && !open.disposed) {
      open.reveal();
      return open;
    }
    const read = await this.read(uri);
    if (!read) return undefined;
    const panel = TimelinePanel.create(this.uses.vscode, this.uses.extensionUri, staticSource(read), this.uses.host);
    this.panels.set(key, panel);
    return panel;
  }

  /** A golden panel VS Code kept across a reload: shown again from its file. */
  async restore(webviewPanel: WebviewPanel, file: string): Promise<void> {
    const read = await this.read(this.uses.vscode.Uri.file(file));
    const source: PanelSource = read
      ? staticSource(read)
      : {
          kind: 'message',
          title: webviewPanel.title,
          fixture: file,
          status: { phase: 'error', message: `The timeline file ${file} cannot be read.`, rounds: 0 },
        };
    const panel = new TimelinePanel(this.uses.vscode, webviewPanel, this.uses.extensionUri, source, this.uses.host);
    this.panels.get(path.resolve(file))?.dispose();
    this.panels.set(path.resolve(file), panel);
  }

  /** Whether `panel` is one of the golden panels. */
  has(panel: TimelinePanel): boolean {
    return [...this.panels.values()].includes(panel);
  }

  /** A panel was closed: forget it if it was a golden one. */
  disposed(panel: TimelinePanel): void {
    for (const [k, p] of this.panels) if (p === panel) this.panels.delete(k);
  }

  /** Opens a comparison of `run` with the golden timeline `golden`. */
  async compareWith(
    run: { title: string; records: readonly TimelineRecord[] },
    golden: Uri,
  ): Promise<ComparePanel | undefined> {
    const read = await this.read(golden);
    if (!read) return undefined;
    const name = path.basename(read.file);
    this.compare = new ComparePanel(
      this.uses.vscode,
      this.uses.extensionUri,
      {
        title: `Compare: ${run.title} ↔ ${name}`,
        run,
        golden: { title: name, file: read.file, text: read.text, records: read.records },
      },
      {
        write: (level, message) => this.uses.host.write(level, message),
        disposed: (p) => {
          if (this.compare === p) this.compare = undefined;
        },
      },
    );
    return this.compare;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.compare?.dispose();
  }
}

function staticSource(read: TimelineFile): PanelSource {
  return { kind: 'static', records: read.records, title: `Golden: ${path.basename(read.file)}`, file: read.file };
}
