/**
 * Where the command writes, apart from the commands so that the command's entry (main.ts) loads nothing else.
 *
 * @module
 */
import type { ColorStream } from './colors';

/** Where the command writes; the process's streams by default. */
export interface CliIo {
  stdout: { write(s: string): unknown } & ColorStream;
  stderr: { write(s: string): unknown } & ColorStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The process's own streams, folder and environment. */
export const defaultIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
