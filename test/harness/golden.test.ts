// Golden timelines: the canonical projection drops what varies from run to run, and a difference is reported at the
// first differing record with the field paths, expected against actual.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TimelineRecord } from '@plugbench/sdk';
import {
  canonicalRecord,
  checkGolden,
  compareGolden,
  createTestbed,
  formatGoldenDiff,
  goldenText,
} from '@plugbench/harness';
import { createEchoEntry } from '../../examples/plugins/echo';
import { useTempDir } from '../support/temp-dir';

async function echoRun(sleepDurationMs: number): Promise<TimelineRecord[]> {
  const testbed = await createTestbed({ plugin: createEchoEntry({ sleepDurationMs }) });
  testbed.task({ id: 'e', type: 'echo' });
  await testbed.runToCompletion();
  return [...testbed.timeline];
}

describe('harness: golden timelines', () => {
  const dir = useTempDir('plugbench-golden-', 'suite');

  it('drops wall times, stacks and metric values; sorts keys', async () => {
    const records = await echoRun(20_000);
    const call = records.find((r) => r.kind === 'call')!;
    const c = canonicalRecord({
      ...call,
      error: { source: 'handle', message: 'x', stack: 'Error: x\n    at /somewhere' },
    } as TimelineRecord) as Record<string, unknown>;
    assert.equal('wallMs' in c, false);
    assert.deepEqual(c.error, { message: 'x', source: 'handle' });
    assert.deepEqual(Object.keys(c), [...Object.keys(c)].sort());
    const finished = records.find((r) => r.kind === 'run.finished')!;
    const f = canonicalRecord(finished) as { metrics?: Array<Record<string, unknown>> };
    assert.ok(f.metrics === undefined || f.metrics.every((m) => !('value' in m)));
  });

  it('two runs of the same fixture have the same golden text', async () => {
    assert.equal(goldenText(await echoRun(20_000)), goldenText(await echoRun(20_000)));
  });

  it('reports the first differing record and its fields', async () => {
    const golden = goldenText(await echoRun(20_000));
    const diff = compareGolden(golden, await echoRun(30_000));
    assert.ok(diff);
    // Rounds 1 (t=0), 2 (t=0, right after the change), 3 (t=10 s), 4 (t=20 s): the fourth Handle succeeds after a 20 s
    // sleep and keeps running with a 30 s one.
    assert.equal(diff.what, 'call handle of task e, attempt 0, round 4');
    const paths = diff.fields.map((f) => f.path);
    assert.ok(paths.includes('$.decision.code'), paths.join(', '));
    const code = diff.fields.find((f) => f.path === '$.decision.code')!;
    assert.deepEqual([code.expected, code.actual], ['event', 'dedup']);
    const text = formatGoldenDiff(diff, 'g.ndjson');
    assert.match(
      text,
      /^the run differs from the golden timeline g\.ndjson at record \d+ \(call handle of task e, attempt 0, round 4\):/,
    );
    assert.match(text, /\$\.decision\.code: expected "event", actual "dedup"/);
    assert.match(text, /records expected, \d+ recorded/);
    assert.match(text, /--update-golden/);
  });

  it('reports a run with extra records', async () => {
    const records = await echoRun(0);
    const golden = goldenText(records.slice(0, -1));
    const diff = compareGolden(golden, records)!;
    assert.equal(diff.expected, undefined);
    assert.match(formatGoldenDiff(diff, 'g'), /the run has more records than the golden timeline/);
  });

  // compareGolden takes the golden text as the run would write it without parsing it; any other text is compared
  // record by record, as before: these pin that both ways give the same answers.
  it('matches a golden text with CRLF line ends or blank lines, as record by record', async () => {
    const records = await echoRun(20_000);
    const text = goldenText(records);
    assert.equal(compareGolden(text, records), undefined);
    assert.equal(compareGolden(text.replace(/\n/g, '\r\n'), records), undefined);
    assert.equal(compareGolden(`\n${text.replace(/\n/g, '\n\n')}`, records), undefined);
    assert.equal(compareGolden(text.slice(0, -1), records), undefined, 'without the last line end');
  });

  it('still reports a golden line whose keys are written in another order, or whose value differs', async () => {
    const records = await echoRun(20_000);
    const lines = goldenText(records).split('\n');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(first).reverse()));
    const diff = compareGolden([reordered, ...lines.slice(1)].join('\n'), records);
    assert.ok(diff, 'a reordered record is not the canonical text');
    assert.equal(diff.index, 0);
    const changed = lines.map((l, i) => (i === 2 ? l.replace(/"kind":"[^"]+"/, '"kind":"other"') : l)).join('\n');
    assert.equal(compareGolden(changed, records)?.index, 2);
    assert.equal(compareGolden(changed.replace(/\n/g, '\r\n'), records)?.index, 2);
  });

  it('checkGolden: missing, updated, matched, differs', async () => {
    const file = path.join(dir(), 'sub', 'echo.ndjson');
    const records = await echoRun(0);
    const missing = await checkGolden(file, records, false);
    assert.equal(missing.status, 'missing');
    assert.match(
      (missing as { message: string }).message,
      /no golden timeline at .*echo\.ndjson; record it with: plugbench test --update-golden/,
    );
    assert.equal((await checkGolden(file, records, true)).status, 'updated');
    assert.equal(readFileSync(file, 'utf8'), goldenText(records));
    assert.equal((await checkGolden(file, records, false)).status, 'matched');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"SUCCEEDED"', '"FAILED"'));
    const differs = await checkGolden(file, records, false);
    assert.equal(differs.status, 'differs');
    assert.match((differs as { message: string }).message, /\.phase: expected "FAILED", actual "SUCCEEDED"/);
  });
});
