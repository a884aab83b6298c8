/**
 * A list that keeps only the rows in view in the DOM, reusing them as it scrolls: a pool with 100,000 waiters
 * costs a dozen elements.
 *
 * @module
 */
import { clear, h } from './dom';
import { revealRow, rowWindow } from './virtual-window';

/** The roles of a list and its rows: a plain list, or a listbox whose rows are options (one selected). */
export type VirtualListRole = 'list' | 'listbox';

/** A fixed-row-height virtual list. */
export class VirtualList<T> {
  readonly el: HTMLDivElement;
  readonly #inner: HTMLDivElement;
  readonly #none: HTMLDivElement;
  #items: readonly T[] = [];
  readonly #rows: HTMLDivElement[] = [];
  #frame = 0;

  readonly #rowHeight: number;
  readonly #render: (item: T, row: HTMLDivElement, index: number) => void;
  readonly #rowRole: string;
  constructor(
    rowHeight: number,
    render: (item: T, row: HTMLDivElement, index: number) => void,
    emptyText: string,
    label: string,
    role: VirtualListRole = 'list',
  ) {
    this.#rowHeight = rowHeight;
    this.#render = render;
    this.#rowRole = role === 'listbox' ? 'option' : 'listitem';
    this.#inner = h('div', { class: 'pb-vlist-inner' });
    this.#none = h('div', { class: 'pb-none', text: emptyText });
    this.#none.hidden = true;
    this.el = h(
      'div',
      { class: 'pb-vlist', attrs: { role, 'aria-label': label, tabindex: role === 'listbox' ? '0' : '-1' } },
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

  /** Changes what the list says when it has no rows. */
  setEmptyText(text: string): void {
    this.#none.textContent = text;
  }

  /** Redraws the rows in view (after what they show changed, e.g. the selection). */
  refresh(): void {
    this.#paint();
  }

  /** Scrolls so that row `index` is in view, moving as little as possible, and draws. */
  reveal(index: number): void {
    const top = revealRow(index, this.el.scrollTop, this.#viewHeight(), this.#rowHeight);
    if (top !== this.el.scrollTop) this.el.scrollTop = top;
    this.#paint();
  }

  /** How many whole rows fit in view. */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.#viewHeight() / this.#rowHeight));
  }

  // The list's max-height bounds the rows in view; before layout, assume that height.
  #viewHeight(): number {
    return this.el.clientHeight || 92;
  }

  #paint(): void {
    this.#none.hidden = this.#items.length > 0;
    if (this.#items.length === 0) {
      clear(this.#inner);
      this.#rows.length = 0;
      return;
    }
    const { first, last } = rowWindow(this.el.scrollTop, this.#viewHeight(), this.#rowHeight, this.#items.length);
    const need = last - first;
    while (this.#rows.length < need) {
      const row = h('div', { class: 'pb-vrow', attrs: { role: this.#rowRole } });
      this.#rows.push(row);
      this.#inner.append(row);
    }
    while (this.#rows.length > need) this.#rows.pop()!.remove();
    for (let i = 0; i < need; i++) {
      const row = this.#rows[i]!;
      row.style.top = `${(first + i) * this.#rowHeight}px`;
      clear(row);
      row.className = 'pb-vrow';
      this.#render(this.#items[first + i]!, row, first + i);
    }
  }
}
