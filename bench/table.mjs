// The markdown table of bench/README.md, from results.json's shape.
const f = (x, d = 2) =>
  typeof x !== 'number'
    ? String(x)
    : Math.abs(x) >= 100 || Number.isInteger(x)
      ? Math.round(x).toLocaleString('en-US')
      : x.toFixed(d);
const verdict = (ok) => (ok ? 'met' : '**missed**');

export function renderTable(r) {
  const rows = [];
  const add = (what, value, target, ok) =>
    rows.push(`| ${what} | ${value} | ${target} | ${ok === undefined ? '' : verdict(ok)} |`);
  const b = r.benchmarks;
  const e = b.executorOverhead;
  if (e && !e.error) {
    const ns = (k) => `${f(e.ns[k].nsMedian)} / ${f(e.ns[k].nsMin)}`;
    const x = (q) => `${f(q.median)}x / ${f(q.min)}x`;
    add('1. bare loop, ns per round (median / min)', ns('bare'), '', undefined);
    add(
      '1. minimal executor, sync plugin: ns per round; ratio to bare',
      `${ns('minimalSync')}; ${x(e.ratios.minimalToBare)}`,
      'baseline',
      undefined,
    );
    add('1. minimal executor, async plugin: ns per round', ns('minimalAsync'), 'baseline', undefined);
    // Results written before this variant existed lack it.
    const withJob = e.ns.minimalWithJobSync !== undefined;
    const job = "minimal executor taking plugbench's job between rounds";
    if (withJob)
      for (const [plugin, k] of [
        ['sync', 'minimalWithJobSync'],
        ['async', 'minimalWithJobAsync'],
      ])
        add(
          `1. ${job}, ${plugin} plugin: ns per round; ratio to the minimal executor (median / min)`,
          `${ns(k)}; ${x(e.ratios[k])}`,
          'reported',
          undefined,
        );
    const rows1 = [
      ['timeline off, sync plugin', 'unrecordedSync', 'unrecordedSync', e.targets.unrecorded, 'minimal'],
      ['timeline off, async plugin', 'unrecordedAsync', 'unrecordedAsync', e.targets.unrecorded, 'minimal'],
      ['timeline recorded, sync plugin', 'recordedSync', 'recordedSync', e.targets.recorded, 'minimal'],
      ['timeline recorded, async plugin', 'recordedAsync', 'recordedAsync', e.targets.recorded, 'minimal'],
      [
        'realistic plugin, timeline off (ratio to trivial)',
        'realisticUnrecorded',
        'realisticUnrecorded',
        e.targets.realistic,
        'trivial',
      ],
      [
        'realistic plugin, timeline recorded (ratio to trivial)',
        'realisticRecorded',
        'realisticRecorded',
        e.targets.realistic,
        'trivial',
      ],
    ];
    for (const [what, k, rk, target, of] of rows1) {
      const q = e.ratios[rk];
      add(
        `1. executor, ${what}: ns per round; ratio (median / min)`,
        `${ns(k)}; ${x(q)}`,
        `≤ ${target}x ${of}`,
        q.median <= target,
      );
    }
    if (withJob)
      for (const [plugin, rk] of [
        ['sync', 'unrecordedSyncToMinimalWithJob'],
        ['async', 'unrecordedAsyncToMinimalWithJob'],
      ])
        add(
          `1. executor, timeline off, ${plugin} plugin, against the ${job}: ratio (median / min)`,
          x(e.ratios[rk]),
          'reported',
          undefined,
        );
  }
  const s = b.scale;
  if (s && !s.error) {
    for (const x of s.results)
      add(
        `2. ${f(x.executions)} executions: rounds/s, ns/round`,
        `${f(x.roundsPerSecond)}, ${f(x.nsPerRound)}`,
        '',
        undefined,
      );
    add(
      '2. cost per round, largest / smallest',
      `${f(s.costRatioLargestToSmallest)}x`,
      '≤ 1.5x',
      s.costRatioLargestToSmallest <= 1.5,
    );
    const mo = s.memory?.timelineOff;
    const mi = s.memory?.timelineOn;
    if (mo)
      add(
        `2. bytes per waiting execution, timeline off (${f(mo.executions)})`,
        f(mo.bytesPerWaitingExecution),
        '',
        undefined,
      );
    if (mi) {
      add(
        `2. bytes per waiting execution, timeline on (${f(mi.executions)})`,
        f(mi.bytesPerWaitingExecution),
        '≤ 2,048',
        mi.bytesPerWaitingExecution <= 2048,
      );
      add('2. bytes per recorded round', f(mi.bytesPerRecordedRound), '≤ 300', mi.bytesPerRecordedRound <= 300);
    }
  }
  const m = b.resourceManager;
  if (m && !m.error) {
    add(
      '3. allocate+release pairs/s, plugin-facing API, distinct tokens',
      f(m.pluginFacing.pairsPerSecond),
      '≥ 1,000,000',
      m.pluginFacing.pairsPerSecond >= 1e6,
    );
    add(
      '3. allocate+release pairs/s, backend, distinct tokens, no constraints',
      f(m.unconstrained.pairsPerSecond),
      '',
      undefined,
    );
    for (const c of m.constrained)
      add(`3. backend pairs/s with constraints, pool of ${f(c.poolSize)}`, f(c.pairsPerSecond), '', undefined);
    add(
      '3. constrained cost, largest / smallest pool',
      `${f(m.constrainedCostRatioLargestToSmallestPool)}x`,
      'flat (≤ 1.5x)',
      m.constrainedCostRatioLargestToSmallestPool <= 1.5,
    );
  }
  const h = b.harnessChecks;
  if (h && !h.error) {
    add(`4. ${f(h.fixtures)} fixtures through plugbench test, s`, f(h.withChecksSeconds), '', undefined);
    add('4. the same plugins without checks, s', f(h.withoutChecksSeconds), '', undefined);
    add('4. cost of the contract checks', `${f(h.ratio)}x`, 'reported', undefined);
    if (h.evaluation) {
      const e = h.evaluation;
      add(
        `4. one fixture of ${f(e.tasks)} tasks (${f(e.records)} records): run, evaluation after it, ms`,
        `${f(e.runMs)}, ${f(e.evaluateMs)}`,
        '',
        undefined,
      );
      add('4. evaluation / run', `${f(e.ratio)}x`, '≤ 0.2x', e.ratio <= 0.2);
    }
    if (h.startup) {
      const st = h.startup;
      add(
        '4. plugbench --version, ms (median / min); node -e 0',
        `${f(st.versionMsMedian)} / ${f(st.versionMsMin)}; ${f(st.nodeMsMedian)} / ${f(st.nodeMsMin)}`,
        '< 150',
        st.versionMsMedian < 150,
      );
      if (st.overNodeMsMedian !== undefined)
        add(
          '4. plugbench --version over node -e 0, paired, ms (median / min): what the bin adds to any Node process',
          `${f(st.overNodeMsMedian)} / ${f(st.overNodeMsMin)}`,
          '',
          undefined,
        );
    }
  }
  const w = b.webviewPaint;
  if (w && !w.error) {
    for (const x of w.results) {
      const target = x.rounds <= 1000 ? 300 : x.rounds >= 100_000 ? 2000 : undefined;
      add(
        `5. ${f(x.rounds)} rounds: paint, ms`,
        f(x.paintMs),
        target ? `< ${target}` : '',
        target ? x.paintMs < target : undefined,
      );
      add(`5. ${f(x.rounds)} rounds: one step, ms`, f(x.stepMs), '< 50', x.stepMs < 50);
    }
  }
  const p = b.runnerPool;
  if (p && !p.error) {
    const when =
      p.date !== undefined && p.date.slice(0, 10) !== r.date.slice(0, 10) ? ` (measured ${p.date.slice(0, 10)})` : '';
    add(`6. plugbench test examples (${f(p.fixtures)} fixtures), --jobs 1, s${when}`, f(p.jobs1Seconds), '', undefined);
    add('6. the same, --jobs 2, s', f(p.jobs2Seconds), '', undefined);
    add(
      '6. ms per fixture in process, in a runner process (ratio)',
      `${f(p.msPerFixtureInProcess)}, ${f(p.msPerFixtureInRunner)} (${f(p.overheadRatio)}x)`,
      '≤ 1.5x',
      p.overheadRatio <= 1.5,
    );
  }
  const hr = b.htmlReport;
  if (hr && !hr.error) {
    for (const x of hr.results) {
      const big = x.rounds >= 100_000;
      const small = x.rounds <= 1_000;
      add(
        `7. HTML report of ${f(x.rounds)} rounds: MB (bytes/round)`,
        `${f(x.htmlBytes / 1e6)} (${f(x.bytesPerRound)})`,
        big ? '≤ 15' : '',
        big ? x.htmlBytes <= 15e6 : undefined,
      );
      const m = x.marks ?? {};
      const split =
        m.parsed !== undefined ? ` (decoded ${f(m.decoded)}, parsed ${f(m.parsed)}, mounted ${f(m.mounted)})` : '';
      const target = big ? 2000 : small ? 300 : undefined;
      add(
        `7. HTML report of ${f(x.rounds)} rounds: ms from navigation to painted`,
        `${f(x.paintMs)}${split}`,
        target ? `< ${f(target)}` : '',
        target ? x.paintMs < target : undefined,
      );
    }
  }
  const sv = b.serve;
  if (sv && !sv.error) {
    for (const [label, x] of [
      ['memory', sv.memory],
      ['Redis', sv.redis],
    ]) {
      if (x.error) {
        add(`8. serve, ${label}`, 'failed to run', '', false);
        continue;
      }
      add(
        `8. serve (${label}), ${f(x.executions)} executions: CreateTask p50 / p99, ms`,
        `${f(x.createTaskMs.p50)} / ${f(x.createTaskMs.p99)}`,
        'reported',
        undefined,
      );
      add(
        `8. serve (${label}): GetTask p50 / p99, ms`,
        `${f(x.getTaskMs.p50)} / ${f(x.getTaskMs.p99)}`,
        'reported',
        undefined,
      );
      add(`8. serve (${label}): rounds/s one replica drives`, f(x.roundsPerSecond), 'reported', undefined);
    }
  }
  const rs = b.runnerScale;
  if (rs && !rs.error) {
    add(
      `9. one fixture of ${f(rs.rounds)} rounds (${f(rs.tasks)} tasks) to the end: in process, in a runner, ms (ratio)`,
      `${f(rs.inProcessMs)}, ${f(rs.inRunnerMs)} (${f(rs.ratio)}x)`,
      `≤ ${rs.targets.ratio}x`,
      rs.ratio <= rs.targets.ratio,
    );
    add(
      '9. one step (one round) through the runner, round trip p50 / p90, ms',
      `${f(rs.stepMs.p50)} / ${f(rs.stepMs.p90)}`,
      `p50 < ${rs.targets.stepP50Ms}`,
      rs.stepMs.p50 < rs.targets.stepP50Ms,
    );
  }
  const ho = b.harnessOverhead;
  if (ho && !ho.error) {
    add(
      `10. harness overhead per fixture over the executor's own time (${f(ho.fixtures.length)} examples), wall ms: median / max`,
      `${f(ho.overheadMsMedian)} / ${f(ho.overheadMsMax)}`,
      `≤ ${ho.target.overheadMs}`,
      ho.overheadMsMedian <= ho.target.overheadMs,
    );
    add(
      '10. the same in CPU time of the process, ms: median / max',
      `${f(ho.overheadCpuMsMedian)} / ${f(ho.overheadCpuMsMax)}`,
      `≤ ${ho.target.overheadMs}`,
      ho.overheadCpuMsMedian <= ho.target.overheadMs,
    );
  }
  for (const [name, v] of Object.entries(b)) if (v.error) add(`${name}`, 'failed to run', '', false);
  // Benchmarks kept from an earlier run (`--only`) say when they ran.
  const runs = new Map();
  for (const [name, v] of Object.entries(b)) {
    const at = (v.date ?? r.date).slice(0, 16).replace('T', ' ');
    runs.set(at, [...(runs.get(at) ?? []), name]);
  }
  const when =
    runs.size > 1 ? ` Runs (UTC): ${[...runs].map(([at, names]) => `${at}: ${names.join(', ')}`).join('; ')}.` : '';
  return [
    `Measured ${r.date.slice(0, 10)} on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.node}${r.quick ? ' (quick run)' : ''}; ${f(r.totalSeconds, 0)} s in all.${when}`,
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}
