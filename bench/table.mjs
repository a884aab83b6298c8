// The markdown table of bench/README.md, from results.json's shape.
const f = (x, d = 2) =>
  typeof x !== 'number' ? String(x) : Math.abs(x) >= 100 || Number.isInteger(x) ? Math.round(x).toLocaleString('en-US') : x.toFixed(d);
const verdict = (ok) => (ok ? 'met' : '**missed**');

export function renderTable(r) {
  const rows = [];
  const add = (what, value, target, ok) => rows.push(`| ${what} | ${value} | ${target} | ${ok === undefined ? '' : verdict(ok)} |`);
  const b = r.benchmarks;
  const e = b.executorOverhead;
  if (e && !e.error) {
    add('1. bare loop, ns per round', f(e.bareNsPerRound), '', undefined);
    add('1. executor, timeline recorded: ns per round (ratio)', `${f(e.executorRecordedNsPerRound)} (${f(e.ratioRecorded)}x)`, '≤ 3x', e.ratioRecorded <= 3);
    add('1. executor, recording off: ns per round (ratio)', `${f(e.executorUnrecordedNsPerRound)} (${f(e.ratioUnrecorded)}x)`, '≤ 1.5x', e.ratioUnrecorded <= 1.5);
  }
  const s = b.scale;
  if (s && !s.error) {
    for (const x of s.results) {
      add(`2. ${f(x.executions)} executions: rounds/s, ns/round`, `${f(x.roundsPerSecond)}, ${f(x.nsPerRound)}`, '', undefined);
      add(`2. ${f(x.executions)} executions: bytes per waiting execution`, f(x.bytesPerWaitingExecution), '< 2,048', x.bytesPerWaitingExecution < 2048);
    }
    add('2. cost per round, largest / smallest', `${f(s.costRatioLargestToSmallest)}x`, '≤ 1.5x', s.costRatioLargestToSmallest <= 1.5);
  }
  const m = b.resourceManager;
  if (m && !m.error) {
    add('3. allocate+release pairs/s, no constraints', f(m.unconstrained.pairsPerSecond), '≥ 1,000,000', m.unconstrained.pairsPerSecond >= 1e6);
    for (const c of m.constrained) add(`3. pairs/s with constraints, pool of ${f(c.poolSize)}`, f(c.pairsPerSecond), '', undefined);
    add('3. constrained cost, largest / smallest pool', `${f(m.constrainedCostRatioLargestToSmallestPool)}x`, 'flat (≤ 1.5x)', m.constrainedCostRatioLargestToSmallestPool <= 1.5);
  }
  const h = b.harnessChecks;
  if (h && !h.error) {
    add(`4. ${f(h.fixtures)} fixtures through plugbench test, s`, f(h.withChecksSeconds), '', undefined);
    add('4. the same plugins without checks, s', f(h.withoutChecksSeconds), '', undefined);
    add('4. cost of the contract checks', `${f(h.ratio)}x`, 'reported', undefined);
  }
  const w = b.webviewPaint;
  if (w && !w.error) {
    for (const x of w.results) {
      const target = x.rounds <= 1000 ? 300 : x.rounds >= 100_000 ? 2000 : undefined;
      add(`5. ${f(x.rounds)} rounds: paint, ms`, f(x.paintMs), target ? `< ${target}` : '', target ? x.paintMs < target : undefined);
      add(`5. ${f(x.rounds)} rounds: one step, ms`, f(x.stepMs), '< 50', x.stepMs < 50);
    }
  }
  const p = b.runnerPool;
  if (p && !p.error) {
    const when = p.date !== undefined && p.date.slice(0, 10) !== r.date.slice(0, 10) ? ` (measured ${p.date.slice(0, 10)})` : '';
    add(`6. plugbench test examples (${f(p.fixtures)} fixtures), --jobs 1, s${when}`, f(p.jobs1Seconds), '', undefined);
    add('6. the same, --jobs 2, s', f(p.jobs2Seconds), '', undefined);
    add('6. ms per fixture in process, in a runner process (ratio)', `${f(p.msPerFixtureInProcess)}, ${f(p.msPerFixtureInRunner)} (${f(p.overheadRatio)}x)`, '≤ 1.5x', p.overheadRatio <= 1.5);
  }
  for (const [name, v] of Object.entries(b)) if (v.error) add(`${name}`, 'failed to run', '', false);
  return [
    `Measured ${r.date.slice(0, 10)} on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.node}${r.quick ? ' (quick run)' : ''}; ${f(r.totalSeconds, 0)} s in all.`,
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}
