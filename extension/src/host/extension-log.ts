/**
 * The extension's log: the "plugbench" output channel plus the last lines written to it, which the integration
 * tests read because VS Code gives no way to read a channel back.
 *
 * @module
 */
import type { LogOutputChannel, VSCode } from '../vscode-types';

/** A log level of the output channel. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Writes a line to the log. */
export type Log = (level: LogLevel, message: string) => void;

/** The output channel and its recent lines. */
export class ExtensionLog {
  readonly channel: LogOutputChannel;
  /** The last lines written (at most 1000; trimmed 200 at a time so that a busy run does not shift on every line). */
  readonly recent: string[] = [];

  constructor(vscode: VSCode) {
    this.channel = vscode.window.createOutputChannel('plugbench', { log: true });
  }

  /** Writes to the output channel. */
  write(level: LogLevel, message: string): void {
    this.channel[level](message);
    this.recent.push(`${level} ${message}`);
    if (this.recent.length > 1000) this.recent.splice(0, 200);
  }
}
