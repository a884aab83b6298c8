/**
 * A splitter between two areas of the view's grid: dragged with the pointer, moved with the arrow keys (Shift for
 * bigger steps), Home/End for the limits, double-click or Enter to give the size back to the layout. A WAI-ARIA
 * window splitter: `role="separator"`, focusable, with its value.
 *
 * @module
 */
import { h } from './dom';

/** Which way a splitter moves: `rows` up and down, `columns` left and right. */
export type SplitAxis = 'rows' | 'columns';

/** What a splitter sizes. */
export interface SplitterTarget {
  /** The size now, in CSS pixels. */
  get(): number;
  /** Sets a size the user chose (the target clamps it). */
  set(px: number): void;
  /** The smallest and largest size now. */
  limits(): [number, number];
  /** Gives the size back to the layout. */
  reset(): void;
  /** +1 when the area grows as the splitter moves right or down (it is before the splitter), -1 otherwise. */
  readonly sign: 1 | -1;
}

const STEP = 16;
const BIG_STEP = 64;

/** One splitter element. */
export class Splitter {
  readonly el: HTMLDivElement;
  readonly #axisOf: () => SplitAxis;
  readonly #target: SplitterTarget;

  /** `axis` is asked at each use: a narrow view stacks what a wide one puts side by side. */
  constructor(axis: () => SplitAxis, className: string, label: string, target: SplitterTarget) {
    this.#axisOf = axis;
    this.#target = target;
    this.el = h('div', {
      class: `pb-splitter pb-splitter-${axis} ${className}`,
      title: `${label}: drag, or focus and use the arrow keys; double-click to reset`,
      attrs: {
        role: 'separator',
        tabindex: '0',
        'aria-label': label,
      },
    });
    this.el.addEventListener('pointerdown', (e) => this.#drag(e));
    this.el.addEventListener('keydown', (e) => this.#key(e));
    this.el.addEventListener('dblclick', () => this.#target.reset());
  }

  /** Updates the ARIA value after a layout. */
  sync(): void {
    const [lo, hi] = this.#target.limits();
    this.el.setAttribute('aria-orientation', this.#axisOf() === 'rows' ? 'horizontal' : 'vertical');
    this.el.setAttribute('aria-valuemin', String(Math.round(lo)));
    this.el.setAttribute('aria-valuemax', String(Math.round(hi)));
    this.el.setAttribute('aria-valuenow', String(Math.round(this.#target.get())));
  }

  get #axis(): SplitAxis {
    return this.#axisOf();
  }

  #drag(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    const start = this.#axis === 'rows' ? e.clientY : e.clientX;
    const from = this.#target.get();
    this.el.setPointerCapture(e.pointerId);
    this.el.classList.add('pb-dragging');
    const move = (m: PointerEvent) => {
      const at = this.#axis === 'rows' ? m.clientY : m.clientX;
      this.#target.set(from + this.#target.sign * (at - start));
    };
    const up = () => {
      this.el.classList.remove('pb-dragging');
      this.el.removeEventListener('pointermove', move);
      this.el.removeEventListener('pointerup', up);
      this.el.removeEventListener('pointercancel', up);
    };
    this.el.addEventListener('pointermove', move);
    this.el.addEventListener('pointerup', up);
    this.el.addEventListener('pointercancel', up);
  }

  #key(e: KeyboardEvent): void {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const forward = this.#axis === 'rows' ? 'ArrowDown' : 'ArrowRight';
    const backward = this.#axis === 'rows' ? 'ArrowUp' : 'ArrowLeft';
    const grow = this.#target.sign > 0 ? forward : backward;
    const shrink = this.#target.sign > 0 ? backward : forward;
    const [lo, hi] = this.#target.limits();
    const now = this.#target.get();
    let next: number | undefined;
    if (e.key === grow) next = now + step;
    else if (e.key === shrink) next = now - step;
    else if (e.key === 'Home') next = lo;
    else if (e.key === 'End') next = hi;
    else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      this.#target.reset();
      return;
    } else return;
    // Handled here: the view's keys (arrows step through rounds) must not see it.
    e.preventDefault();
    e.stopPropagation();
    this.#target.set(next);
  }
}
