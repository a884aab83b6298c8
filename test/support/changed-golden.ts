/**
 * Golden text with one round changed: the `n`th call record (from 0) gets a plugin phase reason, so that exactly
 * that record differs from a run, for tests of the golden comparison.
 */
export function goldenWithChangedRound(text: string, n: number, reason = 'changed in this copy of the golden'): string {
  let seen = -1;
  return text
    .split('\n')
    .map((line) => {
      if (line === '') return line;
      const r = JSON.parse(line) as { kind: string; pluginPhase: { reason?: string } };
      if (r.kind !== 'call' || ++seen !== n) return line;
      r.pluginPhase.reason = reason;
      return JSON.stringify(r);
    })
    .join('\n');
}
