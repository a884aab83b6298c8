/**
 * The toolbar (step, step back, run to the next event or phase change, run to end, reset, the slider over calls,
 * the axis toggle, zoom) and the shortcut help (the legend is ./legend). Buttons only report what was pressed; the view turns that into intents.
 *
 * @module
 */
import { runRoundText } from '@plugbench/sdk/timeline';
import { h, icon } from './dom';
import { ACTION_HELP, SHORTCUTS, type KeyAction } from './keyboard';
import type { TimelineAxis } from './types';

/** What the controls report. */
export interface ControlEvents {
  action(a: KeyAction): void;
  seek(call: number): void;
  setAxis(axis: TimelineAxis): void;
}

const ICONS = {
  reset: 'M3 3h2v10H3zM13 3v10L6 8z',
  back: 'M11 3v10L4 8zM12 3h2v10h-2z',
  step: 'M5 3v10l7-5zM2 3h2v10H2z',
  nextEvent: 'M2 3v10l6-5zM8 3v10l6-5z',
  nextPhase: 'M2 3v10l6-5zM9 3h2v10H9zM12 3h2v10h-2z',
  end: 'M2 3v10l6-5zM8 3v10l5-5zM13 3h2v10h-2z',
  zoomIn: 'M7 3h2v4h4v2H9v4H7V9H3V7h4z',
  zoomOut: 'M3 7h10v2H3z',
  fit: 'M2 2h4v2H4v2H2zM10 2h4v4h-2V4h-2zM2 10h2v2h2v2H2zM12 10h2v4h-4v-2h2z',
};

/** Toolbar and help. */
export class Controls {
  readonly toolbar: HTMLDivElement;
  readonly help: HTMLDivElement;
  readonly #slider: HTMLInputElement;
  readonly #stepLabel: HTMLSpanElement;
  readonly #status: HTMLSpanElement;
  readonly #buttons: Record<string, HTMLButtonElement> = {};
  readonly #axisButtons: Record<TimelineAxis, HTMLButtonElement>;
  readonly #title: HTMLSpanElement;

  readonly #events: ControlEvents;
  constructor(title: string | undefined, events: ControlEvents) {
    this.#events = events;
    const btn = (key: string, label: string, tip: string, d: string, action: KeyAction, primary = false) => {
      const b = h(
        'button',
        {
          class: `pb-btn${primary ? ' pb-primary' : ''}`,
          title: tip,
          attrs: { type: 'button', 'aria-label': tip, 'data-action': action },
        },
        icon(d),
        h('span', { text: label }),
      );
      b.addEventListener('click', () => this.#events.action(action));
      this.#buttons[key] = b;
      return b;
    };
    const keyOf = (a: KeyAction) => SHORTCUTS.find((s) => s.action === a)?.label ?? '';
    this.#slider = h('input', {
      class: 'pb-slider',
      attrs: {
        type: 'range',
        min: '-1',
        max: '0',
        step: '1',
        value: '-1',
        'aria-label': 'Move the cursor through the recorded rounds',
      },
    });
    this.#slider.addEventListener('input', () => this.#events.seek(Number(this.#slider.value)));
    this.#stepLabel = h('span', { class: 'pb-step', attrs: { 'aria-live': 'polite' } });
    this.#status = h('span', { class: 'pb-status', attrs: { role: 'status' } });
    const axis = (a: TimelineAxis, label: string) => {
      const b = h('button', {
        class: 'pb-btn',
        text: label,
        title: `x axis: ${a === 'rounds' ? 'rounds in order' : 'virtual time'} (t)`,
        attrs: { type: 'button', 'aria-pressed': 'false' },
      });
      b.addEventListener('click', () => this.#events.setAxis(a));
      return b;
    };
    this.#axisButtons = { rounds: axis('rounds', 'Rounds'), time: axis('time', 'Time') };
    const helpBtn = h('button', {
      class: 'pb-btn',
      text: '?',
      title: 'Keyboard shortcuts (?)',
      attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts' },
    });
    helpBtn.addEventListener('click', () => this.toggleHelp());
    // Always in the toolbar (hidden while empty), so that a host can set a title later.
    this.#title = h('span', { class: 'pb-title' });
    this.setTitle(title ?? '');

    this.toolbar = h(
      'div',
      { class: 'pb-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Timeline controls' } },
      this.#title,
      h(
        'span',
        { class: 'pb-group' },
        btn(
          'reset',
          'Reset',
          `Start the run again from before its first round (${keyOf('reset')})`,
          ICONS.reset,
          'reset',
        ),
        btn('back', 'Back', `Back one recorded round; nothing runs (${keyOf('stepBack')})`, ICONS.back, 'stepBack'),
        btn('step', 'Step', `One round forward (${keyOf('step')})`, ICONS.step, 'step', true),
        btn(
          'nextEvent',
          'Next event',
          `Run to the next round that sends an event (${keyOf('nextEvent')})`,
          ICONS.nextEvent,
          'nextEvent',
        ),
        btn(
          'nextPhase',
          'Next phase',
          `Run to the next phase change (${keyOf('nextPhaseChange')})`,
          ICONS.nextPhase,
          'nextPhaseChange',
        ),
        btn('end', 'To end', `Run to the end, or to the next breakpoint (${keyOf('runToEnd')})`, ICONS.end, 'runToEnd'),
      ),
      this.#slider,
      this.#stepLabel,
      h(
        'span',
        { class: 'pb-group', attrs: { role: 'group', 'aria-label': 'x axis' } },
        this.#axisButtons.rounds,
        this.#axisButtons.time,
      ),
      h(
        'span',
        { class: 'pb-group' },
        btn('zoomOut', '', 'Zoom out (-)', ICONS.zoomOut, 'zoomOut'),
        btn('zoomIn', '', 'Zoom in (+; Ctrl+wheel)', ICONS.zoomIn, 'zoomIn'),
        btn('fit', '', 'Fit the whole run (0)', ICONS.fit, 'zoomFit'),
        // With the zoom buttons, so that it never wraps onto a line of its own.
        helpBtn,
      ),
      this.#status,
    );

    const rows = SHORTCUTS.map((s) =>
      h('tr', {}, h('td', {}, h('kbd', { text: s.label })), h('td', { text: ACTION_HELP[s.action] })),
    );
    this.help = h(
      'div',
      { class: 'pb-help', attrs: { role: 'dialog', 'aria-label': 'Keyboard shortcuts' } },
      h('table', {}, h('tbody', {}, ...rows)),
      h('div', {
        class: 'pb-sub',
        text: 'Click a lane to select its call · click the dot left of a task to break on it · click a phase above to break on it · Ctrl+wheel zooms, Shift+wheel pans.',
      }),
    );
    this.help.hidden = true;
  }

  setTitle(text: string): void {
    this.#title.textContent = text;
    this.#title.title = text;
    this.#title.hidden = text === '';
  }

  toggleHelp(): void {
    this.help.hidden = !this.help.hidden;
  }

  /**
   * `live`: the host can run more rounds (a paused live run), so the forward buttons stay enabled past the last
   * recorded call and where no recorded call matches: the host answers them by running.
   */
  update(s: {
    cursor: number;
    calls: number;
    /** The cursor's run round (0 before the first) and the run rounds recorded; default: one per call. */
    runRound?: number;
    runRounds?: number;
    axis: TimelineAxis;
    hasNextEvent: boolean;
    hasNextPhase: boolean;
    live: boolean;
  }): void {
    this.#slider.max = String(Math.max(0, s.calls - 1));
    this.#slider.value = String(s.cursor);
    this.#slider.disabled = s.calls === 0;
    const runRound = s.runRound ?? s.cursor + 1;
    this.#stepLabel.textContent =
      s.calls === 0
        ? 'no rounds yet'
        : runRound === 0
          ? `before ${runRoundText(1)}`
          : runRoundText(runRound, s.runRounds ?? s.calls);
    const atEnd = s.cursor >= s.calls - 1 && !s.live;
    this.#buttons.reset!.disabled = s.cursor < 0;
    this.#buttons.back!.disabled = s.cursor < 0;
    this.#buttons.step!.disabled = atEnd;
    this.#buttons.end!.disabled = atEnd;
    this.#buttons.nextEvent!.disabled = !s.hasNextEvent && !s.live;
    this.#buttons.nextPhase!.disabled = !s.hasNextPhase && !s.live;
    for (const a of ['rounds', 'time'] as const)
      this.#axisButtons[a].setAttribute('aria-pressed', String(s.axis === a));
  }

  setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.#status.textContent = text;
    this.#status.setAttribute('data-kind', kind);
  }
}
