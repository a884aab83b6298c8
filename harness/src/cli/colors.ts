/**
 * Colours of the command's output, through Node's own terminal support: `hasColors()` of a terminal stream decides
 * (so `FORCE_COLOR=0`, `NO_COLOR`, `NODE_DISABLE_COLORS` and `TERM=dumb` work as in Node itself), and `util.styleText`
 * paints. A stream that is not a terminal (a pipe, a file) is coloured only when `FORCE_COLOR` asks for it.
 *
 * @module
 */
import tty from 'node:tty';
import { styleText } from 'node:util';

/** A stream the command writes to; `hasColors` is there when it is a terminal. */
export interface ColorStream {
  isTTY?: boolean;
  hasColors?: (env?: Record<string, string | undefined>) => boolean;
}

/** Whether to colour what goes to `stream`, given the environment and `--no-color`. */
export function useColor(
  stream: ColorStream,
  env: Record<string, string | undefined>,
  noColor: boolean | undefined,
): boolean {
  // NO_COLOR is checked first: Node lets FORCE_COLOR win over it, with a warning printed to stderr.
  if (noColor === true || env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined) return false;
  if (stream.isTTY === true && typeof stream.hasColors === 'function') return stream.hasColors(env);
  if (env.FORCE_COLOR === undefined) return false;
  return tty.WriteStream.prototype.getColorDepth.call({} as tty.WriteStream, env) > 1;
}

/** The styles the reporters use. */
export type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold';

/** `text` in `style` when `color`, else as it is. */
export function paint(style: Style, text: string, color: boolean): string {
  // The decision is ours (useColor): styleText must not check process.stdout again.
  return color ? styleText(style, text, { validateStream: false } as never) : text;
}
