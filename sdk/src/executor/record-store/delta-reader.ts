/**
 * The reading end of a copy of an executor's record store (`delta-writer.ts`): it keeps the rows it is sent in the
 * store's own columns and makes each record with the store's own read code (`CallColumns.read`, what
 * `Executor.timeline` reads), so a record made here is the record the executor would give, as JSON sees it.
 *
 * What it is sent is checked as it arrives, before any record is made of it: every number naming a part, a form or a
 * decision code is in range and names the right kind of part, every state's place is inside the text sent. A record
 * is then made of parts that are all there; whether it follows the timeline schema is for its reader to check (the
 * runner's host checks every record, as it checks the records that travel whole).
 *
 * @module
 */
import type { StateChange, TaskEvent } from '../../timeline/types';
import {
  CHUNK_FLOATS,
  CHUNK_INTS,
  CHUNK_MASK,
  DECISION_CODES,
  IN_TEXT,
  CallColumns,
  slots,
  type CallKind,
  type CallShape,
} from './call-columns';
import { ColumnsError, unpackColumns } from './delta-columns';
import { decisionForms } from './decision-forms';
import { FLOAT_COLUMNS, INT_COLUMNS, type StorePart, type StoreRows } from './delta-schema';
import { TokenHoles, type KeptResources, type TaskRef } from './resources';
import { ROUND_POOL } from './templates';
import { crossRealmClass, PlugbenchError } from '../../contract/errors';

/**
 * What a delta had wrong; the message names where (`rows[3].kind`, `parts[12].shape`). Recognised by `instanceof`
 * across two copies of the SDK, as plugbench's other errors are.
 */
export class StoreDeltaError extends PlugbenchError {}
crossRealmClass(StoreDeltaError, 'StoreDeltaError');

/** What each kind of part is, as the replica keeps it. */
interface PartOf {
  ref: TaskRef;
  shape: CallShape;
  resources: KeptResources;
  kind: CallKind;
  state: StateChange;
  before: StateChange['before'];
}

/** A part as the replica keeps it, with what it is. */
type Kept = { [T in keyof PartOf]: { t: T; v: PartOf[T] } }[keyof PartOf];

/** A copy of an executor's record store, fed by the deltas of one {@link StoreDeltaWriter}, in order. */
export class StoreReplica {
  readonly #calls = new CallColumns();
  readonly #parts: Kept[] = [];

  /**
   * Takes a delta (checked against `StoreRowsSchema`) and the records that travelled whole beside it, and returns
   * every record of the delta in order: the plain ones as given, the rows made by the store's read code.
   * @throws {@link StoreDeltaError} when the delta names what was never sent, or does not add up.
   */
  apply(rows: StoreRows, records: readonly unknown[]): unknown[] {
    rows.parts.forEach((p, i) => this.#parts.push(this.#part(p, `parts[${i}]`)));
    this.#calls.text.receive(rows.text);
    const first = this.#fill(rows);
    const out: unknown[] = [];
    let r = 0;
    let slot = first;
    rows.order.forEach((n, i) => {
      if (i % 2 === 0) {
        if (r + n > records.length)
          throw new StoreDeltaError(`order[${i}]: more records than the ${records.length} sent`);
        for (let k = 0; k < n; k++) out.push(records[r++]);
      } else {
        // The rows the order names are the rows sent (`rowCount`).
        for (let k = 0; k < n; k++) out.push(this.#read(slot++, slot - first - 1));
      }
    });
    if (r !== records.length) throw new StoreDeltaError(`order: ${r} records, of ${records.length} sent`);
    return out;
  }

  #read(slot: number, row: number): unknown {
    try {
      return this.#calls.read(slot);
    } catch (e) {
      throw new StoreDeltaError(`rows[${row}]: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Copies the rows into the columns, checking what each names, and returns the first row's slot. */
  #fill(rows: StoreRows): number {
    const n = rowCount(rows);
    let unpacked: { floats: Float64Array; ints: Uint32Array };
    try {
      unpacked = unpackColumns(rows, FLOAT_COLUMNS, INT_COLUMNS + 1, n);
    } catch (e) {
      if (e instanceof ColumnsError) throw new StoreDeltaError(e.message);
      throw e;
    }
    const f = unpacked.floats;
    const u = unpacked.ints;
    const befores = new Map(rows.befores);
    for (const [j, p] of rows.befores) {
      if (j >= n) throw new StoreDeltaError(`befores: row ${j} of ${n}`);
      this.#get(p, 'before', `rows[${j}].before`);
    }
    const calls = this.#calls;
    const first = calls.take(n);
    this.#copyNumbers(first, n, f, u);
    for (let j = 0; j < n; j++) {
      const c = calls.chunk(first + j);
      const k = (first + j) & CHUNK_MASK;
      const kind = (c.kind[k] = this.#get(u[CHUNK_INTS * n + j]!, 'kind', `rows[${j}].kind`));
      const code = u[INT_COLUMNS * n + j]!;
      if (code > DECISION_CODES.length) throw new StoreDeltaError(`rows[${j}].decision: no decision code ${code}`);
      c.decisionCode[k] = code;
      if (code !== 0 && kind.decision === undefined)
        throw new StoreDeltaError(`rows[${j}].decision: a decision without a message or form`);
      const state = u[(CHUNK_INTS + 1) * n + j]!;
      if (state === 0) c.state[k] = undefined;
      else if (state > 1) c.state[k] = this.#get(state - 2, 'state', `rows[${j}].state`);
      else {
        c.state[k] = IN_TEXT;
        const before = befores.get(j);
        if (before !== undefined) (c.before ??= slots())[k] = this.#get(before, 'before', `rows[${j}].before`);
        else {
          if (c.before !== undefined) c.before[k] = undefined;
          this.#inText(c.beforeBlock[k]!, c.beforeOffset[k]!, c.beforeLength[k]!, `rows[${j}].state.before`);
        }
        this.#inText(c.afterBlock[k]!, c.afterOffset[k]!, c.afterLength[k]!, `rows[${j}].state.after`);
      }
    }
    return first;
  }

  /**
   * Copies the rows' number columns (`f`, `u`: one column of `n` after the other, the chunk's own first) into the
   * chunks from slot `first` on, as many rows at a time as fit in a chunk.
   */
  #copyNumbers(first: number, n: number, f: Float64Array, u: Uint32Array): void {
    for (let j = 0; j < n;) {
      const k = (first + j) & CHUNK_MASK;
      const m = Math.min(n - j, CHUNK_MASK + 1 - k);
      const c = this.#calls.chunk(first + j);
      for (let col = 0; col < CHUNK_FLOATS; col++) c.floats[col]!.set(f.subarray(col * n + j, col * n + j + m), k);
      for (let col = 0; col < CHUNK_INTS; col++) c.ints[col]!.set(u.subarray(col * n + j, col * n + j + m), k);
      j += m;
    }
  }

  /** Checks that a state's place is inside the text received. */
  #inText(block: number, offset: number, length: number, where: string): void {
    const text = this.#calls.text;
    const closed = text.closed;
    const b = block < closed.length ? closed[block] : block === closed.length ? text.open : undefined;
    if (b === undefined || offset + length > b.length)
      throw new StoreDeltaError(`${where}: text at block ${block}, ${offset}+${length}, which was never sent`);
  }

  /** The part numbered `i`, which must be a `t`. */
  #get<T extends keyof PartOf>(i: number, t: T, where: string): PartOf[T] {
    const p = this.#parts[i];
    if (p === undefined) throw new StoreDeltaError(`${where}: part ${i} was never sent (${this.#parts.length} were)`);
    if (p.t !== t) throw new StoreDeltaError(`${where}: part ${i} is a ${p.t}, not a ${t}`);
    return p.v as PartOf[T];
  }

  /** A part as kept, from what was sent. */
  #part(p: StorePart, where: string): Kept {
    switch (p.t) {
      case 'ref':
        return {
          t: 'ref',
          v: { task: p.task, attempt: p.attempt, generatedName: p.generatedName, token: p.token, tokenFQ: p.tokenFQ },
        };
      case 'shape':
        return { t: 'shape', v: shapeOf(p, where) };
      case 'resources': {
        const calls = p.calls as unknown as CallKind['resources'] & TokenHoles['calls'];
        return { t: 'resources', v: p.holes ? new TokenHoles(calls) : (calls as KeptResources) };
      }
      case 'kind': {
        let decision: CallKind['decision'];
        if (p.message !== undefined) decision = p.message;
        else if (p.form !== undefined) {
          decision = decisionForms()[p.form];
          if (decision === undefined) throw new StoreDeltaError(`${where}.form: no decision form ${p.form}`);
        }
        const ref = this.#get(p.ref, 'ref', `${where}.ref`);
        const shape = this.#get(p.shape, 'shape', `${where}.shape`);
        const resources = this.#get(p.resources, 'resources', `${where}.resources`);
        if (resources instanceof TokenHoles && (ref.token === undefined || ref.tokenFQ === undefined))
          throw new StoreDeltaError(`${where}.resources: calls without their token, of a reference without one`);
        return { t: 'kind', v: { ref, shape, resources, decision } };
      }
      case 'state':
        return { t: 'state', v: p.state as unknown as StateChange };
      case 'before':
        return { t: 'before', v: p.before as unknown as StateChange['before'] };
    }
  }
}

/** A shape as the store keeps it: the round's pool info marked again where the writer said. */
function shapeOf(p: Extract<StorePart, { t: 'shape' }>, where: string): CallShape {
  const s: CallShape = {
    nodePhase: p.nodePhase as unknown as CallShape['nodePhase'],
    phase: p.phase,
    events: withRoundPool(p.events, p.roundPool, `${where}.roundPool`),
    logs: p.logs as CallShape['logs'],
    transition: p.transition,
    droppedEvents:
      p.droppedEvents === undefined
        ? undefined
        : withRoundPool(p.droppedEvents, p.droppedRoundPool ?? [], `${where}.droppedRoundPool`),
    error: p.error as CallShape['error'],
    metrics: p.metrics as CallShape['metrics'],
    faults: p.faults as CallShape['faults'],
    lint: p.lint as CallShape['lint'],
    replay: p.replay as CallShape['replay'],
  };
  return s;
}

function withRoundPool(
  events: readonly Record<string, unknown>[],
  pool: readonly number[],
  where: string,
): TaskEvent[] {
  const out = events as unknown as TaskEvent[];
  for (const i of pool) {
    const e = out[i];
    if (e === undefined || !('resourcePoolInfo' in e))
      throw new StoreDeltaError(`${where}: no event ${i} with pool info`);
    e.resourcePoolInfo = ROUND_POOL;
  }
  return out;
}

/**
 * The most rows one delta may hold: far more than any run sends at once (a delta holds what was kept since the last,
 * every few milliseconds, or one request's rounds), far fewer than would exhaust the host's memory when the columns
 * are all one value each and so take no bytes that could bound them.
 */
const MAX_DELTA_ROWS = 1 << 24;

/** The delta's row count, checked before the columns are made for it: within bounds, and the rows its order names. */
function rowCount(rows: StoreRows): number {
  const n = rows.count;
  if (n > MAX_DELTA_ROWS) throw new StoreDeltaError(`count: ${n} rows in one delta, more than ${MAX_DELTA_ROWS}`);
  let named = 0;
  for (let i = 1; i < rows.order.length; i += 2) named += rows.order[i]!;
  if (named !== n) throw new StoreDeltaError(`count: ${n} rows, but the order names ${named}`);
  return n;
}
