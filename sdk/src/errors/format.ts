/**
 * The subset of Go's `fmt.Sprintf` verbs that plugin error messages use.
 *
 * @module
 */

/** Go `%v` of a value: errors by their message, arrays as `[a b]`, objects as JSON. */
function goValue(x: unknown): string {
  if (x instanceof Error) return x.message;
  if (Array.isArray(x)) return `[${x.map(goValue).join(' ')}]`;
  if (x === null || x === undefined) return '<nil>';
  if (typeof x === 'object') {
    try {
      return JSON.stringify(x);
    } catch {
      return String(x);
    }
  }
  return String(x);
}

function verb(v: string, x: unknown): string {
  switch (v) {
    case 'd':
      return typeof x === 'number' ? String(Math.trunc(x)) : typeof x === 'bigint' ? String(x) : `%!d(${goValue(x)})`;
    case 'q':
      return JSON.stringify(goValue(x));
    default:
      return goValue(x);
  }
}

/**
 * Go `fmt.Sprintf` for `%v`, `%+v`, `%s`, `%d`, `%q`, `%f`, `%t` and `%%`. Missing arguments print as Go does
 * (`%!v(MISSING)`); extra arguments are appended as `%!(EXTRA ...)`.
 */
export function sprintf(format: string, ...args: unknown[]): string {
  let i = 0;
  const out = format.replace(/%([+#]?)([vsdqft%])/g, (_m, _flag: string, v: string) => {
    if (v === '%') return '%';
    if (i >= args.length) return `%!${v}(MISSING)`;
    return verb(v, args[i++]);
  });
  if (i < args.length) return `${out}%!(EXTRA ${args.slice(i).map(goValue).join(', ')})`;
  return out;
}
