// A copy of an executor's record store in another process (`@plugbench/sdk/runner`): the deltas of
// `Executor.timelineDelta`, through JSON as the runner sends them, make in a `StoreReplica` the records the executor's
// timeline gives, key for key; and a delta that names what was never sent, or does not add up, fails naming where.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  doTransitionType,
  Executor,
  PlugbenchError,
  phaseInfoQueued,
  phaseInfoRetryableFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  TransitionType,
  type PluginEntry,
  type TaskExecutionContext,
  type TimelineRecord,
} from '@plugbench/sdk';
import { StoreDeltaError, StoreReplica, StoreRowsSchema, type StoreRows } from '@plugbench/sdk/runner';
import { template } from '../../support/plugins';
import { packColumns, unpackColumns } from '../../../sdk/src/executor/record-store/delta-columns';
import { FLOAT_COLUMNS, INT_COLUMNS } from '../../../sdk/src/executor/record-store/delta-schema';

/** One Handle call of the plugin below. */
interface Move {
  phase: 'Queued' | 'Running' | 'Success' | 'RetryableFailure';
  /** Added to the task's version (0: a deduplicated round). */
  bump: 0 | 1;
  write: 'put' | 'reset' | 'none';
  allocate: 'own' | 'shared' | null;
  barrier: boolean;
  log: boolean;
}

const moveArb: fc.Arbitrary<Move> = fc.record({
  phase: fc.constantFrom('Queued', 'Running', 'Running', 'Running', 'Success', 'RetryableFailure'),
  bump: fc.constantFrom(0, 1, 1),
  write: fc.constantFrom('put', 'put', 'reset', 'none'),
  allocate: fc.constantFrom('own', 'shared', null, null),
  barrier: fc.boolean(),
  log: fc.boolean(),
});

/** How a run goes: its moves, its tasks, and how many rounds run between two deltas (0: a `step()`). */
interface Plan {
  moves: Move[];
  tasks: number;
  parts: number[];
  secret: boolean;
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  moves: fc.array(moveArb, { minLength: 1, maxLength: 6 }),
  tasks: fc.integer({ min: 1, max: 4 }),
  parts: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }),
  secret: fc.boolean(),
});

const START = Date.UTC(2024, 0, 1);

function entry(moves: readonly Move[]): PluginEntry {
  const calls = new Map<string, number>();
  const versions = new Map<string, number>();
  return {
    id: 'moves',
    registeredTaskTypes: ['moves'],
    async loadPlugin(iCtx) {
      await iCtx.resourceRegistrar().registerResourceQuota('pool', 2);
      return {
        getID: () => 'moves',
        getProperties: () => ({}),
        async handle(ctx: TaskExecutionContext) {
          const name = ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
          const n = calls.get(name) ?? 0;
          calls.set(name, n + 1);
          const m = moves[n % moves.length]!;
          const version = (versions.get(name) ?? 0) + m.bump;
          versions.set(name, version);
          if (m.allocate !== null)
            await ctx.resourceManager().allocateResource('pool', m.allocate === 'own' ? name : 'shared', {});
          if (m.log) console.log(`round ${n} of ${name}`);
          if (m.write === 'put') ctx.pluginStateWriter().put(1, { n, name });
          if (m.write === 'reset') ctx.pluginStateWriter().reset();
          const at = new Date(START + n * 1000);
          const pi =
            m.phase === 'Queued'
              ? phaseInfoQueued(at, version, 'queued')
              : m.phase === 'Running'
                ? phaseInfoRunning(version, { occurredAt: at })
                : m.phase === 'Success'
                  ? phaseInfoSuccess({ occurredAt: at })
                  : phaseInfoRetryableFailure('Oops', 'again', { occurredAt: at });
          return doTransitionType(m.barrier ? TransitionType.Barrier : TransitionType.Ephemeral, pi);
        },
        abort() {},
        async finalize(ctx: TaskExecutionContext) {
          const name = ctx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
          await ctx.resourceManager().releaseResource('pool', name);
        },
      };
    },
  };
}

/** A delta as the runner sends it: through JSON. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * Runs the plan in parts, taking a delta after each (rounds run as `runRounds` does, or one `step()`), and returns the
 * executor, the records the replica made from the deltas, and how many travelled as rows.
 */
async function runInParts(p: Plan): Promise<{ ex: Executor; copied: unknown[]; rows: number }> {
  const ex = await Executor.create({
    plugins: [entry(p.moves)],
    resourceManager: { type: 'redis' },
    maxPluginPhaseVersions: 1_000,
    ...(p.secret ? { secrets: { env: { FLYTE_SECRET_X: 'a-secret-no-record-holds-0123' } } } : {}),
  });
  for (let i = 0; i < p.tasks; i++) ex.start({ id: `t${i}`, template: template('moves', { retries: 1 }) });
  const source = ex.timelineDelta();
  const replica = new StoreReplica();
  const copied: unknown[] = [];
  let rows = 0;
  const take = () => {
    const d = source.next();
    if (d === undefined) return;
    const sent = wire(d);
    const checked = StoreRowsSchema.parse(sent.rows);
    rows += checked.count;
    copied.push(...replica.apply(checked, sent.records));
  };
  take();
  for (let i = 0; i < 400 && ex.unfinished > 0; i++) {
    const n = p.parts[i % p.parts.length]!;
    if (n === 0) await ex.step();
    else await ex.runRounds({ maxRounds: n });
    take();
  }
  await ex.runUntil({ maxRounds: 0 });
  take();
  return { ex, copied, rows };
}

/** The executor's records as JSON sees them (what travels), wall times and all. */
const asJson = (records: readonly TimelineRecord[]): unknown => JSON.parse(JSON.stringify(records));

describe('executor: its record store copied to another process', function () {
  this.timeout(300_000);

  it('the copy makes the records of the timeline, key for key, over random runs taken in parts', async () => {
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(planArb, async (p) => {
        const run = await runInParts(p);
        assert.deepStrictEqual(run.copied, asJson(run.ex.timeline));
        assert.equal(JSON.stringify(run.copied), JSON.stringify(run.ex.timeline));
        if (p.secret) assert.equal(run.rows, 0, 'records kept whole (secrets to redact) travel whole');
        rows += run.rows;
      }),
      { numRuns: 60 },
    );
    assert.ok(rows > 1000, `rows travelled as rows: ${rows}`);
  });

  it('thousands of rounds (chunks of the columns, blocks of state text) copied in deltas of any size', async () => {
    const moves: Move[] = [{ phase: 'Running', bump: 1, write: 'put', allocate: null, barrier: false, log: false }];
    const run = await runInParts({ moves, tasks: 5, parts: [1, 700, 0, 33, 2048], secret: false });
    assert.ok(run.ex.timeline.length > 2000);
    assert.ok(run.rows > 1900, `most records travelled as rows: ${run.rows}`);
    assert.equal(JSON.stringify(run.copied), JSON.stringify(run.ex.timeline));
  });

  it('packed columns come back exactly, whatever their values (NaN, -0, steps across 2^32)', () => {
    const floatArb = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity, 1.5, Date.UTC(2024, 0, 1)));
    const intArb = fc.oneof(fc.nat({ max: 2 ** 32 - 1 }), fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 31, 255, 256));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(floatArb, { minLength: 1, maxLength: 6 }),
        fc.array(intArb, { minLength: 1, maxLength: 6 }),
        fc.integer(),
        (n, fs, is, seed) => {
          // Columns drawn from a few values, so that constant columns, small steps and equal columns all occur.
          const pick = (i: number, len: number) => Math.abs((seed ^ (i * 2654435761)) % len);
          const floats = Float64Array.from({ length: 3 * n }, (_, i) =>
            i >= 2 * n ? (i % 2 === 0 ? fs[0]! : fs[pick(i, fs.length)]!) : fs[pick(i % n, fs.length)]!,
          );
          const ints = Uint32Array.from({ length: 4 * n }, (_, i) =>
            i < n ? is[0]! : i < 2 * n ? is[0]! + (i % 7) : is[pick(i, is.length)]!,
          );
          const packed = wire(packColumns(floats, 3, ints, 4, n));
          const back = unpackColumns(packed, 3, 4, n);
          assert.deepStrictEqual([...back.floats], [...floats]);
          assert.deepStrictEqual([...back.ints], [...ints]);
        },
      ),
      { numRuns: 500 },
    );
  });

  describe('a delta that does not add up fails, naming where', () => {
    /** A small run's first delta with rows, as sent. */
    async function sample(): Promise<{ rows: StoreRows; records: unknown[] }> {
      const moves: Move[] = [{ phase: 'Running', bump: 1, write: 'put', allocate: 'own', barrier: false, log: true }];
      const ex = await Executor.create({ plugins: [entry(moves)], resourceManager: { type: 'redis' } });
      ex.start({ id: 't0', template: template('moves') });
      await ex.runRounds({ maxRounds: 3 });
      const d = wire(ex.timelineDelta().next()!);
      assert.ok(d.rows.count >= 2);
      return { rows: StoreRowsSchema.parse(d.rows), records: d.records };
    }

    /** The delta with the integer column `column` (0 seq ... 12 kind, 13 state, 14 decision) of row 0 set to `value`. */
    function withInt(rows: StoreRows, column: number, value: number): StoreRows {
      const n = rows.count;
      const { floats, ints } = unpackColumns(rows, FLOAT_COLUMNS, INT_COLUMNS + 1, n);
      ints[column * n] = value;
      return { ...rows, ...packColumns(floats, FLOAT_COLUMNS, ints, INT_COLUMNS + 1, n) };
    }

    const fails = (d: { rows: StoreRows; records: unknown[] }, message: RegExp) =>
      assert.throws(
        () => new StoreReplica().apply(d.rows, d.records),
        // One of plugbench's errors, recognised across two copies of the SDK (the host bundles its own).
        (e: unknown) =>
          e instanceof StoreDeltaError &&
          e instanceof PlugbenchError &&
          (e as unknown as Record<symbol, unknown>)[Symbol.for('@plugbench/sdk.isStoreDeltaError')] === true &&
          message.test(e.message),
      );

    it('a row naming a part never sent, or a part of another kind', async () => {
      const d = await sample();
      fails({ ...d, rows: withInt(d.rows, 12, 999) }, /^rows\[0\]\.kind: part 999 was never sent/);
      const ref = d.rows.parts.findIndex((p) => p.t === 'ref');
      fails({ ...d, rows: withInt(d.rows, 12, ref) }, /^rows\[0\]\.kind: part \d+ is a ref, not a kind/);
      fails({ ...d, rows: withInt(d.rows, 13, 57) }, /^rows\[0\]\.state: part 55 was never sent/);
    });

    it('a state outside the text sent', async () => {
      const d = await sample();
      fails({ ...d, rows: withInt(d.rows, 7, 1e6) }, /^rows\[0\]\.state\.after: text at block 0, \d+\+1000000/);
      fails({ ...d, rows: withInt(d.rows, 5, 3) }, /^rows\[0\]\.state\.after: text at block 3/);
    });

    it('a decision code, a form or a part that names what is not there', async () => {
      const d = await sample();
      fails({ ...d, rows: withInt(d.rows, 14, 200) }, /^rows\[0\]\.decision: no decision code 200/);
      const kind = d.rows.parts.findIndex((p) => p.t === 'kind' && p.form !== undefined);
      const parts = d.rows.parts.map((p, i) => (i === kind ? { ...p, form: 99 } : p));
      fails({ ...d, rows: { ...d.rows, parts } }, new RegExp(`^parts\\[${kind}\\]\\.form: no decision form 99`));
      const shape = d.rows.parts.map((p) => (p.t === 'kind' ? { ...p, shape: p.ref } : p));
      fails({ ...d, rows: { ...d.rows, parts: shape } }, /^parts\[\d+\]\.shape: part \d+ is a ref, not a shape/);
    });

    it('an order, columns or records that do not add up', async () => {
      const d = await sample();
      fails({ ...d, rows: { ...d.rows, columns: d.rows.columns.slice(8) } }, /^columns: \d+ bytes for \d+ rows/);
      fails(
        { ...d, rows: { ...d.rows, forms: d.rows.forms.slice(1) } },
        /^forms: 18 forms and 19 bases for 19 columns/,
      );
      fails(
        { ...d, rows: { ...d.rows, forms: d.rows.forms.map((f, i) => (i === 4 ? 8 : f)) } },
        /^forms\[4\]: no form 8/,
      );
      fails(
        { ...d, rows: { ...d.rows, bases: d.rows.bases.map((b, i) => (i === 5 ? -1 : b)) } },
        /^bases\[5\]: -1 is not/,
      );
      fails({ ...d, rows: { ...d.rows, order: [...d.rows.order, 1] } }, /more records than/);
      fails({ ...d, records: [...d.records, {}] }, /^order: /);
      fails(
        { ...d, rows: { ...d.rows, order: d.rows.order.map((n, i) => (i === 1 ? n + 1 : n)) } },
        /^count: \d+ rows, but the order names \d+/,
      );
      // Columns of one value each take no bytes: the count alone must not make the host allocate for 2^31 rows.
      fails({ ...d, rows: { ...d.rows, count: 2 ** 31 } }, /^count: 2147483648 rows in one delta, more than 16777216/);
      fails({ ...d, rows: { ...d.rows, count: d.rows.count + 1 } }, /^count: \d+ rows, but the order names \d+/);
    });
  });
});
