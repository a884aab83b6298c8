// Each executor has its own virtual clock: the contract's "now" inside a plugin call is the clock of the executor
// that made the call, even with several executors running at once in one process (the contract clock is scoped to
// the asynchronous context of the call, sdk/src/executor/clock-scope.ts), and outside any run it is the wall clock.
// FlytePropeller has one clock per process (the wall clock), so there is no Go function to cite: what is pinned is
// that concurrency changes nothing, which is what makes runs reproducible.
import assert from 'node:assert/strict';
import { doTransition, Executor, now, phaseInfoRunning, phaseInfoSuccess } from '@plugbench/sdk';
import { comparable, entryOf, template, testPlugin } from '../../support/plugins';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A plugin that yields to the event loop inside Handle, so that concurrent executors interleave, and logs. */
function slowCounter() {
  return testPlugin('p', async (tCtx) => {
    const n = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
    await tick();
    console.log(`round ${n} at ${now().toISOString()}`);
    await tick();
    tCtx.pluginStateWriter().put(1, n);
    // occurredAt defaults to the contract's "now".
    return doTransition(n >= 5 ? phaseInfoSuccess() : phaseInfoRunning(n));
  });
}

async function run(startMs: number): Promise<Executor> {
  const ex = await Executor.create({ plugins: [entryOf(slowCounter())], startMs, captureConsole: true });
  ex.start({ id: 't', template: template('p') });
  return ex;
}

describe('executor: the contract clock of concurrent executors', () => {
  const starts = [Date.UTC(2024, 0, 1), Date.UTC(2030, 5, 1), Date.UTC(2001, 1, 1)];

  it("each plugin call reads its own executor's clock; the timelines equal the sequential ones", async () => {
    const sequential: unknown[][] = [];
    for (const s of starts) {
      const ex = await run(s);
      await ex.runUntil({ maxRounds: 100 });
      sequential.push(comparable(ex.timeline));
    }
    const exs = await Promise.all(starts.map(run));
    await Promise.all(exs.map((ex) => ex.runUntil({ maxRounds: 100 })));
    exs.forEach((ex, i) => {
      for (const r of ex.timeline) {
        if (r.kind !== 'call') continue;
        for (const e of r.events)
          assert.ok(
            e.occurredAt >= starts[i]! && e.occurredAt < starts[i]! + 3_600_000,
            `executor ${i}: event at ${new Date(e.occurredAt).toISOString()}`,
          );
        for (const l of r.logs)
          assert.match(
            l.message,
            new RegExp(new Date(starts[i]!).toISOString().slice(0, 4)),
            `executor ${i} logged its own time`,
          );
      }
      assert.deepEqual(comparable(ex.timeline), sequential[i], `executor ${i}: concurrent = sequential`);
    });
  });

  it('outside any run, now() is the wall clock, also after concurrent runs', async () => {
    const exs = await Promise.all(starts.map(run));
    await Promise.all(exs.map((ex) => ex.runUntil({ maxRounds: 3 })));
    const before = Date.now();
    const at = now().getTime();
    assert.ok(at >= before && at <= Date.now() + 1000, `now() = ${new Date(at).toISOString()}`);
  });
});
