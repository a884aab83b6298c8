/**
 * The runner's timeline model, which only its stop conditions read (a breakpoint, the next event, the next phase
 * change): records wait in a list and the model takes them in when a condition asks, so that a step or a run to the
 * end without breakpoints never builds it (at 100,000 rounds it cost a tenth of a round).
 *
 * @module
 */
import { TimelineModel, type TimelineRecord } from '@plugbench/sdk/timeline';

/** A timeline model brought up to date when read. */
export class StopModel {
  readonly #model = new TimelineModel();
  #waiting: TimelineRecord[] = [];

  /** A record of the run, in order. */
  push(r: TimelineRecord): void {
    this.#waiting.push(r);
  }

  /** The model of every record pushed so far. */
  get model(): TimelineModel {
    if (this.#waiting.length > 0) {
      for (const r of this.#waiting) this.#model.append(r);
      this.#waiting = [];
    }
    return this.#model;
  }
}
