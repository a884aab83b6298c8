/**
 * The timeline model built from the columns of `model-columns.ts`: calls placed from the columns, each call record
 * parsed from its line the first time a field beyond the columns is read.
 *
 * @module
 */
import { TimelineModel } from './model';
import type { TimelineColumns } from './model-columns';
import type { CallFacts, ResourceFacts } from './model-types';
import type { CallRecord, DecisionCode, TimelineRecord } from './types';

/** An absent optional value in a column. */
export const NONE = -1;

const NO_RESOURCES: ResourceFacts[] = [];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads a call's facts from the columns into objects reused from call to call (the model does not keep facts). What
 * the call's record keeps (its node and plugin phases) is one frozen object per distinct value, shared as the
 * executor's records share them.
 */
class FactsReader {
  readonly #c: TimelineColumns;
  readonly #s: readonly string[];
  readonly #nodePhases = new Map<number, CallRecord['nodePhase']>();
  readonly #pluginPhases = new Map<number, CallRecord['pluginPhase']>();
  readonly #decisions = new Map<number, { readonly code: DecisionCode }>();
  readonly #lengths: { readonly length: number }[] = [];
  readonly #resources: Mutable<ResourceFacts>[] = [];
  readonly #facts: Mutable<CallFacts>;
  #res = 0;

  constructor(c: TimelineColumns) {
    this.#c = c;
    this.#s = c.strings;
    // Every field is set by read() before the facts are handed out.
    const unset = undefined as never;
    this.#facts = {
      at: 0,
      task: '',
      attempt: 0,
      generatedName: '',
      call: 'handle',
      nodePhase: unset,
      pluginPhase: unset,
      events: unset,
      resources: [],
    };
  }

  /** The facts of call `i` (calls are read in order: the resource columns are followed as they go). */
  read(i: number): CallFacts {
    const c = this.#c;
    const s = this.#s;
    const f = this.#facts;
    f.at = c.at[i]!;
    f.task = s[c.task[i]!]!;
    f.attempt = c.attempt[i]!;
    f.generatedName = s[c.generatedName[i]!]!;
    f.call = s[c.call[i]!] as CallRecord['call'];
    f.nodePhase = this.#nodePhase(c.nodeBefore[i]!, c.nodeAfter[i]!);
    f.pluginPhase = this.#pluginPhase(c.phase[i]!, c.version[i]!);
    f.events = this.#length(c.events[i]!);
    f.decision = this.#decision(c.decision[i]!);
    f.error = c.error[i] === 1 ? true : undefined;
    f.faults = c.faults[i] === NONE ? undefined : this.#length(c.faults[i]!);
    f.resources = this.#readResources(c.resources[i]!);
    return f;
  }

  #nodePhase(before: number, after: number): CallRecord['nodePhase'] {
    const key = before * this.#s.length + after;
    let p = this.#nodePhases.get(key);
    if (!p) {
      const phases = { before: this.#s[before], after: this.#s[after] } as CallRecord['nodePhase'];
      this.#nodePhases.set(key, (p = Object.freeze(phases)));
    }
    return p;
  }

  #pluginPhase(phase: number, version: number): CallRecord['pluginPhase'] {
    const key = version * this.#s.length + phase;
    let p = Number.isSafeInteger(key) ? this.#pluginPhases.get(key) : undefined;
    if (!p) {
      p = Object.freeze({ phase: this.#s[phase] as CallRecord['pluginPhase']['phase'], version });
      if (Number.isSafeInteger(key)) this.#pluginPhases.set(key, p);
    }
    return p;
  }

  #decision(d: number): { readonly code: DecisionCode } | undefined {
    if (d === NONE) return undefined;
    let decision = this.#decisions.get(d);
    if (!decision) this.#decisions.set(d, (decision = Object.freeze({ code: this.#s[d] as DecisionCode })));
    return decision;
  }

  /** Only the number is read. */
  #length(n: number): { readonly length: number } {
    return (this.#lengths[n] ??= Object.freeze({ length: n }));
  }

  #readResources(n: number): ResourceFacts[] {
    const c = this.#c;
    const s = this.#s;
    const out = this.#resources;
    while (out.length < n)
      out.push({
        op: 'allocate',
        namespace: '',
        namespaceFQ: '',
        token: '',
        tokenFQ: '',
        poolAfter: { used: 0, quota: 0 },
      });
    if (n === 0) return NO_RESOURCES;
    const list = out.slice(0, n);
    for (const r of list) {
      const i = this.#res++;
      r.op = s[c.op[i]!] as ResourceFacts['op'];
      r.namespace = s[c.namespace[i]!]!;
      r.namespaceFQ = s[c.namespaceFQ[i]!]!;
      r.token = s[c.token[i]!]!;
      r.tokenFQ = s[c.tokenFQ[i]!]!;
      r.status = c.status[i] === NONE ? undefined : (s[c.status[i]!] as ResourceFacts['status']);
      r.poolAfter = c.used[i] === NONE ? undefined : { used: c.used[i]!, quota: c.quota[i]! };
      r.error = c.failed[i] === 1 ? true : undefined;
    }
    return list;
  }
}

/** Replays the records into a model: calls from the columns, the few other records parsed. */
export function buildModel(c: TimelineColumns, record: (k: number) => TimelineRecord): TimelineModel {
  const m = new TimelineModel();
  const kindCall = c.strings.indexOf('call');
  const reader = new FactsReader(c);
  let call = 0;
  for (let k = 0; k < c.kind.length; k++) {
    if (c.kind[k] !== kindCall) {
      m.append(record(k));
      continue;
    }
    const facts = reader.read(call);
    m.appendCall(new LazyCallRecord(facts, c.round[call]!, k, record), facts);
    call++;
  }
  return m;
}

/**
 * A call record whose drawn fields come from the columns and whose other fields are parsed from its line the first
 * time one is read. It reads as the record does, and `JSON.stringify` gives the record's own line.
 */
class LazyCallRecord implements CallRecord {
  readonly at: number;
  readonly task: string;
  readonly attempt: number;
  readonly round: number;
  readonly call: CallRecord['call'];
  readonly generatedName: string;
  readonly nodePhase: CallRecord['nodePhase'];
  readonly pluginPhase: CallRecord['pluginPhase'];
  readonly #k: number;
  readonly #parse: (k: number) => TimelineRecord;
  #full: CallRecord | undefined;

  constructor(f: CallFacts, round: number, k: number, parse: (k: number) => TimelineRecord) {
    this.at = f.at;
    this.task = f.task;
    this.attempt = f.attempt;
    this.round = round;
    this.call = f.call;
    this.generatedName = f.generatedName;
    this.nodePhase = f.nodePhase;
    this.pluginPhase = f.pluginPhase;
    this.#k = k;
    this.#parse = parse;
  }

  #record(): CallRecord {
    return (this.#full ??= this.#parse(this.#k) as CallRecord);
  }

  get v(): CallRecord['v'] {
    return 1;
  }
  get kind(): 'call' {
    return 'call';
  }
  get seq(): number {
    return this.#record().seq;
  }
  get transition(): CallRecord['transition'] {
    return this.#record().transition;
  }
  get decision(): CallRecord['decision'] {
    return this.#record().decision;
  }
  get state(): CallRecord['state'] {
    return this.#record().state;
  }
  get events(): CallRecord['events'] {
    return this.#record().events;
  }
  get droppedEvents(): CallRecord['droppedEvents'] {
    return this.#record().droppedEvents;
  }
  get resources(): CallRecord['resources'] {
    return this.#record().resources;
  }
  get logs(): CallRecord['logs'] {
    return this.#record().logs;
  }
  get metrics(): CallRecord['metrics'] {
    return this.#record().metrics;
  }
  get error(): CallRecord['error'] {
    return this.#record().error;
  }
  get faults(): CallRecord['faults'] {
    return this.#record().faults;
  }
  get skipped(): CallRecord['skipped'] {
    return this.#record().skipped;
  }
  get replay(): CallRecord['replay'] {
    return this.#record().replay;
  }
  get repeat(): CallRecord['repeat'] {
    return this.#record().repeat;
  }
  get lint(): CallRecord['lint'] {
    return this.#record().lint;
  }
  get failedAttempts(): number {
    return this.#record().failedAttempts;
  }
  get wallMs(): number {
    return this.#record().wallMs;
  }
  /** The record as it was written: `JSON.stringify` of a lazy record is its line. */
  toJSON(): CallRecord {
    return this.#record();
  }
}
