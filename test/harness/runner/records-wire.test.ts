// The records' way from the runner to the host: a fixture run to the end through a real runner process gives the host
// the records the same session makes in process (opened and stepped as the runner does), as zod gave them when it
// parsed every record (each object's keys in its schema's order), for every example fixture (resources, quotas,
// aborts, round errors, retries, the round cap); and so does the same fixture taken in steps and runs to the next
// event (each round stepped, records made) between runs of many rounds (rounds run as in process, records kept).
// Most records travel as rows of the runner's record store, made into records by the host's copy of it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSteppedFixture } from '../../../harness/src/runner/process/fixture-stepper';
import { TimelineRecordSchema, type TimelineRecord } from '@plugbench/sdk/timeline';
import type { AdvanceResult } from '@plugbench/harness/runner';
import { ROOT, forkedRunners } from './support';

const EXAMPLES = path.join(ROOT, 'examples/fixtures');

/** Records as JSON text, without what differs from run to run (a call's wall time, an error's stack). */
function text(records: readonly TimelineRecord[]): string {
  return JSON.stringify(records, (k, v: unknown) => (k === 'wallMs' || k === 'stack' ? undefined : v));
}

/** The fixture's session opened in this process as the runner opens it, its rounds run to the end as `run` does. */
async function inProcess(fixture: string): Promise<TimelineRecord[]> {
  const records: TimelineRecord[] = [];
  const session = await openSteppedFixture({
    fixture,
    roundTimeoutMs: 10_000,
    onRecord: (r) => records.push(r),
    log: () => undefined,
  });
  while (!session.finished && !session.capped && (await session.step()) !== undefined);
  await session.end();
  return records;
}

describe('runner process, the records the host gets', function () {
  this.timeout(120_000);
  const runners = forkedRunners();

  for (const name of fs.readdirSync(EXAMPLES).filter((f) => /\.fixture\.(ya?ml|json)$/.test(f))) {
    it(`are the records of the run in process: ${name}`, async () => {
      const fixture = path.join(EXAMPLES, name);
      const client = runners.start(60_000, 60_000);
      const received: TimelineRecord[] = [];
      client.onRecords((rs) => received.push(...rs));
      await client.request({ type: 'open', fixture, roundTimeoutMs: 10_000 });
      await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 1_000_000 });
      const expected = await inProcess(fixture);
      assert.ok(expected.length > 2, 'the fixture ran rounds');
      assert.deepStrictEqual(JSON.parse(text(received)), JSON.parse(text(expected)));
      // Key for key in the order the host had them when zod parsed every record (zod writes its schema's order).
      assert.equal(text(received), text(expected.map((r) => TimelineRecordSchema.parse(r))));
    });

    it(`are the records of the run in process, taken in steps, stops and runs: ${name}`, async () => {
      const fixture = path.join(EXAMPLES, name);
      const client = runners.start(60_000, 60_000);
      const received: TimelineRecord[] = [];
      client.onRecords((rs) => received.push(...rs));
      await client.request({ type: 'open', fixture, roundTimeoutMs: 10_000 });
      const requests: (() => Promise<AdvanceResult>)[] = [
        () => client.request({ type: 'step', rounds: 1 }),
        () => client.request({ type: 'run', stop: { kind: 'event' }, breakpoints: [], maxRounds: 1_000 }),
        () => client.request({ type: 'step', rounds: 3 }),
        () => client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 2 }),
        () => client.request({ type: 'run', stop: { kind: 'phase-change' }, breakpoints: [], maxRounds: 1_000 }),
      ];
      for (let i = 0; !(await requests[i % requests.length]!()).finished; i++);
      const expected = await inProcess(fixture);
      assert.equal(text(received), text(expected.map((r) => TimelineRecordSchema.parse(r))));
    });
  }
});
