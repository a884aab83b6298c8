/**
 * The legend: a chip per phase colour (a click sets a breakpoint on entering the phase) and a key per marker shape.
 * Compact by default: the phases and marks the run draws, and a toggle for all of them. Its breakpoint count keeps
 * its room when empty, so that setting a breakpoint never moves the lanes.
 *
 * @module
 */
import type { MarkerKind, PhaseName } from '@plugbench/sdk/timeline';
import { h } from './dom';
import { GREY_PHASES, PHASES, drawMarker, fitCanvas, type Palette } from './theme';

/** What the legend reports. */
export interface LegendEvents {
  togglePhaseBreakpoint(phase: PhaseName): void;
  clearBreakpoints(): void;
  /** The legend was expanded or collapsed: its height changed. */
  resized(): void;
}

/** What the lanes draw, for the compact legend. */
export interface Drawn {
  phases: ReadonlySet<PhaseName>;
  markers: ReadonlySet<MarkerKind>;
  aborted: boolean;
}

/** Legend labels of the phases; NotReady's chip stands for Undefined too (one grey). */
export const PHASE_LABEL: Readonly<Record<PhaseName, string>> = {
  Undefined: 'Undefined',
  NotReady: 'NotReady',
  WaitingForResources: 'WaitingForResources',
  Queued: 'Queued',
  Initializing: 'Initializing',
  Running: 'Running',
  Success: 'Success',
  RetryableFailure: 'RetryableFailure',
  PermanentFailure: 'PermanentFailure',
};

/** What each marker shape means. */
export const MARKER_LABEL: Readonly<Record<MarkerKind, string>> = {
  event: 'event sent',
  dedup: 'dedup (no event)',
  'round-error': 'round error',
  retry: 'retry',
  abort: 'abort',
  finalize: 'finalize',
  'barrier-replay': 'barrier replay',
  'version-cap': 'version cap',
  'write-lost': 'write lost',
  error: 'error',
  fault: 'injected fault',
};

/** The legend's chips and keys. */
export class Legend {
  readonly el: HTMLDivElement;
  readonly #chips = new Map<PhaseName, HTMLButtonElement>();
  readonly #keys = new Map<MarkerKind, { el: HTMLSpanElement; canvas: HTMLCanvasElement }>();
  readonly #hatch: HTMLSpanElement;
  readonly #more: HTMLButtonElement;
  readonly #bps: HTMLSpanElement;
  readonly #bpText: HTMLSpanElement;
  #expanded = false;
  #shown: { phases: PhaseName[]; markers: MarkerKind[] } = { phases: [], markers: [] };

  readonly #events: LegendEvents;
  constructor(events: LegendEvents) {
    this.#events = events;
    this.el = h('div', { class: 'pb-legend', attrs: { role: 'group', 'aria-label': 'Legend' } });
    for (const p of PHASES) {
      if (p === 'Undefined') continue;
      const grey = p === 'NotReady';
      const chip = h(
        'button',
        {
          class: 'pb-chip',
          title: `${grey ? 'NotReady or Undefined: the task has not started. ' : ''}Breakpoint: stop when a task enters ${p}`,
          attrs: { type: 'button', 'aria-pressed': 'false', 'data-phase': p },
        },
        h('span', { class: 'pb-swatch', attrs: { 'data-phase': p } }),
        grey ? 'NotReady / Undefined' : PHASE_LABEL[p],
      );
      chip.addEventListener('click', () => this.#events.togglePhaseBreakpoint(p));
      this.#chips.set(p, chip);
      this.el.append(chip);
    }
    this.#hatch = h('span', { class: 'pb-marker-key' }, h('span', { class: 'pb-swatch pb-hatch' }), 'aborting');
    this.el.append(this.#hatch);
    for (const kind of Object.keys(MARKER_LABEL) as MarkerKind[]) {
      const canvas = h('canvas', { attrs: { 'aria-hidden': 'true' } });
      const el = h(
        'span',
        { class: 'pb-marker-key', title: MARKER_LABEL[kind], attrs: { 'data-marker': kind } },
        canvas,
        h('span', { class: 'pb-key-text', text: MARKER_LABEL[kind] }),
      );
      this.#keys.set(kind, { el, canvas });
      this.el.append(el);
    }
    this.#more = h('button', { class: 'pb-chip pb-more', attrs: { type: 'button', 'aria-expanded': 'false' } });
    this.#more.addEventListener('click', () => {
      this.#expanded = !this.#expanded;
      this.#events.resized();
    });
    this.#bpText = h('span');
    const clear = h('button', {
      class: 'pb-chip',
      text: 'clear',
      title: 'Remove every breakpoint',
      attrs: { type: 'button' },
    });
    clear.addEventListener('click', () => this.#events.clearBreakpoints());
    this.#bps = h('span', { class: 'pb-legend-bps' }, this.#bpText, clear);
    this.el.append(this.#more, this.#bps);
  }

  /** The phases and marker kinds the legend shows now (NotReady's chip counts for Undefined too). */
  get shown(): { phases: PhaseName[]; markers: MarkerKind[] } {
    return this.#shown;
  }

  /** Shows the chips of what is drawn (or all of them, expanded) and the breakpoints. */
  update(drawn: Drawn, phaseBreakpoints: ReadonlySet<string>, breakpoints: number): void {
    const nothing = drawn.phases.size === 0;
    const phases: PhaseName[] = [];
    for (const [p, chip] of this.#chips) {
      const isDrawn = drawn.phases.has(p) || (p === 'NotReady' && drawn.phases.has('Undefined'));
      const show = this.#expanded || nothing || isDrawn || phaseBreakpoints.has(p);
      chip.hidden = !show;
      chip.setAttribute('aria-pressed', String(phaseBreakpoints.has(p)));
      if (show) phases.push(...(p === 'NotReady' ? GREY_PHASES : [p]));
    }
    const markers: MarkerKind[] = [];
    for (const [kind, key] of this.#keys) {
      key.el.hidden = !(this.#expanded || drawn.markers.has(kind));
      if (!key.el.hidden) markers.push(kind);
    }
    this.#hatch.hidden = !(this.#expanded || drawn.aborted);
    this.#shown = { phases, markers };
    const hiddenCount = [...this.#chips.values(), ...[...this.#keys.values()].map((k) => k.el)].filter(
      (e) => e.hidden,
    ).length;
    this.#more.textContent = this.#expanded ? 'fewer' : hiddenCount ? `all (${hiddenCount} more)` : 'all';
    this.#more.title = this.#expanded
      ? 'Show only the phases and marks this run draws'
      : 'Show every phase colour and marker shape';
    this.#more.setAttribute('aria-expanded', String(this.#expanded));
    this.el.toggleAttribute('data-expanded', this.#expanded);
    this.#more.hidden = !this.#expanded && hiddenCount === 0;
    this.#bpText.textContent = breakpoints ? `${breakpoints} breakpoint${breakpoints === 1 ? '' : 's'}` : '';
    this.#bps.classList.toggle('pb-invisible', breakpoints === 0);
  }

  /** Draws the marker shapes in the current palette. */
  paint(p: Palette): void {
    for (const [kind, { canvas }] of this.#keys) {
      const ctx = fitCanvas(canvas, 14, 16);
      if (!ctx) continue;
      ctx.clearRect(0, 0, 14, 16);
      drawMarker(ctx, kind, 7, 8, 5, p);
    }
  }
}
