/**
 * A list that keeps only the rows in view in the DOM, reusing them as it scrolls: a pool with 100,000 waiters
 * costs a dozen elements.
 *
 * @module
 */
import { clear, h } from './dom';

/** A fixed-row-height virtual list. */
export class VirtualList<T> {
  readonly el: HTMLDivElement;
  readonly #inner: HTMLDivElement;
  readonly #none: HTMLDivElement;
  #items: readonly T[] = [];
  readonly #rows: HTMLDivElement[] = [];
  #frame = 0;

  readonly #rowHeight: number;
  readonly #render: (item: T, row: HTMLDivElement) => void;
  constructor(rowHeight: number, render: (item: T, row: HTMLDivElement) => void, emptyText: string, label: string) {
    this.#rowHeight = rowHeight;
    this.#render = render;
    this.#inner = h('div', { class: 'pb-vlist-inner' });
    this.#none = h('div', { class: 'pb-none', text: emptyText });
    this.#none.hidden = true;
    this.el = h(
      'div',
      { class: 'pb-vlist', attrs: { role: 'list', 'aria-label': label, tabindex: '-1' } },
      this.#none,
      this.#inner,
    );
    this.el.addEventListener(
      'scroll',
      () => {
        if (this.#frame) return;
        this.#frame = requestAnimationFrame(() => {
          this.#frame = 0;
          this.#paint();
        });
      },
      { passive: true },
    );
  }

  /** Replaces the items and redraws the rows in view. */
  setItems(items: readonly T[]): void {
    this.#items = items;
    this.#inner.style.height = `${items.length * this.#rowHeight}px`;
    this.#paint();
  }

  #paint(): void {
    this.#none.hidden = this.#items.length > 0;
    if (this.#items.length === 0) {
      clear(this.#inner);
      this.#rows.length = 0;
      return;
    }
    // The list's max-height bounds the rows in view; before layout, assume that height.
    const viewH = this.el.clientHeight || 92;
    const first = Math.max(0, Math.floor(this.el.scrollTop / this.#rowHeight) - 2);
    const last = Math.min(this.#items.length, Math.ceil((this.el.scrollTop + viewH) / this.#rowHeight) + 2);
    const need = last - first;
    while (this.#rows.length < need) {
      const row = h('div', { class: 'pb-vrow', attrs: { role: 'listitem' } });
      this.#rows.push(row);
      this.#inner.append(row);
    }
    while (this.#rows.length > need) this.#rows.pop()!.remove();
    for (let i = 0; i < need; i++) {
      const row = this.#rows[i]!;
      row.style.top = `${(first + i) * this.#rowHeight}px`;
      clear(row);
      row.className = 'pb-vrow';
      this.#render(this.#items[first + i]!, row);
    }
  }
}
