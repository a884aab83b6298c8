/**
 * The writing end of a copy of an executor's record store in another process (the runner's host): the records kept
 * since the last delta, as the store holds them. Handle records kept in columns travel as rows: their numbers copied
 * from the columns, what they share (who they are of, their shape, resource calls, decision, a state kept whole) named
 * once for the stream by identity, their state as the text the store already holds. Every other record, and a row
 * whose parts cannot travel (a decision form `decision-forms.ts` does not list), travels as the plain record.
 *
 * @module
 */
import type { TimelineRecord } from '../../timeline/types';
import { decisionForms } from './decision-forms';
import {
  IN_TEXT,
  CHUNK_FLOATS,
  CHUNK_INTS,
  CHUNK_MASK,
  DECISION_CODES,
  type CallColumns,
  type CallKind,
  type CallShape,
} from './call-columns';
import { packColumns } from './delta-columns';
import { FLOAT_COLUMNS, INT_COLUMNS, type StorePart, type StoreRows } from './delta-schema';
import { readState } from './pending';
import { TokenHoles, type KeptResources, type TaskRef } from './resources';
import type { RecordStore } from './store';
import { ROUND_POOL } from './templates';
import type { StateChange, TaskEvent } from '../../timeline/types';

/** The records kept since the last delta: plain ones, and the rows with their order among them. */
export interface StoreDelta {
  /** The records that travel whole, in order. */
  readonly records: TimelineRecord[];
  readonly rows: StoreRows;
}

/** Sends the records a store keeps, delta by delta, to one copy of it (`delta-reader.ts` `StoreReplica`). */
export class StoreDeltaWriter {
  readonly #store: RecordStore;
  /** The next entry to send. */
  #next = 0;
  /** Parts sent, by identity: their number; a kind that cannot travel: -1. */
  readonly #named = new Map<object, number>();
  #parts = 0;
  /** Closed text blocks sent, and how much of the open one. */
  #blocks = 0;
  #open = 0;

  constructor(store: RecordStore) {
    this.#store = store;
  }

  /** The records kept since the last call, or `undefined` when there are none. */
  next(): StoreDelta | undefined {
    const store = this.#store;
    const end = store.length;
    if (this.#next === end) return undefined;
    const calls = store.calls;
    const records: TimelineRecord[] = [];
    const slots: number[] = [];
    const order: number[] = [];
    const parts: StorePart[] = [];
    let rows = false;
    let run = 0;
    for (let i = this.#next; i < end; i++) {
      const e = store.entry(i);
      const row = typeof e === 'number' && this.#kind(calls.chunk(e).kind[e & CHUNK_MASK]!, parts) >= 0;
      if (row !== rows) {
        order.push(run);
        rows = row;
        run = 0;
      }
      run++;
      if (row) slots.push(e);
      else records.push(store.read(i));
    }
    order.push(run);
    this.#next = end;
    const text = this.#text(calls);
    return { records, rows: { order, parts, text, count: slots.length, ...this.#columns(calls, slots, parts) } };
  }

  /** The rows' columns ({@link packColumns}), and the `before` parts of their states. */
  #columns(
    calls: CallColumns,
    slots: readonly number[],
    parts: StorePart[],
  ): Pick<StoreRows, 'forms' | 'bases' | 'columns' | 'befores'> {
    const n = slots.length;
    const f = new Float64Array(FLOAT_COLUMNS * n);
    const u = new Uint32Array((INT_COLUMNS + 1) * n);
    const befores: [number, number][] = [];
    copyNumbers(calls, slots, f, u);
    for (let j = 0; j < n; j++) {
      const slot = slots[j]!;
      const c = calls.chunk(slot);
      const k = slot & CHUNK_MASK;
      u[CHUNK_INTS * n + j] = this.#named.get(c.kind[k]!)!;
      const state = c.state[k];
      u[(CHUNK_INTS + 1) * n + j] = state === undefined ? 0 : state === IN_TEXT ? 1 : this.#state(state, parts) + 2;
      const before = state === IN_TEXT ? c.before?.[k] : undefined;
      if (before !== undefined)
        befores.push([j, this.#name(before, parts, () => ({ t: 'before', before: { ...before } }))]);
      u[INT_COLUMNS * n + j] = c.decisionCode[k]!;
    }
    return { ...packColumns(f, FLOAT_COLUMNS, u, INT_COLUMNS + 1, n), befores };
  }

  /** The state text appended since the last delta, in pieces (each but the last completes a block). */
  #text(calls: CallColumns): string[] {
    const text = calls.text;
    const closed = text.closed;
    const out: string[] = [];
    for (; this.#blocks < closed.length; this.#blocks++, this.#open = 0)
      out.push(closed[this.#blocks]!.slice(this.#open));
    const open = text.open;
    out.push(open.slice(this.#open));
    this.#open = open.length;
    return out;
  }

  /** The number of a row's kind, naming it (and its parts) when new; -1: its rows travel as plain records. */
  #kind(kind: CallKind, parts: StorePart[]): number {
    const known = this.#named.get(kind);
    if (known !== undefined) return known;
    const d = kind.decision;
    const form = typeof d === 'object' ? decisionForms().indexOf(d) : undefined;
    if (form === -1 || DECISION_CODES.length > 255) {
      this.#named.set(kind, -1);
      return -1;
    }
    const ref = this.#name(kind.ref, parts, () => refPart(kind.ref));
    const shape = this.#name(kind.shape, parts, () => shapePart(kind.shape));
    const resources = this.#name(kind.resources, parts, () => resourcesPart(kind.resources));
    return this.#name(kind, parts, () => ({
      t: 'kind',
      ref,
      shape,
      resources,
      ...(typeof d === 'string' ? { message: d } : form !== undefined ? { form } : {}),
    }));
  }

  #state(s: StateChange, parts: StorePart[]): number {
    // Kept whole, it may hold its bytes still: it travels as it is read.
    return this.#name(s, parts, () => ({ t: 'state', state: readState(s) as unknown as Record<string, unknown> }));
  }

  /** The number of part `x`, sent (made by `make`) when new. */
  #name(x: object, parts: StorePart[], make: () => StorePart): number {
    let id = this.#named.get(x);
    if (id === undefined) {
      parts.push(make());
      this.#named.set(x, (id = this.#parts++));
    }
    return id;
  }
}

/**
 * Copies the rows' number columns (the chunk's own) into `f` and `u` (one column of `slots.length` after the other),
 * a run of consecutive slots of one chunk at a time: rows are kept one after the other, so runs are long.
 */
function copyNumbers(calls: CallColumns, slots: readonly number[], f: Float64Array, u: Uint32Array): void {
  const n = slots.length;
  for (let j = 0; j < n;) {
    const slot = slots[j]!;
    const k = slot & CHUNK_MASK;
    let m = 1;
    while (j + m < n && slots[j + m] === slot + m && k + m <= CHUNK_MASK) m++;
    const c = calls.chunk(slot);
    for (let col = 0; col < CHUNK_FLOATS; col++) f.set(c.floats[col]!.subarray(k, k + m), col * n + j);
    for (let col = 0; col < CHUNK_INTS; col++) u.set(c.ints[col]!.subarray(k, k + m), col * n + j);
    j += m;
  }
}

function refPart(r: TaskRef): StorePart {
  const out: StorePart = { t: 'ref', task: r.task, attempt: r.attempt, generatedName: r.generatedName };
  if (r.token !== undefined) out.token = r.token;
  if (r.tokenFQ !== undefined) out.tokenFQ = r.tokenFQ;
  return out;
}

/** The events whose pool info is the round's (`templates.ts`). */
const roundPool = (events: readonly TaskEvent[]): number[] =>
  events.flatMap((e, i) => (e.resourcePoolInfo === ROUND_POOL ? [i] : []));

function shapePart(s: CallShape): StorePart {
  const out: StorePart = {
    t: 'shape',
    nodePhase: s.nodePhase,
    phase: s.phase,
    events: s.events as unknown as Record<string, unknown>[],
    roundPool: roundPool(s.events),
    logs: s.logs,
  };
  if (s.transition !== undefined) out.transition = s.transition;
  if (s.droppedEvents !== undefined) {
    out.droppedEvents = s.droppedEvents as unknown as Record<string, unknown>[];
    out.droppedRoundPool = roundPool(s.droppedEvents);
  }
  if (s.error !== undefined) out.error = s.error;
  if (s.metrics !== undefined) out.metrics = s.metrics;
  if (s.faults !== undefined) out.faults = s.faults;
  if (s.lint !== undefined) out.lint = s.lint;
  if (s.replay !== undefined) out.replay = s.replay;
  return out;
}

function resourcesPart(r: KeptResources): StorePart {
  const holes = r instanceof TokenHoles;
  return { t: 'resources', calls: (holes ? r.calls : r) as unknown as Record<string, unknown>[], holes };
}
