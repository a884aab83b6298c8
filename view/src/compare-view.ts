/**
 * A run beside its golden timeline: two timeline views (the existing component, mounted twice) on one cursor, side
 * by side or one above the other, with a bar that jumps to the first, next and previous difference and lists them
 * all. What differs is decided elsewhere (`compareWithGolden` of `@plugbench/sdk/timeline`, the comparison
 * `plugbench test` makes); this only shows it. Browser code only.
 *
 * @module
 */
import {
  differenceRounds,
  nextDifferenceRound,
  roundText,
  runRoundOf,
  countOf,
  type GoldenRoundDiff,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';
import { h } from './dom';
import { COMPARE_CSS } from './compare-styles';
import type { TimelineIntent, TimelineViewApi } from './types';
import { mountTimelineView } from './view';

/** How the two timelines are laid out. */
export const CompareLayout = { sideBySide: 'side-by-side', stacked: 'stacked' } as const;
/** A layout of the comparison. */
export type CompareLayout = (typeof CompareLayout)[keyof typeof CompareLayout];

/** One side of the comparison. */
export interface CompareSide {
  title: string;
  records: readonly TimelineRecord[];
}

/** A difference as the view needs it: the harness's {@link GoldenRoundDiff}, fields and rounds. */
export type CompareDifference = Pick<GoldenRoundDiff, 'index' | 'what' | 'fields' | 'run' | 'golden'>;

/** Where the comparison stands: the shared cursor on each side, and the difference at it. */
export interface CompareState {
  cursor: number;
  goldenCursor: number;
  layout: CompareLayout;
  /** Index in `differences` of the first difference at the cursor; -1 when the cursor is on none. */
  difference: number;
  /** What the bar says about the cursor. */
  text: string;
}

/** Options of {@link CompareView}. */
export interface CompareViewOptions {
  run: CompareSide;
  golden: CompareSide;
  differences: readonly CompareDifference[];
  /** Where the cursor starts (a run round); default the first difference, else the run's last round. */
  cursor?: number;
  layout?: CompareLayout;
  /** Nonce of the `<style>` elements under a strict content security policy. */
  cssNonce?: string;
  /** Told whenever the cursor or the layout changes. */
  onState?: (state: CompareState) => void;
}

/** The comparison: a bar of differences over two timeline views that share one cursor. */
export class CompareView {
  readonly root: HTMLElement;
  readonly run: TimelineViewApi;
  readonly golden: TimelineViewApi;
  #layout: CompareLayout;
  readonly #differences: readonly CompareDifference[];
  readonly #rounds: number[];
  readonly #status: HTMLElement;
  readonly #layoutButton: HTMLButtonElement;
  readonly #list: HTMLOListElement;
  readonly #options: CompareViewOptions;

  constructor(host: HTMLElement, options: CompareViewOptions) {
    this.#options = options;
    this.#differences = options.differences;
    this.#rounds = differenceRounds(options.differences);
    this.#layout = options.layout ?? CompareLayout.sideBySide;
    injectCompareCss(host.ownerDocument, options.cssNonce);
    const bar = this.#bar();
    this.#status = h('p', { class: 'pbc-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.#layoutButton = bar.querySelector<HTMLButtonElement>('[data-action="toggleLayout"]')!;
    this.#list = h('ol', { class: 'pbc-list', attrs: { 'aria-label': 'Differences' } });
    const runPane = h('section', { class: 'pbc-pane', attrs: { 'aria-label': `Run: ${options.run.title}` } });
    const goldenPane = h('section', { class: 'pbc-pane', attrs: { 'aria-label': `Golden: ${options.golden.title}` } });
    runPane.append(h('h2', { class: 'pbc-side', text: `Run · ${options.run.title}` }));
    goldenPane.append(h('h2', { class: 'pbc-side', text: `Golden · ${options.golden.title}` }));
    this.root = h(
      'div',
      { class: 'pbc-root' },
      bar,
      this.#status,
      this.#list,
      h('div', { class: 'pbc-panes' }, runPane, goldenPane),
    );
    host.append(this.root);
    // The panes' headings name the sides: the views' own titles would say it twice.
    const common = { documentKeys: false, ...(options.cssNonce ? { cssNonce: options.cssNonce } : {}) } as const;
    this.run = mountTimelineView(runPane, {
      ...common,
      records: options.run.records,
      onIntent: (i, v) => this.#follow(i, v, 'run'),
    });
    this.golden = mountTimelineView(goldenPane, {
      ...common,
      records: options.golden.records,
      onIntent: (i, v) => this.#follow(i, v, 'golden'),
    });
    this.#fillList();
    this.#applyLayout();
    const first = this.#differences[0];
    this.#moveTo(options.cursor ?? first?.run ?? this.run.model.callCount - 1, first?.golden);
  }

  /** Where the comparison stands. */
  get state(): CompareState {
    const c = this.run.cursor;
    const at = this.#differences.findIndex((d) => d.run === c);
    return { cursor: c, goldenCursor: this.golden.cursor, layout: this.#layout, difference: at, text: this.#text(at) };
  }

  /** Moves the cursor to the first round where the run and the golden timeline differ. */
  firstDifference(): void {
    const d = this.#differences[0];
    if (d) this.#moveTo(d.run, d.golden);
    else this.#report();
  }

  /** Moves the cursor to the next (1) or previous (-1) round with a difference, if there is one. */
  stepDifference(direction: 1 | -1): void {
    const round = nextDifferenceRound(this.#rounds, this.run.cursor, direction);
    if (round === undefined)
      return this.#report(direction === 1 ? 'no difference after this round' : 'no difference before this round');
    const d = this.#differences.find((x) => x.run === round)!;
    this.#moveTo(d.run, d.golden);
  }

  /** Side by side, or one above the other on the same width. */
  toggleLayout(): void {
    this.#layout = this.#layout === CompareLayout.sideBySide ? CompareLayout.stacked : CompareLayout.sideBySide;
    this.#applyLayout();
    this.#report();
  }

  dispose(): void {
    this.run.dispose();
    this.golden.dispose();
    this.root.remove();
  }

  #bar(): HTMLElement {
    const button = (action: string, text: string, title: string, fn: () => void) => {
      const b = h('button', { class: 'pbc-btn', text, title, attrs: { type: 'button', 'data-action': action } });
      b.addEventListener('click', fn);
      return b;
    };
    const none = this.#differences.length === 0;
    const buttons = [
      button('firstDifference', 'First difference', 'Move the cursor to the first round where they differ', () =>
        this.firstDifference(),
      ),
      button('previousDifference', 'Previous difference', 'The round of the difference before the cursor', () =>
        this.stepDifference(-1),
      ),
      button('nextDifference', 'Next difference', 'The round of the difference after the cursor', () =>
        this.stepDifference(1),
      ),
    ];
    for (const b of buttons) b.disabled = none;
    const layout = button('toggleLayout', '', 'Show the two timelines side by side or one above the other', () =>
      this.toggleLayout(),
    );
    const summary = none
      ? 'The run matches its golden timeline'
      : `${countOf(this.#differences.length, 'record')} ${this.#differences.length === 1 ? 'differs' : 'differ'}, in ${countOf(this.#rounds.length, 'round')}`;
    return h(
      'div',
      { class: 'pbc-bar', attrs: { role: 'toolbar', 'aria-label': 'Compare with golden' } },
      h('span', { class: 'pbc-summary', text: summary }),
      ...buttons,
      layout,
    );
  }

  #fillList(): void {
    const shown = this.#differences.slice(0, 200);
    for (const [i, d] of shown.entries()) {
      const b = h('button', {
        class: 'pbc-item',
        text: `${this.#roundName(d.run)}: ${d.what}`,
        attrs: { type: 'button', 'data-difference': String(i) },
      });
      b.addEventListener('click', () => this.#moveTo(d.run, d.golden));
      this.#list.append(h('li', {}, b));
    }
    this.#list.hidden = shown.length === 0;
  }

  #applyLayout(): void {
    this.root.dataset.layout = this.#layout;
    this.#layoutButton.textContent = this.#layout === CompareLayout.sideBySide ? 'Above each other' : 'Side by side';
  }

  /** A view moved: it applies what was asked, and the other side follows to the same run round. */
  #follow(intent: TimelineIntent, view: TimelineViewApi, side: 'run' | 'golden'): void {
    view.applyIntent(intent);
    const other = side === 'run' ? this.golden : this.run;
    other.setCursor(view.cursor);
    this.#report();
  }

  #moveTo(run: number, golden = run): void {
    this.run.setCursor(run);
    this.golden.setCursor(golden);
    this.#report();
  }

  #report(note?: string): void {
    const state = this.state;
    this.#status.textContent = note ? `${state.text} (${note})` : state.text;
    this.root.dataset.cursor = String(state.cursor);
    for (const b of this.#list.querySelectorAll<HTMLButtonElement>('button')) {
      const d = this.#differences[Number(b.dataset.difference)];
      b.setAttribute('aria-current', String(d?.run === state.cursor));
    }
    this.#options.onState?.(state);
  }

  #roundName(call: number): string {
    const m = this.run.model;
    const rec = m.calls[call];
    if (!rec) return 'before the first round';
    return roundText(rec, runRoundOf(m.calls, call), runRoundOf(m.calls, m.callCount - 1));
  }

  #text(at: number): string {
    const where = this.#roundName(this.run.cursor);
    if (this.#differences.length === 0) return `${where}: the run matches its golden timeline`;
    if (at < 0) return `${where}: no difference at this round`;
    const here = this.#differences.filter((d) => d.run === this.run.cursor);
    const first = at === 0 && here[0] === this.#differences[0] ? 'first difference, ' : '';
    const fields = here
      .flatMap((d) => d.fields)
      .slice(0, 4)
      .map((f) => `${f.path}: golden ${short(f.expected)}, run ${short(f.actual)}`);
    return `${where}: ${first}${here.map((d) => d.what).join('; ')}${fields.length ? ` (${fields.join('; ')})` : ''}`;
  }
}

function short(v: unknown): string {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const COMPARE_CSS_MARK = 'data-plugbench-compare';

function injectCompareCss(doc: Document, nonce: string | undefined): void {
  if (doc.querySelector(`style[${COMPARE_CSS_MARK}]`)) return;
  const style = doc.createElement('style');
  style.setAttribute(COMPARE_CSS_MARK, '');
  if (nonce) style.nonce = nonce;
  style.textContent = COMPARE_CSS;
  doc.head.append(style);
}
