/**
 * The view's layout: a CSS grid with named areas (styles.ts), sized here. The lanes get the height their rows need
 * (within limits), the pools the rest below them, the inspector a column on the right, or, in a narrow view, the
 * bottom. Two splitters let the user choose instead; what they chose is kept in the UI state.
 *
 * @module
 */
import { Splitter, type SplitAxis } from './splitter';
import type { TimelineLayout } from './types';

/** Below this width the inspector goes under the lanes and pools. */
export const NARROW_WIDTH = 640;
/** Added to it when a panel fills the events slot beside the lanes: the lanes keep room for their rounds. */
export const EVENTS_ALLOWANCE = 300;

const LIMITS = {
  /** The lanes' header and about three rows. */
  lanesMin: 100,
  /** Left for the pools under the lanes when the lanes are as tall as they may be. */
  poolsMin: 90,
  /** Share of the height the lanes take by themselves, at most, when there are pools. */
  lanesShare: 0.7,
  inspectorMinWidth: 240,
  /** Left for the lanes beside the inspector. */
  mainMinWidth: 300,
  inspectorMinHeight: 160,
  /** Share of a narrow view's height the inspector takes by itself. */
  inspectorShare: 0.4,
  splitter: 6,
} as const;

/** The elements the layout measures. */
export interface LayoutParts {
  root: HTMLElement;
  /** Everything above the lanes (toolbar, legend, overview): its height is not the lanes' to take. */
  above: readonly HTMLElement[];
  /** The slot beside the lanes (an event list), when a panel fills it. */
  events?: HTMLElement;
}

/** What the layout measured, for tests and the host's probe. */
export interface LayoutMeasure {
  narrow: boolean;
  lanesHeight: number;
  inspectorWidth: number;
  inspectorHeight: number;
}

/** Sizes the grid; owns the two splitters. */
export class Layout {
  readonly lanesSplitter: Splitter;
  readonly inspectorSplitter: Splitter;
  #user: TimelineLayout;
  #lanes = 0;
  #inspector = 0;
  #hasPools = false;
  #needed = 0;

  readonly #parts: LayoutParts;
  readonly #changed: () => void;
  /** `changed`: the user moved a splitter (persist the UI state, redraw). */
  constructor(parts: LayoutParts, initial: TimelineLayout | undefined, changed: () => void) {
    this.#parts = parts;
    this.#user = { ...initial };
    this.#changed = changed;
    this.lanesSplitter = new Splitter(() => 'rows', 'pb-hsplit', 'Resize the lanes and the resource pools', {
      get: () => this.#lanes,
      set: (px) => this.#choose({ lanesHeight: px }),
      limits: () => this.#lanesLimits(),
      reset: () => this.#choose({ lanesHeight: undefined }),
      sign: 1,
    });
    const axis = (): SplitAxis => (this.narrow ? 'rows' : 'columns');
    this.inspectorSplitter = new Splitter(axis, 'pb-vsplit', 'Resize the inspector', {
      get: () => this.#inspector,
      set: (px) => this.#choose(this.narrow ? { inspectorHeight: px } : { inspectorWidth: px }),
      limits: () => this.#inspectorLimits(),
      reset: () => this.#choose(this.narrow ? { inspectorHeight: undefined } : { inspectorWidth: undefined }),
      sign: -1,
    });
  }

  /** What the user chose, for the UI state. */
  get state(): TimelineLayout {
    return { ...this.#user };
  }

  get narrow(): boolean {
    const w = this.#parts.root.clientWidth;
    const beside = this.#parts.events?.childElementCount ? EVENTS_ALLOWANCE : 0;
    return w > 0 && w < NARROW_WIDTH + beside;
  }

  /** Sizes the areas: `needed` is the lanes' content height, `hasPools` whether the pools area shows. */
  apply(needed: number, hasPools: boolean): void {
    this.#needed = needed;
    this.#hasPools = hasPools;
    const root = this.#parts.root;
    const narrow = this.narrow;
    root.toggleAttribute('data-narrow', narrow);
    root.toggleAttribute('data-no-pools', !hasPools);
    this.#inspector = this.#inspectorSize();
    const set = (name: string, value: string) => {
      if (root.style.getPropertyValue(name) !== value) root.style.setProperty(name, value);
    };
    if (narrow) set('--pb-inspector-row', `${this.#inspector}px`);
    else set('--pb-inspector-col', `${this.#inspector}px`);
    const [lo, hi] = this.#lanesLimits();
    const auto = hasPools ? Math.min(needed, this.#mainHeight() * LIMITS.lanesShare) : hi;
    this.#lanes = clamp(this.#user.lanesHeight ?? auto, lo, hi);
    set('--pb-lanes-row', `${this.#lanes}px`);
    this.lanesSplitter.sync();
    this.inspectorSplitter.sync();
  }

  /** The sizes now. */
  measure(): LayoutMeasure {
    return {
      narrow: this.narrow,
      lanesHeight: this.#lanes,
      inspectorWidth: this.narrow ? this.#parts.root.clientWidth : this.#inspector,
      inspectorHeight: this.narrow ? this.#inspector : this.#stackHeight(),
    };
  }

  #choose(change: Partial<TimelineLayout>): void {
    for (const [k, v] of Object.entries(change) as [keyof TimelineLayout, number | undefined][]) {
      if (v === undefined) delete this.#user[k];
      else this.#user[k] = Math.round(v);
    }
    this.apply(this.#needed, this.#hasPools);
    this.#changed();
  }

  /** Height under the toolbar, legend and overview. */
  #stackHeight(): number {
    const above = this.#parts.above.reduce((s, el) => s + el.offsetHeight, 0);
    return Math.max(0, this.#parts.root.clientHeight - above);
  }

  /** Height the lanes and pools share. */
  #mainHeight(): number {
    const h = this.#stackHeight();
    return this.narrow ? h - this.#inspector - LIMITS.splitter : h;
  }

  #lanesLimits(): [number, number] {
    const main = this.#mainHeight();
    if (!this.#hasPools) return [LIMITS.lanesMin, Math.max(LIMITS.lanesMin, main)];
    return [LIMITS.lanesMin, Math.max(LIMITS.lanesMin, main - LIMITS.splitter - LIMITS.poolsMin)];
  }

  #inspectorLimits(): [number, number] {
    if (this.narrow) {
      const h = this.#stackHeight();
      return [LIMITS.inspectorMinHeight, Math.max(LIMITS.inspectorMinHeight, h - LIMITS.lanesMin - LIMITS.splitter)];
    }
    const w = this.#parts.root.clientWidth;
    return [LIMITS.inspectorMinWidth, Math.max(LIMITS.inspectorMinWidth, w - LIMITS.mainMinWidth - LIMITS.splitter)];
  }

  #inspectorSize(): number {
    const [lo, hi] = this.#inspectorLimits();
    if (this.narrow) return clamp(this.#user.inspectorHeight ?? this.#stackHeight() * LIMITS.inspectorShare, lo, hi);
    const w = this.#parts.root.clientWidth;
    return clamp(this.#user.inspectorWidth ?? Math.min(560, Math.max(300, w * 0.34)), lo, hi);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.round(Math.max(lo, Math.min(hi, n)));
}
