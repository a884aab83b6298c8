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

/** Facts objects shared between calls: only their numbers are read, and a run has few distinct ones. */
const lengths: { readonly length: number }[] = [];
function lengthOf(n: number): { readonly length: number } {
  return (lengths[n] ??= Object.freeze({ length: n }));
}

/** Replays the records into a model: calls from the columns, the few other records parsed. */
export function buildModel(c: TimelineColumns, record: (k: number) => TimelineRecord): TimelineModel {
  const m = new TimelineModel();
  const s = c.strings;
  const kindCall = s.indexOf('call');
  // One node phase pair, and one decision, per pair of string indices: calls share them as the executor's do.
  const nodePhases = new Map<number, CallRecord['nodePhase']>();
  const decisions = new Map<number, { readonly code: DecisionCode }>();
  let call = 0;
  let res = 0;
  for (let k = 0; k < c.kind.length; k++) {
    if (c.kind[k] !== kindCall) {
      m.append(record(k));
      continue;
    }
    const pair = c.nodeBefore[call]! * s.length + c.nodeAfter[call]!;
    let nodePhase = nodePhases.get(pair);
    if (!nodePhase) {
      const phases = { before: s[c.nodeBefore[call]!]!, after: s[c.nodeAfter[call]!]! };
      nodePhases.set(pair, (nodePhase = Object.freeze(phases) as CallRecord['nodePhase']));
    }
    const d = c.decision[call]!;
    let decision = decisions.get(d);
    if (!decision && d !== NONE) decisions.set(d, (decision = Object.freeze({ code: s[d] as DecisionCode })));
    const resources: ResourceFacts[] = [];
    for (const end = res + c.resources[call]!; res < end; res++) resources.push(resourceFacts(c, res));
    const facts: CallFacts = {
      at: c.at[call]!,
      task: s[c.task[call]!]!,
      attempt: c.attempt[call]!,
      generatedName: s[c.generatedName[call]!]!,
      call: s[c.call[call]!] as CallRecord['call'],
      nodePhase,
      pluginPhase: { phase: s[c.phase[call]!] as CallRecord['pluginPhase']['phase'], version: c.version[call]! },
      events: lengthOf(c.events[call]!),
      decision,
      error: c.error[call] === 1 ? true : undefined,
      faults: c.faults[call] === NONE ? undefined : lengthOf(c.faults[call]!),
      resources,
    };
    m.appendCall(new LazyCallRecord(facts, c.round[call]!, k, record), facts);
    call++;
  }
  return m;
}

function resourceFacts(c: TimelineColumns, i: number): ResourceFacts {
  const s = c.strings;
  return {
    op: s[c.op[i]!] as ResourceFacts['op'],
    namespace: s[c.namespace[i]!]!,
    namespaceFQ: s[c.namespaceFQ[i]!]!,
    token: s[c.token[i]!]!,
    tokenFQ: s[c.tokenFQ[i]!]!,
    status: c.status[i] === NONE ? undefined : (s[c.status[i]!] as ResourceFacts['status']),
    poolAfter: c.used[i] === NONE ? undefined : { used: c.used[i]!, quota: c.quota[i]! },
    error: c.failed[i] === 1 ? true : undefined,
  };
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
