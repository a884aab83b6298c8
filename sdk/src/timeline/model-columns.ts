/**
 * The timeline in columns: how the HTML report embeds a large run so that the view decodes only what it draws. The
 * text is one line of columns (what the model reads of each record to place it: times, tasks, phases, markers'
 * facts, resource calls; numbers, and strings by their index in one table) followed by every record's own JSON, one
 * per line, exactly as `JSON.stringify` wrote it. The model is built from the columns; a call record's other fields
 * are parsed from its line the first time something reads them (the inspector, an event list row, a tooltip).
 *
 * An encoding of the same records, not a second schema: {@link ColumnarTimeline.record} gives back each record as
 * it was, and a call in the model reads the same as its record.
 *
 * Pure: no zod, no DOM, no node modules, so it runs in Node (encoding) and in the report's page (decoding).
 *
 * @module
 */
import { TimelineModel } from './model';
import type { CallFacts, ResourceFacts } from './model-types';
import type { CallRecord, DecisionCode, TimelineRecord } from './types';

/** The version of the columns' layout, written in the first line; decoders reject others. */
export const COLUMNS_FORMAT = 1;

/** No value: an absent optional field. */
const NONE = -1;

/**
 * The first line of the text: per record, per call, per resource call. Strings are indices into `strings`; absent
 * optional values are -1.
 */
export interface TimelineColumns {
  readonly format: typeof COLUMNS_FORMAT;
  /** Every string the columns name, once. */
  readonly strings: string[];
  /** Per record: its `kind`. */
  readonly kind: number[];
  /** Per record: the length of its line in UTF-8 bytes. */
  readonly bytes: number[];
  /** Per call record: the fields the lanes draw. */
  readonly at: number[];
  readonly task: number[];
  readonly attempt: number[];
  readonly round: number[];
  readonly call: number[];
  readonly generatedName: number[];
  readonly nodeBefore: number[];
  readonly nodeAfter: number[];
  readonly phase: number[];
  readonly version: number[];
  /** Per call record: what its markers are made of. */
  readonly events: number[];
  readonly decision: number[];
  /** 1 when the call has an error, else 0. */
  readonly error: number[];
  readonly faults: number[];
  /** Per call record: how many resource calls it made (theirs are the next ones in the resource columns). */
  readonly resources: number[];
  /** Per resource call, in the order of the calls. */
  readonly op: number[];
  readonly namespace: number[];
  readonly namespaceFQ: number[];
  readonly token: number[];
  readonly tokenFQ: number[];
  readonly status: number[];
  /** 1 when the resource call failed, else 0. */
  readonly failed: number[];
  readonly used: number[];
  readonly quota: number[];
}

type Column = Exclude<keyof TimelineColumns, 'format' | 'strings'>;

/** The columns' names, in the order they are written. */
const COLUMN_NAMES = [
  'kind',
  'bytes',
  'at',
  'task',
  'attempt',
  'round',
  'call',
  'generatedName',
  'nodeBefore',
  'nodeAfter',
  'phase',
  'version',
  'events',
  'decision',
  'error',
  'faults',
  'resources',
  'op',
  'namespace',
  'namespaceFQ',
  'token',
  'tokenFQ',
  'status',
  'failed',
  'used',
  'quota',
] as const satisfies readonly Column[];

/** Length of `s` in UTF-8 bytes. `JSON.stringify` escapes lone surrogates, so every surrogate here is in a pair. */
export function utf8Length(s: string): number {
  // ASCII: every code unit below 0x80.
  if (/^[\u0000-\u007f]*$/.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Builds the columns record by record; strings are interned as they come. */
class ColumnWriter {
  readonly #index = new Map<string, number>();
  readonly cols: TimelineColumns;

  constructor() {
    const cols = { format: COLUMNS_FORMAT, strings: [] } as unknown as Record<string, unknown>;
    for (const name of COLUMN_NAMES) cols[name] = [];
    this.cols = cols as unknown as TimelineColumns;
  }

  str(s: string): number {
    let i = this.#index.get(s);
    if (i === undefined) {
      i = this.cols.strings.length;
      this.cols.strings.push(s);
      this.#index.set(s, i);
    }
    return i;
  }

  optStr(s: string | undefined): number {
    return s === undefined ? NONE : this.str(s);
  }

  record(r: TimelineRecord, line: string): void {
    this.cols.kind.push(this.str(r.kind));
    this.cols.bytes.push(utf8Length(line));
    if (r.kind === 'call') this.#call(r);
  }

  #call(r: CallRecord): void {
    const c = this.cols;
    c.at.push(r.at);
    c.task.push(this.str(r.task));
    c.attempt.push(r.attempt);
    c.round.push(r.round);
    c.call.push(this.str(r.call));
    c.generatedName.push(this.str(r.generatedName));
    c.nodeBefore.push(this.str(r.nodePhase.before));
    c.nodeAfter.push(this.str(r.nodePhase.after));
    c.phase.push(this.str(r.pluginPhase.phase));
    c.version.push(r.pluginPhase.version);
    c.events.push(r.events.length);
    c.decision.push(this.optStr(r.decision?.code));
    c.error.push(r.error === undefined ? 0 : 1);
    c.faults.push(r.faults === undefined ? NONE : r.faults.length);
    c.resources.push(r.resources.length);
    for (const rc of r.resources) {
      c.op.push(this.str(rc.op));
      c.namespace.push(this.str(rc.namespace));
      c.namespaceFQ.push(this.str(rc.namespaceFQ));
      c.token.push(this.str(rc.token));
      c.tokenFQ.push(this.str(rc.tokenFQ));
      c.status.push(this.optStr(rc.status));
      c.failed.push(rc.error === undefined ? 0 : 1);
      c.used.push(rc.poolAfter === undefined ? NONE : rc.poolAfter.used);
      c.quota.push(rc.poolAfter === undefined ? NONE : rc.poolAfter.quota);
    }
  }
}

/**
 * Encodes records as the columnar text: the columns' line, then each record's JSON on its own line (each line ends
 * with a newline). Read it back with {@link decodeTimelineColumns}.
 */
export function encodeTimelineColumns(
  records: readonly TimelineRecord[],
  /** Each record's `JSON.stringify`, when the caller has them already. */
  lines: readonly string[] = records.map((r) => JSON.stringify(r)),
): string {
  const w = new ColumnWriter();
  records.forEach((r, k) => w.record(r, lines[k]!));
  return `${JSON.stringify(w.cols)}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
}

/** A timeline decoded from its columns: records parsed one by one when asked for, a model built from the columns. */
export interface ColumnarTimeline {
  readonly columns: TimelineColumns;
  /** How many records. */
  readonly length: number;
  /** Record `k`, parsed from its line (a new object each time). */
  record(k: number): TimelineRecord;
  /** A model of the records, built from the columns; its calls parse their record when a field beyond the columns is read. */
  model(): TimelineModel;
}

/**
 * Decodes the UTF-8 bytes of {@link encodeTimelineColumns}'s text. Parses the columns' line only; records stay bytes
 * until asked for.
 * @throws when the first line is not columns of {@link COLUMNS_FORMAT} or the records' lines do not fit the bytes.
 */
export function decodeTimelineColumns(bytes: Uint8Array): ColumnarTimeline {
  const decoder = new TextDecoder();
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error('the columnar timeline has no columns line');
  const columns = JSON.parse(decoder.decode(bytes.subarray(0, nl))) as TimelineColumns;
  if (columns?.format !== COLUMNS_FORMAT)
    throw new Error(`the columnar timeline has format ${JSON.stringify(columns?.format)}, not ${COLUMNS_FORMAT}`);
  const n = columns.kind.length;
  const starts = new Float64Array(n);
  let at = nl + 1;
  for (let k = 0; k < n; k++) {
    starts[k] = at;
    at += columns.bytes[k]! + 1;
  }
  if (at !== bytes.length)
    throw new Error(`the columnar timeline's records take ${at} bytes, but it has ${bytes.length}`);
  const record = (k: number): TimelineRecord =>
    JSON.parse(decoder.decode(bytes.subarray(starts[k]!, starts[k]! + columns.bytes[k]!))) as TimelineRecord;
  return { columns, length: n, record, model: () => buildModel(columns, record) };
}

/** Facts objects shared between calls: only their numbers are read, and a run has few distinct ones. */
const lengths: { readonly length: number }[] = [];
function lengthOf(n: number): { readonly length: number } {
  return (lengths[n] ??= Object.freeze({ length: n }));
}

/** Replays the records into a model: calls from the columns, the few other records parsed. */
function buildModel(c: TimelineColumns, record: (k: number) => TimelineRecord): TimelineModel {
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
