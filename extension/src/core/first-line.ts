/**
 * The first line of a message, cut to `max` characters: a status line, a history entry or a notification shows one
 * line, while errors (a plugin's stack, a zod issue list) often carry many.
 *
 * @module
 */

/** The first line of `s`, cut with an ellipsis to at most `max` characters (240 fits a notification). */
export function firstLine(s: string, max = 240): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
