/**
 * A line diff of two JSON values, pretty-printed with sorted keys so that only real changes show. Myers' O(ND)
 * algorithm: states are small and mostly equal, so D is small.
 *
 * @module
 */

/** One line of a diff. */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** JSON text with object keys sorted, two-space indented; `undefined` prints as `(none)`. */
export function stableJson(value: unknown): string {
  if (value === undefined) return '(none)';
  const seen = new WeakSet<object>();
  const norm = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    if (Array.isArray(v)) return v.map(norm);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = norm((v as Record<string, unknown>)[k]);
    return out;
  };
  return JSON.stringify(norm(value), null, 2) ?? String(value);
}

/** The line diff from `a` to `b`. Past `maxLines` lines on either side, shows all of `a` removed and `b` added. */
export function diffLines(a: string, b: string, maxLines = 4000): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length > maxLines || y.length > maxLines) {
    return [...x.map((text) => ({ op: '-' as const, text })), ...y.map((text) => ({ op: '+' as const, text }))];
  }
  const n = x.length;
  const m = y.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let px: number;
      if (k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!)) px = v[off + k + 1]!;
      else px = v[off + k - 1]! + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[off + k] = px;
      if (px >= n && py >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const out: DiffLine[] = [];
  let px = n;
  let py = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = px - py;
    let prevK: number;
    if (k === -d || (k !== d && vd[off + k - 1]! < vd[off + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevX = vd[off + prevK]!;
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      out.push({ op: ' ', text: x[--px]! });
      py--;
    }
    if (d > 0) {
      if (px === prevX) out.push({ op: '+', text: y[--py]! });
      else out.push({ op: '-', text: x[--px]! });
    }
  }
  return out.reverse();
}

/** The diff of two JSON values. */
export function diffJson(before: unknown, after: unknown): DiffLine[] {
  return diffLines(stableJson(before), stableJson(after));
}
