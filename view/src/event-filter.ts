/**
 * Which rounds the event list shows: by task, by kind (rounds that sent an event, changed a plugin phase, failed,
 * were retried, waited for a resource) and by text. Pure: no DOM, so it is tested in Node and costs one pass over
 * the rounds when the filter changes, then one step per round appended.
 *
 * @module
 */
import { MarkerKind, lowerBound, runRoundText, type TimelineModel } from '@plugbench/sdk/timeline';
import { roundSummary } from './event-row';

/** The kinds of round the list can be narrowed to. */
export const RoundKind = {
  /** Every round. */
  All: 'all',
  /** The round sent at least one task event. */
  Events: 'events',
  /** A lane's plugin phase changed at the round. */
  PhaseChanges: 'phase-changes',
  /** The round failed: Handle threw or returned something invalid, or Abort or Finalize failed. */
  RoundErrors: 'round-errors',
  /** A retryable failure that is retried as the next attempt. */
  Retries: 'retries',
  /** A resource manager answered that the pool is exhausted: the task waits. */
  ResourceWaits: 'resource-waits',
} as const;
/** One of {@link RoundKind}. */
export type RoundKind = (typeof RoundKind)[keyof typeof RoundKind];

/** What each kind is called in the list's menu. */
export const ROUND_KIND_LABELS: Readonly<Record<RoundKind, string>> = {
  all: 'all rounds',
  events: 'rounds that sent an event',
  'phase-changes': 'phase changes',
  'round-errors': 'round errors',
  retries: 'retries',
  'resource-waits': 'resource waits',
};

/** The list's filter. An empty `task` or `text` does not narrow. */
export interface RoundFilter {
  /** Only this task's rounds (its id), or every task's when empty. */
  task: string;
  kind: RoundKind;
  /** Rounds whose text contains this, ignoring case. */
  text: string;
}

/** The filter that keeps every round. */
export const NO_FILTER: RoundFilter = { task: '', kind: RoundKind.All, text: '' };

/** Whether a filter narrows at all. */
export function isFiltering(f: RoundFilter): boolean {
  return f.task !== '' || f.kind !== RoundKind.All || f.text.trim() !== '';
}

/**
 * Whether run round `call` (an index into `model.calls`) is of `kind`. Answered from the model's lists of calls, so
 * that narrowing by kind does not read every record (a large report parses a record only when it is shown).
 */
export function isOfKind(model: TimelineModel, call: number, kind: RoundKind): boolean {
  switch (kind) {
    case RoundKind.All:
      return true;
    case RoundKind.Events:
      return includes(model.eventCalls, call);
    case RoundKind.PhaseChanges:
      return includes(model.phaseChangeCalls, call);
    case RoundKind.RoundErrors:
      // A round error is marked as one (its decision); any other error of the call as an error.
      return (
        includes(model.markerCalls.get(MarkerKind.RoundError)!, call) ||
        includes(model.markerCalls.get(MarkerKind.Error)!, call)
      );
    case RoundKind.Retries:
      return includes(model.markerCalls.get(MarkerKind.Retry)!, call);
    case RoundKind.ResourceWaits:
      return includes(model.resourceWaitCalls, call);
  }
}

/** Whether ascending `list` holds `call`. */
function includes(list: readonly number[], call: number): boolean {
  return list[lowerBound(list, call)] === call;
}

/**
 * The rounds a filter keeps, as indices into `model.calls`, ascending. Built in one pass and extended as the model
 * grows (a live run): {@link FilteredRounds.update} looks only at the rounds appended since the last call. Searched
 * text is made once per round and kept, so typing in the filter costs a substring test per round.
 */
export class FilteredRounds {
  /** The rounds shown, ascending. Grows in place. */
  readonly rows: number[] = [];
  #model: TimelineModel | undefined;
  #filter: RoundFilter = NO_FILTER;
  #needle = '';
  #scanned = 0;
  #dirty = true;
  #search: string[] = [];

  /** The filter in use. */
  get filter(): RoundFilter {
    return this.#filter;
  }

  /** Changes the filter; the rows are rebuilt at the next {@link FilteredRounds.update}. */
  setFilter(filter: RoundFilter): void {
    this.#filter = { ...filter };
    this.#needle = filter.text.trim().toLowerCase();
    this.#restart();
  }

  /**
   * Brings the rows up to date with `model`: a new model (a reload) starts over, a grown one adds its new rounds.
   * @returns whether the rows changed.
   */
  update(model: TimelineModel): boolean {
    if (model !== this.#model || model.callCount < this.#scanned) {
      this.#model = model;
      this.#search = [];
      this.#restart();
    }
    const before = this.rows.length;
    for (let i = this.#scanned, n = model.callCount; i < n; i++) if (this.#keeps(model, i)) this.rows.push(i);
    this.#scanned = model.callCount;
    const changed = this.#dirty || this.rows.length !== before;
    this.#dirty = false;
    return changed;
  }

  #restart(): void {
    this.rows.length = 0;
    this.#scanned = 0;
    this.#dirty = true;
  }

  #keeps(model: TimelineModel, i: number): boolean {
    const f = this.#filter;
    if (f.task !== '' && model.calls[i]!.task !== f.task) return false;
    if (!isOfKind(model, i, f.kind)) return false;
    if (this.#needle === '') return true;
    let text = this.#search[i];
    if (text === undefined) text = this.#search[i] = searchText(model, i);
    return text.includes(this.#needle);
  }
}

/**
 * The text a round is searched by: what its row shows, lower case. Kept for the run's lifetime, so it leaves out the
 * run's round count, which grows while the run is live.
 */
export function searchText(model: TimelineModel, call: number): string {
  const s = roundSummary(model, call);
  return [
    s.taskRound,
    runRoundText(s.runRound),
    s.phase,
    s.decision ?? '',
    s.decisionMessage ?? '',
    ...s.events,
    ...s.resources,
    s.error ?? '',
  ]
    .join('\n')
    .toLowerCase();
}
