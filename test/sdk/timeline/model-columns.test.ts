// The columnar encoding of a timeline (sdk/src/timeline/model-columns.ts): the HTML report's embedding of large runs.
// It is an encoding of the same records: decoding gives every record back as it was, and the model built from the
// columns is the model built from the records, its calls reading as their records do.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  COLUMNS_FORMAT,
  CallRecordSchema,
  TimelineModel,
  decodeTimelineColumns,
  encodeTimelineColumns,
  parseTimeline,
  utf8Length,
  type CallRecord,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';
import { syntheticTimeline } from '../../support/synthetic-timeline';

const GOLDEN = path.resolve(__dirname, '../../../examples/golden');

function goldens(): [string, TimelineRecord[]][] {
  return readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.ndjson'))
    .map((f) => [f, parseTimeline(readFileSync(path.join(GOLDEN, f), 'utf8'), f, { golden: true })]);
}

/** The encoding as the report's page receives it: the bytes at the start of their own buffer. */
function encoded(records: readonly TimelineRecord[]): Uint8Array {
  return encodeTimelineColumns(records);
}

/** Everything the model derives, as plain data (its calls are compared one by one). */
function derived(m: TimelineModel): unknown {
  return {
    callCount: m.callCount,
    callLane: m.callLane,
    lanes: m.lanes,
    tasks: m.tasks,
    pools: m.pools,
    eventCalls: m.eventCalls,
    phaseChangeCalls: m.phaseChangeCalls,
    markerCalls: [...m.markerCalls],
    phaseEntryCalls: [...m.phaseEntryCalls],
    resourceWaitCalls: m.resourceWaitCalls,
    run: m.run,
    finished: m.finished,
    firstAt: m.firstAt,
    lastAt: m.lastAt,
    records: m.records,
    events: m.events,
    laneOrder: m.laneOrder(),
    summary: m.summary(),
    pools0: m.poolsAt(Math.floor(m.callCount / 2)),
  };
}

/** Every field of the call record schema, read through `call`, equals the record's. */
function assertReadsAs(call: CallRecord, rec: CallRecord, where: string): void {
  for (const key of new Set([...Object.keys(CallRecordSchema.shape), ...Object.keys(rec)]))
    assert.deepEqual(call[key as keyof CallRecord], rec[key as keyof CallRecord], `${where}: ${key}`);
  assert.equal(JSON.stringify(call), JSON.stringify(rec), `${where}: JSON`);
}

/** `a` and `b` as JSON are the same text; on a difference, says where the texts part. */
function assertSameJson(a: unknown, b: unknown, message: string): void {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x === y) return;
  let i = 0;
  while (x[i] === y[i]) i++;
  assert.fail(
    `${message}: differs at ${i}: ${x.slice(Math.max(0, i - 80), i + 80)} vs ${y.slice(Math.max(0, i - 80), i + 80)}`,
  );
}

function assertRoundTrip(name: string, records: TimelineRecord[]): void {
  const t = decodeTimelineColumns(encoded(records));
  assert.equal(t.length, records.length, name);
  const back = Array.from({ length: t.length }, (_, k) => t.record(k));
  assert.deepEqual(back, records, `${name}: decode(encode(records)) is the records`);
  const m = t.model();
  const expected = TimelineModel.from(records);
  // As JSON: deep comparison of a 100,000-round model takes minutes; the parts are plain data in the same order.
  assertSameJson(derived(m), derived(expected), `${name}: the model from the columns is the model from the records`);
  m.calls.forEach((c, i) => assertReadsAs(c, expected.calls[i]!, `${name} call ${i}`));
}

describe('timeline columns (the HTML report of a large run)', () => {
  it('round-trips every example golden timeline, and builds the same model from it', () => {
    const all = goldens();
    assert.ok(all.length > 5, `${all.length} goldens`);
    for (const [name, records] of all) assertRoundTrip(name, records);
    assertRoundTrip('no records', []);
    assertRoundTrip('one record', all[0]![1].slice(0, 1));
  });

  it('round-trips a synthetic run of 100,000 rounds (waits, retries, round errors, aborts)', function () {
    this.timeout(120_000);
    // The default pools (of one and two tokens) keep most tasks waiting.
    const records = syntheticTimeline({ tasks: 2000, calls: 100_000, seed: 9 });
    assertRoundTrip('100,000 rounds', records);
  });

  it('keeps strings outside ASCII, and counts their UTF-8 bytes', () => {
    for (const s of ['', 'plain', 'é', '日本', '🙂 ok', 'a\u2028b', '\u{10ffff}'])
      assert.equal(utf8Length(s), Buffer.byteLength(s), JSON.stringify(s));
    const records = syntheticTimeline({ tasks: 3, seed: 2 }).map((r) =>
      r.kind === 'call'
        ? { ...r, task: `tâche-${r.task}-🙂`, logs: [{ level: 'info' as const, message: '日本語 ✓' }] }
        : r,
    );
    const renamed = records.map((r) =>
      r.kind === 'task.started' || r.kind === 'task.finished' ? { ...r, task: `tâche-${r.task}-🙂` } : r,
    );
    assertRoundTrip('non-ASCII', renamed);
  });

  it('keeps times that are not whole milliseconds, and numbers past 32 bits', () => {
    const records = syntheticTimeline({ tasks: 4, seed: 6 }).map((r, i) =>
      r.kind === 'call' ? { ...r, at: r.at + i / 3, pluginPhase: { ...r.pluginPhase, version: 2 ** 40 + i } } : r,
    );
    assertRoundTrip('fractions and large versions', records);
  });

  it('parses no call record to build the model; one when a field beyond the columns is read, once', () => {
    const records = syntheticTimeline({ tasks: 12, seed: 3 });
    const t = decodeTimelineColumns(encoded(records));
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown) => {
      parses++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      const m = t.model();
      assert.equal(parses, records.length - m.callCount, 'only the records that are not calls');
      parses = 0;
      // What the lanes, the overview and the event list's positions read.
      for (const c of m.calls)
        void [c.at, c.task, c.attempt, c.round, c.call, c.generatedName, c.nodePhase, c.pluginPhase];
      assert.equal(parses, 0);
      const c = m.calls[5]!;
      void c.transition;
      void c.events;
      void c.decision;
      assert.equal(parses, 1);
    } finally {
      JSON.parse = parse;
    }
  });

  it('reads columns that do not start where their type can, as a Node Buffer may hold them', () => {
    const records = syntheticTimeline({ tasks: 5, seed: 4 });
    const bytes = encodeTimelineColumns(records);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const t = decodeTimelineColumns(shifted);
    assertSameJson(derived(t.model()), derived(TimelineModel.from(records)), 'shifted by a byte');
  });

  it('rejects bytes that are not its format, or whose columns and records do not fit', () => {
    const bytes = encodeTimelineColumns(syntheticTimeline({ tasks: 2, seed: 1 }));
    const other = Buffer.from(
      Buffer.from(bytes).toString('latin1').replace(`"format":${COLUMNS_FORMAT}`, '"format":9'),
      'latin1',
    );
    assert.throws(() => decodeTimelineColumns(other), /format 9, not 1/);
    assert.throws(
      () => decodeTimelineColumns(bytes.subarray(0, bytes.length - 10)),
      /records take \d+ bytes, but it has/,
    );
    const headerEnd = bytes.indexOf(10) + 1;
    assert.throws(() => decodeTimelineColumns(bytes.subarray(0, headerEnd + 8)), /ends inside its columns/);
    assert.throws(() => decodeTimelineColumns(Buffer.from('[]')), /no header line/);
  });
});
