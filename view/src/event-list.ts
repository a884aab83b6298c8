/**
 * The event list beside the lanes: one row per round (Redux DevTools' action list, Temporal's history view), narrowed
 * by task, kind and text, and tied to the cursor both ways: the cursor's round is the selected row and is scrolled
 * into view; clicking a row or moving through the list with the keys moves the cursor. A listbox of virtual rows:
 * 100,000 rounds cost the two dozen rows in view.
 *
 * @module
 */
import { countOf, type TimelineModel } from '@plugbench/sdk/timeline';
import { h } from './dom';
import { FilteredRounds, ROUND_KIND_LABELS, RoundKind, isFiltering, type RoundFilter } from './event-filter';
import { cursorRow, keyMove, moveFromCursor } from './event-nav';
import { roundSummary, type RoundSummary } from './event-row';
import { EVENT_ROW_HEIGHT } from './event-styles';
import { VirtualList } from './virtual-list';

/** What the list tells the view. */
export interface EventListEvents {
  /** Move the cursor to run round `call + 1`. */
  seek(call: number): void;
  /** The filter changed: draw again. */
  changed(): void;
  /** The cursor now: keys pressed faster than frames are drawn move from where the last one left it. */
  cursor(): number;
}

let lists = 0;

/** The event list panel: its filters, a count, and the rows. */
export class EventList {
  readonly el: HTMLElement;
  readonly #filtered = new FilteredRounds();
  readonly #list: VirtualList<number>;
  readonly #task: HTMLSelectElement;
  readonly #kind: HTMLSelectElement;
  readonly #text: HTMLInputElement;
  readonly #count: HTMLSpanElement;
  readonly #idPrefix = `pb-round-${++lists}`;
  #model: TimelineModel | undefined;
  #cursor = -1;
  #tasks = -1;
  /** Whether the task menu holds every task (only while it has the focus: a run of 2,000 tasks would be 2,000 nodes). */
  #taskMenuOpen = false;
  #total = -1;
  #reveal = true;
  readonly #ro: ResizeObserver;

  readonly #events: EventListEvents;
  constructor(events: EventListEvents) {
    this.#events = events;
    this.#list = new VirtualList<number>(
      EVENT_ROW_HEIGHT,
      (call, row, index) => this.#renderRow(call, row, index),
      'No rounds recorded yet.',
      'Rounds',
      'listbox',
    );
    this.#list.el.classList.add('pb-events-list');
    this.#task = h('select', { class: 'pb-events-task', attrs: { 'aria-label': 'Task' } });
    this.#kind = h(
      'select',
      { class: 'pb-events-kind', attrs: { 'aria-label': 'Kind of round' } },
      ...Object.values(RoundKind).map((k) => h('option', { text: ROUND_KIND_LABELS[k], attrs: { value: k } })),
    );
    this.#text = h('input', {
      class: 'pb-events-text',
      attrs: { type: 'search', placeholder: 'Filter', 'aria-label': 'Filter rounds by text', spellcheck: 'false' },
    });
    // Not a live region: a running run would announce every round it adds.
    this.#count = h('span', { class: 'pb-events-count' });
    this.el = h(
      'section',
      { class: 'pb-events', attrs: { 'aria-label': 'Rounds and events' } },
      h('div', { class: 'pb-events-head' }, h('span', { class: 'pb-events-title', text: 'Rounds' }), this.#count),
      h('div', { class: 'pb-events-filters' }, this.#task, this.#kind, this.#text),
      this.#list.el,
    );
    for (const input of [this.#task, this.#kind]) input.addEventListener('change', () => this.#filterChanged());
    this.#task.addEventListener('focus', () => this.#setTaskMenu(true));
    this.#task.addEventListener('blur', () => this.#setTaskMenu(false));
    this.#text.addEventListener('input', () => this.#filterChanged());
    this.#list.el.addEventListener('click', (e) => this.#onClick(e));
    this.#list.el.addEventListener('keydown', (e) => this.#onKey(e));
    // A new size (the window, a layout change) shows other rows: keep the cursor's round in view.
    this.#ro = new ResizeObserver(() => {
      this.#reveal = true;
      this.#events.changed();
    });
    this.#ro.observe(this.#list.el);
  }

  dispose(): void {
    this.#ro.disconnect();
  }

  /** The rounds shown, as indices into `model.calls` (for tests). */
  get rows(): readonly number[] {
    return this.#filtered.rows;
  }

  /** Narrows the list (the menus and the text field follow). */
  setFilter(filter: RoundFilter): void {
    this.#task.value = filter.task;
    this.#kind.value = filter.kind;
    this.#text.value = filter.text;
    this.#filterChanged();
  }

  /** Puts the keyboard in the text filter. */
  focusFilter(): void {
    this.#text.focus();
    this.#text.select();
  }

  /** Brings the list up to date with the model and the cursor; cheap when neither changed. */
  update(model: TimelineModel, cursor: number): void {
    this.#model = model;
    if (model.tasks.length !== this.#tasks) this.#updateTasks();
    const rowsChanged = this.#filtered.update(model);
    const cursorMoved = cursor !== this.#cursor;
    const totalChanged = model.callCount !== this.#total;
    this.#cursor = cursor;
    this.#total = model.callCount;
    if (!rowsChanged && !cursorMoved && !totalChanged && !this.#reveal) return;
    const rows = this.#filtered.rows;
    if (rowsChanged) this.#list.setItems(rows);
    const at = cursorRow(rows, cursor);
    if (at.selected >= 0) this.#list.el.setAttribute('aria-activedescendant', this.#rowId(cursor));
    else this.#list.el.removeAttribute('aria-activedescendant');
    if (cursorMoved || this.#reveal) this.#list.reveal(at.anchor);
    else this.#list.refresh();
    this.#reveal = false;
    this.#updateCount(model);
  }

  #filterChanged(): void {
    const kind = Object.values(RoundKind).find((k) => k === this.#kind.value) ?? RoundKind.All;
    this.#filtered.setFilter({ task: this.#task.value, kind, text: this.#text.value });
    this.#list.setEmptyText(isFiltering(this.#filtered.filter) ? 'No round matches.' : 'No rounds recorded yet.');
    // Keep the cursor's round in view under the new filter.
    this.#reveal = true;
    this.#events.changed();
  }

  #setTaskMenu(open: boolean): void {
    this.#taskMenuOpen = open;
    this.#updateTasks();
  }

  /** The task menu: every task while it has the focus, else only "all tasks" and the task chosen. */
  #updateTasks(): void {
    const tasks = this.#model?.tasks ?? [];
    this.#tasks = tasks.length;
    const value = this.#task.value;
    const ids = this.#taskMenuOpen ? tasks.map((t) => t.id) : value ? [value] : [];
    this.#task.replaceChildren(
      h('option', { text: 'all tasks', attrs: { value: '' } }),
      ...ids.map((id) => h('option', { text: id, attrs: { value: id } })),
    );
    this.#task.value = value;
  }

  #updateCount(model: TimelineModel): void {
    const total = countOf(model.callCount, 'round');
    this.#count.textContent = isFiltering(this.#filtered.filter) ? `${this.#filtered.rows.length} of ${total}` : total;
  }

  #rowId(call: number): string {
    return `${this.#idPrefix}-${call}`;
  }

  #renderRow(call: number, row: HTMLDivElement, index: number): void {
    const model = this.#model!;
    const s = roundSummary(model, call);
    row.id = this.#rowId(call);
    row.dataset.call = String(call);
    row.classList.add('pb-event-row');
    row.setAttribute('aria-selected', String(call === this.#cursor));
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(this.#filtered.rows.length));
    row.setAttribute('aria-label', rowLabel(s));
    const head = h(
      'div',
      { class: 'pb-ev-line' },
      h('span', { class: 'pb-ev-num', text: String(s.runRound), title: s.label }),
      h('span', { class: 'pb-ev-round', text: s.taskRound }),
      h(
        'span',
        { class: 'pb-phase' },
        h('span', { class: 'pb-swatch', attrs: { 'data-phase': s.phaseName } }),
        s.phase,
      ),
    );
    if (s.decision && s.decision !== 'event')
      head.append(h('span', { class: 'pb-badge', text: s.decision, attrs: { 'data-code': s.decision } }));
    row.append(head, detailLine(s));
  }

  #onClick(e: MouseEvent): void {
    const row = (e.target as Element | null)?.closest<HTMLElement>('[data-call]');
    if (!row) return;
    const call = Number(row.dataset.call);
    if (call !== this.#events.cursor()) this.#events.seek(call);
  }

  #onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const move = keyMove(e.key, this.#list.pageRows);
    if (!move) return;
    // The list's keys, not the view's (Home and End would reset or run to the end).
    e.preventDefault();
    const call = moveFromCursor(this.#filtered.rows, this.#events.cursor(), move);
    if (call !== undefined) this.#events.seek(call);
  }
}

/** The second line: events sent, resource calls, the error; or that the round sent nothing. */
function detailLine(s: RoundSummary): HTMLDivElement {
  const line = h('div', { class: 'pb-ev-line pb-ev-detail' });
  if (s.events.length > 0) line.append(h('span', { class: 'pb-ev-events', text: `sent ${s.events.join(', ')}` }));
  for (const r of s.resources) line.append(h('span', { class: 'pb-ev-resource', text: r }));
  if (s.error !== undefined) line.append(h('span', { class: 'pb-ev-error', text: s.error }));
  if (line.childElementCount === 0) line.append(h('span', { class: 'pb-ev-none', text: 'no event' }));
  return line;
}

/** What a screen reader says for a row: the round in full, then what the row shows. */
function rowLabel(s: RoundSummary): string {
  return [
    s.label,
    s.phase,
    s.decision && s.decision !== 'event' ? s.decision : '',
    s.events.length ? `sent ${s.events.join(', ')}` : 'no event',
    ...s.resources,
    s.error ?? '',
  ]
    .filter(Boolean)
    .join('; ');
}
