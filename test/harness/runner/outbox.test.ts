// The runner's outbox: records go out in batches, and the rounds wait for the host once four batches are still
// unwritten, so a long run's records flow to the host while it runs instead of queueing in the runner.
import assert from 'node:assert/strict';
import { finishedRecord } from './support';
import { RecordDecoder, type RunnerMessage } from '@plugbench/harness/runner';
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { Channel } from '../../../harness/src/runner/process/channel';
import { Outbox, type RecordSource } from '../../../harness/src/runner/process/outbox';

/** A channel that holds every message until the test says it was written. */
function heldChannel() {
  const sent: { message: RunnerMessage; written: () => void }[] = [];
  const channel: Channel = {
    send: (message, written) => sent.push({ message, written: written ?? (() => undefined) }),
    onMessage: () => undefined,
  };
  return { channel, sent };
}

/** A source of records the test adds to: each `next()` takes those added since the last. */
function addedRecords(): RecordSource & { add(r: TimelineRecord): void } {
  let waiting: TimelineRecord[] = [];
  return {
    add: (r) => waiting.push(r),
    next() {
      const records = waiting;
      waiting = [];
      return records.length > 0 ? { records } : undefined;
    },
  };
}

/** Whether `p` has settled by the time the event loop turns. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe('runner outbox', () => {
  it('sends the records waiting as one batch, in order, and nothing when none wait', () => {
    const { channel, sent } = heldChannel();
    const outbox = new Outbox(channel);
    outbox.flush(true);
    const source = addedRecords();
    outbox.from(source);
    outbox.flush(true);
    assert.equal(sent.length, 0);
    for (let i = 0; i < 3; i++) source.add(finishedRecord(i));
    outbox.flush(true);
    assert.equal(sent.length, 1);
    const m = sent[0]!.message;
    assert.equal(m.type, 'records');
    const records = m.type === 'records' ? (new RecordDecoder().decode(m.batch) as TimelineRecord[]) : [];
    assert.deepEqual(records, [0, 1, 2].map(finishedRecord));
  });

  it('holds the rounds back while four batches are unwritten, and lets them go once one is written', async () => {
    const { channel, sent } = heldChannel();
    const outbox = new Outbox(channel);
    const source = addedRecords();
    outbox.from(source);
    for (let i = 0; i < 3; i++) {
      source.add(finishedRecord(i));
      outbox.flush(true);
      assert.equal(outbox.backlog(), undefined, `${i + 1} unwritten batches are no backlog`);
    }
    source.add(finishedRecord(3));
    outbox.flush(true);
    const backlog = outbox.backlog();
    assert.ok(backlog, 'four unwritten batches are');
    assert.equal(await settled(backlog), false, 'the rounds wait while nothing is written');
    sent[0]!.written();
    assert.equal(await settled(backlog), true, 'one batch written: the rounds go on');
    assert.equal(outbox.backlog(), undefined);
  });
});
