/**
 * The runner's timeline model, which only its stop conditions read (a breakpoint, the next event, the next phase
 * change): it takes in the executor's records when a condition asks, so that a step or a run to the end without
 * breakpoints never builds it (at 100,000 rounds it cost a tenth of a round), and no record is made for it until then.
 *
 * @module
 */
import { TimelineModel, type TimelineRecord } from '@plugbench/sdk/timeline';

/** A timeline model of a timeline (the executor's, each record made when read), brought up to date when read. */
export class StopModel {
  readonly #model = new TimelineModel();
  readonly #timeline: readonly TimelineRecord[];
  /** Records taken in so far. */
  #read = 0;

  constructor(timeline: readonly TimelineRecord[] = []) {
    this.#timeline = timeline;
  }

  /** The model of every record of the timeline so far. */
  get model(): TimelineModel {
    const timeline = this.#timeline;
    for (const n = timeline.length; this.#read < n; this.#read++) this.#model.append(timeline[this.#read]!);
    return this.#model;
  }
}
