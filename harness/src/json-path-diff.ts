/**
 * Where two JSON values differ, path by path (`$.tasks[0].events[1]: expected "RUNNING:0", actual "SUCCEEDED:0"`),
 * so that a failed expectation says which element is wrong rather than printing two long values.
 *
 * @module
 */

/** One difference: the JSON path and both sides (`undefined` where a side has nothing). */
export interface JsonPathDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

/** The differences of `actual` from `expected`, leaves first found first; at most `max`. */
export function jsonPathDiff(expected: unknown, actual: unknown, root = '$', max = 20): JsonPathDifference[] {
  const out: JsonPathDifference[] = [];
  const walk = (e: unknown, a: unknown, at: string): void => {
    if (out.length >= max) return;
    if (Array.isArray(e) && Array.isArray(a)) {
      for (let i = 0; i < Math.max(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`);
      return;
    }
    if (isObject(e) && isObject(a)) {
      for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) walk(e[k], a[k], `${at}${key(k)}`);
      return;
    }
    if (JSON.stringify(e) !== JSON.stringify(a)) out.push({ path: at, expected: e, actual: a });
  };
  walk(expected, actual, root);
  return out;
}

/** The differences as lines, `$[1]: expected "A", actual (nothing)`. */
export function formatJsonPathDiff(diff: readonly JsonPathDifference[]): string[] {
  const show = (v: unknown) => (v === undefined ? '(nothing)' : JSON.stringify(v));
  return diff.map((d) => `${d.path}: expected ${show(d.expected)}, actual ${show(d.actual)}`);
}
