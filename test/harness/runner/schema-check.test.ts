// The quick parse of timeline records (harness/src/runner/protocol/schema-check.ts): whenever it answers, it answers
// what zod's own parse gives (the same value, key for key in the same order); for anything else it asks zod. Checked
// on every record the example fixtures make (as the executor writes them) and on thousands of them changed at random.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { openFixture } from '@plugbench/harness';
import { TimelineRecordSchema } from '@plugbench/sdk/timeline';
import { ASK_ZOD, quickParse } from '../../../harness/src/runner/protocol/schema-check';
import { ROOT } from './support';

const EXAMPLES = path.join(ROOT, 'examples/fixtures');

/** Every record of every example fixture run to the end in process, as the host decodes it (JSON's view of it). */
async function exampleRecords(): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for (const name of fs.readdirSync(EXAMPLES).filter((f) => /\.fixture\.(ya?ml|json)$/.test(f))) {
    const session = await openFixture(path.join(EXAMPLES, name), {
      golden: false,
      onRecord: (r) => records.push(JSON.parse(JSON.stringify(r)) as Record<string, unknown>),
    });
    await session.runUntil({});
  }
  return records;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Every object and array inside `v`, with v itself. */
function containers(
  v: unknown,
  out: (Record<string, unknown> | unknown[])[] = [],
): (Record<string, unknown> | unknown[])[] {
  if (v && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const e of Object.values(v)) containers(e, out);
  }
  return out;
}

const ODD = [undefined, null, -1, 0.5, 256, 2 ** 60, NaN, '', 'Running', 'RUNNING', 'put', true, [], {}, { x: 1 }];

/** `record` changed once at random: a value replaced, a key added or taken away, keys reordered. */
function mutate(record: Record<string, unknown>, next: () => number): Record<string, unknown> {
  const copy = structuredClone(record);
  const all = containers(copy);
  const target = all[Math.floor(next() * all.length)]!;
  const keys = Object.keys(target);
  const key = Array.isArray(target) ? Math.floor(next() * (target.length + 1)) : keys[Math.floor(next() * keys.length)];
  const how = Math.floor(next() * 4);
  if (how === 0 && key !== undefined) (target as Record<string, unknown>)[key] = ODD[Math.floor(next() * ODD.length)];
  else if (how === 1 && !Array.isArray(target))
    target[['extra', 'phase', 'version', 'err'][Math.floor(next() * 4)]!] = ODD[Math.floor(next() * ODD.length)];
  else if (how === 2 && key !== undefined && !Array.isArray(target)) delete target[key];
  else if (!Array.isArray(target)) {
    const entries = Object.entries(target).reverse();
    for (const k of keys) delete target[k];
    for (const [k, v] of entries) target[k] = v;
  }
  return copy;
}

/** The quick parse agrees with zod on `value`: it answers only what zod gives, key for key. */
function agrees(value: unknown): boolean {
  const quick = quickParse(TimelineRecordSchema)(value);
  if (quick === ASK_ZOD) return false;
  const zod = TimelineRecordSchema.safeParse(value);
  assert.ok(zod.success, `answered for a value zod rejects: ${JSON.stringify(value)}`);
  assert.deepStrictEqual(quick, zod.data);
  assert.equal(JSON.stringify(quick), JSON.stringify(zod.data), 'the same keys in the same order');
  return true;
}

describe('quick parse of timeline records', function () {
  this.timeout(60_000);
  let records: Record<string, unknown>[] = [];
  before(async () => (records = await exampleRecords()));

  it('answers for every record the example fixtures make, as zod does', () => {
    assert.ok(records.length > 100);
    for (const r of records) assert.ok(agrees(r), `asked zod about ${JSON.stringify(r).slice(0, 200)}`);
  });

  it('never answers what zod would not, for records changed at random', () => {
    const next = random(11);
    let answered = 0;
    let asked = 0;
    for (let i = 0; i < 20_000; i++) {
      const changed = mutate(records[Math.floor(next() * records.length)]!, next);
      if (agrees(changed)) answered++;
      else asked++;
    }
    assert.ok(answered > 1000 && asked > 1000, `both ways were tried (${answered} answered, ${asked} asked zod)`);
  });

  it('writes keys in the schema order, copying only what was out of it', () => {
    const record = records.find((r) => r.kind === 'call' && r.transition !== undefined)!;
    const inOrder = TimelineRecordSchema.parse(record) as Record<string, unknown>;
    const { transition, ...rest } = inOrder;
    const reordered = { ...rest, transition };
    const parsed = quickParse(TimelineRecordSchema)(reordered) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), Object.keys(inOrder));
    assert.notEqual(parsed, reordered, 'a copy of the reordered record');
    assert.equal(parsed.transition, transition, 'its parts in order are themselves');
    assert.equal(quickParse(TimelineRecordSchema)(inOrder), inOrder, 'a record in order is itself');
  });

  it('asks zod about a union only the first option of which zod takes', () => {
    const union = z.union([z.object({ a: z.number() }), z.object({ a: z.number(), b: z.number() })]);
    assert.equal(quickParse(union)({ a: 1, b: 2 }), ASK_ZOD, 'zod strips b with the first option');
    assert.deepEqual(quickParse(union)({ a: 1 }), { a: 1 });
  });

  it('answers for objects of no keys and of keys no identifier could name', () => {
    assert.deepEqual(quickParse(z.object({}))({}), {});
    assert.equal(quickParse(z.object({}))({ a: 1 }), ASK_ZOD, 'zod strips a key the schema does not name');
    const odd = z.object({ 'a"b': z.string(), '\\n': z.number(), 'x y': z.boolean().optional() });
    const v = { 'a"b': 's', '\\n': 1 };
    assert.equal(quickParse(odd)(v), v);
    assert.equal(quickParse(odd)({ ...v, 'a"b': 1 }), ASK_ZOD);
  });

  it('asks zod about what it does not know', () => {
    assert.equal(quickParse(z.string().min(2))('abc'), ASK_ZOD);
    assert.equal(quickParse(z.number().transform((n) => n + 1))(1), ASK_ZOD);
  });

  it('asks zod about objects in a process that forbids code made from strings', () => {
    // Its objects' parses are functions written for their schemas; where Node may not make one, zod parses.
    const script = `const { quickParse, ASK_ZOD } = require(${JSON.stringify(path.join(ROOT, 'harness/src/runner/protocol/schema-check.ts'))});
const z = require('zod');
const s = z.object({ a: z.number() });
process.stdout.write(JSON.stringify([quickParse(s)({ a: 1 }) === ASK_ZOD, quickParse(z.array(z.string()))(['x'])]));`;
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--conditions=@plugbench/source', '-e', script],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.deepEqual(JSON.parse(out), [true, ['x']]);
  });
});
