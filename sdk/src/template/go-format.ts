/**
 * Go's text forms of the values a template input can hold: `time.Time` in RFC 3339 with nanoseconds,
 * `time.Duration.String()` and `%v` of a float64.
 *
 * @module
 */
import type { Duration, Timestamp } from '@bufbuild/protobuf/wkt';

/** Go `t.Format(time.RFC3339Nano)` of a UTC timestamp: the fraction without trailing zeros, none when zero. */
export function rfc3339Nano(ts: Timestamp): string {
  const base = new Date(Number(ts.seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  const fraction = ts.nanos === 0 ? '' : `.${String(ts.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${fraction}Z`;
}

/** Go `strconv`-style fraction: `int.frac` without trailing zeros. */
function decimal(whole: bigint, frac: bigint, digits: number): string {
  const f = frac === 0n ? '' : `.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
  return `${whole}${f}`;
}

/** Go `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`. */
export function goDuration(d: Duration): string {
  let ns = d.seconds * 1_000_000_000n + BigInt(d.nanos);
  const sign = ns < 0n ? '-' : '';
  if (ns < 0n) ns = -ns;
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${sign}${ns}ns`;
  if (ns < 1_000_000n) return `${sign}${decimal(ns / 1_000n, ns % 1_000n, 3)}µs`;
  if (ns < 1_000_000_000n) return `${sign}${decimal(ns / 1_000_000n, ns % 1_000_000n, 6)}ms`;
  const h = ns / 3_600_000_000_000n;
  const m = (ns / 60_000_000_000n) % 60n;
  const s = decimal((ns / 1_000_000_000n) % 60n, ns % 1_000_000_000n, 9);
  if (h > 0n) return `${sign}${h}h${m}m${s}s`;
  if (m > 0n) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** Go `%v` of a float64: the shortest form, with an exponent (at least two digits) below 1e-4 and from 1e21. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exp] = x.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(x);
}
